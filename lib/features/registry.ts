import type { MessageKey } from '../i18n';

/**
 * Every feature a member can switch off, in the order Settings lists them. Settings, the
 * popup, the background and the page scripts all read this one list; the page features'
 * code is in lib/page-features/, each module starting and tearing down one of these.
 */
export const FEATURES = [
  { id: 'threeRingsBadges', runsOn: 'threeRings', onByDefault: true },
  { id: 'rotaMarkers', runsOn: 'threeRings', onByDefault: true },
  { id: 'harmonySiteBadges', runsOn: 'harmonySite', onByDefault: true },
  { id: 'nowPlaying', runsOn: 'popup', onByDefault: true },
  // Off until the member turns it on: it needs a permission, asked for from that click.
  { id: 'reminders', runsOn: 'background', onByDefault: false },
  { id: 'toolbarCount', runsOn: 'toolbar', onByDefault: true },
] as const satisfies readonly FeatureInfo[];

export interface FeatureInfo {
  id: string;
  /** A site's pages (page features), or a part of the extension itself. */
  runsOn: PageSite | 'popup' | 'background' | 'toolbar';
  onByDefault: boolean;
}

export type PageSite = 'threeRings' | 'harmonySite';
export type FeatureId = (typeof FEATURES)[number]['id'];
export type PageFeatureId = Extract<(typeof FEATURES)[number], { runsOn: PageSite }>['id'];

/** What the member switched; a feature never switched is at its default. */
export type FeatureSwitches = Partial<Record<FeatureId, boolean>>;

export function isFeatureOn(switches: FeatureSwitches, id: FeatureId): boolean {
  return switches[id] ?? FEATURES.find((feature) => feature.id === id)!.onByDefault;
}

/** The page features on for a site's pages; none where the member paused Descant. */
export function pageFeaturesOn(switches: FeatureSwitches, site: PageSite, paused: boolean): PageFeatureId[] {
  if (paused) return [];
  return FEATURES.filter((feature): feature is Extract<(typeof FEATURES)[number], { runsOn: PageSite }> => feature.runsOn === site)
    .map((feature) => feature.id)
    .filter((id) => isFeatureOn(switches, id));
}

/** Its name and one line on what it does, in Settings. */
export function featureText(id: FeatureId): { name: MessageKey; hint: MessageKey } {
  return FEATURE_TEXT[id];
}

const FEATURE_TEXT = {
  threeRingsBadges: { name: 'featureThreeRingsBadges', hint: 'featureThreeRingsBadgesHint' },
  rotaMarkers: { name: 'featureRotaMarkers', hint: 'featureRotaMarkersHint' },
  harmonySiteBadges: { name: 'featureHarmonySiteBadges', hint: 'featureHarmonySiteBadgesHint' },
  nowPlaying: { name: 'featureNowPlaying', hint: 'featureNowPlayingHint' },
  reminders: { name: 'featureReminders', hint: 'featureRemindersHint' },
  toolbarCount: { name: 'featureToolbarCount', hint: 'featureToolbarCountHint' },
} as const satisfies Record<FeatureId, { name: MessageKey; hint: MessageKey }>;
