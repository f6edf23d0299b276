import browser from 'webextension-polyfill';
import type { BadgeData } from './model';
import type { PageFeatureId, PageSite } from './features/registry';
import { sameOrigin } from './net/origin';

/**
 * Each site's badge answer, as the background last worked it out (lib/background/badge-answers.ts),
 * kept in `storage.session`: the one area content scripts may read, and nothing but these
 * answers is kept there. Only what the badges show: never a card's details, never a secret.
 */
export interface BadgeAnswer {
  /** The site it is for: a HarmonySite answer is only for that address. */
  origin: string;
  /** Which of the site's page features are on, and whether the member paused Descant there. */
  features: PageFeatureId[];
  paused: boolean;
  data: BadgeData;
  at: number;
}

export const badgeAnswerKey = (site: PageSite) => `badges.${site}`;

/**
 * The kept answer for this site, read by its content script without waking the background;
 * undefined when there is none for this address, or the browser keeps the area from us.
 * A next shift that has started since is left out rather than shown as still to come.
 */
export async function readBadgeAnswer(site: PageSite, origin: string, now = Date.now()): Promise<BadgeAnswer | undefined> {
  let answer: BadgeAnswer | undefined;
  try {
    const key = badgeAnswerKey(site);
    answer = (await browser.storage.session.get(key))[key] as BadgeAnswer | undefined;
  } catch {
    return undefined;
  }
  if (!answer || !sameOrigin(answer.origin, origin)) return undefined;
  return { ...answer, data: withoutPastShifts(answer.data, now) };
}

function withoutPastShifts(data: BadgeData, now: number): BadgeData {
  const people = Object.fromEntries(
    Object.entries(data.people).map(([id, person]) => {
      if (!person.nextShift || Date.parse(person.nextShift.start) > now) return [id, person];
      const { nextShift: _past, ...rest } = person;
      return [id, rest];
    }),
  );
  return { ...data, people };
}
