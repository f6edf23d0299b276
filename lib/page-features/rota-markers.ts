import { startPeopleOverlay } from '../overlay/people-overlay';
import { definePageFeature } from './define';

/** On Three Rings: my shifts, places to fill and swaps, marked on each rota shift. */
export const rotaMarkers = definePageFeature({
  id: 'rotaMarkers',
  start: (page) => startPeopleOverlay({ ...page, draw: 'shifts' }).stop,
});
