import { pageFeaturesOn, type PageFeatureId, type PageSite } from '../features/registry';
import { sameOrigin } from '../net/origin';
import { badgeAnswers, featureSwitches, pausedSites } from '../store';
import { THREE_RINGS_ORIGIN } from '../three-rings/origin';
import { sameStored } from '../stored-equal';
import type { PeopleLookup } from './people-lookup';
import type { BadgeData } from '../model';

/**
 * Writes each site's badge answer where its content script reads it without waking the
 * background (see badgeAnswers in lib/store.ts): the first page after the browser stopped the
 * background then draws its badges as fast as any other. Written only when it changed.
 */
export async function publishBadgeAnswers(people: PeopleLookup, harmonySiteOrigin: string | undefined, now = Date.now()): Promise<void> {
  await Promise.all([
    publish('threeRings', THREE_RINGS_ORIGIN, people, now),
    harmonySiteOrigin ? publish('harmonySite', harmonySiteOrigin, people, now) : badgeAnswers.harmonySite.setValue(null),
  ]);
}

/**
 * Drops the kept answers when what they were made from changes, until they are worked out again:
 * a page opened meanwhile asks the background rather than draw what is known to be old.
 */
export async function forgetBadgeAnswers(): Promise<void> {
  await Promise.all([badgeAnswers.threeRings.removeValue(), badgeAnswers.harmonySite.removeValue()]);
}

/**
 * What a site's badges show now, or null when the answer kept at `keptAt` still holds. Compared
 * here, not on the page: a long page's answer is large, and its page is busy.
 */
export async function badgeDataSince(people: PeopleLookup, site: PageSite, keptAt: number): Promise<BadgeData | null> {
  const [data, kept] = await Promise.all([people.badgeData(site), badgeAnswers[site].getValue()]);
  return kept?.at === keptAt && sameStored(kept.data, data) ? null : data;
}

/** Which of a site's page features are on at `origin`, and whether the member paused Descant there. */
export async function siteFeatures(site: PageSite, origin: string | undefined): Promise<{ features: PageFeatureId[]; paused: boolean }> {
  const [switches, paused] = await Promise.all([featureSwitches.getValue(), pausedSites.getValue()]);
  const isPaused = paused.some((pausedOrigin) => sameOrigin(pausedOrigin, origin));
  return { features: pageFeaturesOn(switches, site, isPaused), paused: isPaused };
}

async function publish(site: PageSite, origin: string, people: PeopleLookup, now: number): Promise<void> {
  const [data, kept, features] = await Promise.all([people.badgeData(site), badgeAnswers[site].getValue(), siteFeatures(site, origin)]);
  const answer = { origin, ...features, data };
  if (kept && sameStored({ ...kept, at: undefined }, answer)) return;
  await badgeAnswers[site].setValue({ ...answer, at: now });
}
