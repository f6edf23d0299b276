import { startPeopleOverlay } from '../overlay/people-overlay';
import { definePageFeature } from './define';

/** On Three Rings: who each person is in the choir, next to their name. */
export const threeRingsBadges = definePageFeature({
  id: 'threeRingsBadges',
  start: (page) => startPeopleOverlay({ ...page, draw: 'people' }).stop,
});
