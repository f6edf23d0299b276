import { startPeopleOverlay } from '../overlay/people-overlay';
import { definePageFeature } from './define';

/** On the choir's HarmonySite: each member's next Three Rings shift, next to their name. */
export const harmonySiteBadges = definePageFeature({
  id: 'harmonySiteBadges',
  start: (page) => startPeopleOverlay({ ...page, draw: 'people' }).stop,
});
