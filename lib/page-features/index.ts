import type { PageSite } from '../features/registry';
import type { PageFeature } from './define';
import { harmonySiteBadges } from './harmonysite-badges';
import { rotaMarkers } from './rota-markers';
import { threeRingsBadges } from './three-rings-badges';

/** Every page feature, by the site whose pages it runs on (the registry says which is which). */
export const PAGE_FEATURES = {
  threeRings: [threeRingsBadges, rotaMarkers],
  harmonySite: [harmonySiteBadges],
} as const satisfies Record<PageSite, readonly PageFeature[]>;
