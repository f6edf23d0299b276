import type { BadgeData } from '../model';
import type { PageFeatureId, PageSite } from '../features/registry';
import { readBadgeAnswer, type BadgeAnswer } from '../badge-answers';
import { sendMessage, watchPageSignal } from '../messages';
import type { BadgeSource } from './define';

export interface SiteAnswers {
  /** Which of the site's features are on, and whether Descant is paused there. */
  featuresOn(): Promise<{ features: PageFeatureId[]; paused: boolean }>;
  /** Calls back when they may have changed: a switch, or the kept answer checked once the page has loaded. */
  onSwitch(callback: () => void): () => void;
  /** The site's badge data, shared by the page's features. */
  badges: BadgeSource;
}

/**
 * What a site's page asks of the background. The first answers are the ones the background kept
 * for this site (lib/badge-answers.ts), read without waking it: a page opened after the browser
 * stopped the background starts its features and draws its badges as fast as any other. The
 * background is asked once the page has loaded, and again whenever it says something changed;
 * a different answer redraws the badges.
 */
export function siteAnswers(site: PageSite, win: Window): SiteAnswers {
  /** Read once, for the first answers; undefined when nothing was kept for this site. */
  const kept: Promise<BadgeAnswer | undefined> = readBadgeAnswer(site, win.location.origin);
  let keptFeaturesUsed = false;
  let keptDataUsed = false;
  let data: Promise<BadgeData> | undefined;
  const listeners = new Set<() => void>();
  const tell = () => listeners.forEach((listener) => listener());
  const askData = () => sendMessage({ type: 'badgeData', site });

  watchPageSignal('badgeDataChanged', () => {
    data = undefined;
    tell();
  });

  async function firstData(): Promise<BadgeData> {
    keptDataUsed = true;
    const answer = await kept;
    if (!answer) return askData();
    afterLoad(win, () => {
      sendMessage({ type: 'badgeDataSince', site, keptAt: answer.at }).then(
        (fresh) => {
          if (!fresh) return;
          data = Promise.resolve(fresh);
          tell();
        },
        (error: unknown) => console.debug('[Descant] could not bring the badges up to date; they stay as they are', error),
      );
    });
    return answer.data;
  }

  return {
    async featuresOn() {
      const answer = !keptFeaturesUsed && (await kept);
      keptFeaturesUsed = true;
      if (answer) return { features: answer.features, paused: answer.paused };
      const { data: withData, ...features } = await sendMessage({ type: 'pageFeatures', site });
      // The first data, come with the features: the features' ask for it is answered at once.
      if (withData && !keptDataUsed && !data) {
        keptDataUsed = true;
        data = Promise.resolve(withData);
      }
      return features;
    },
    onSwitch(callback) {
      let stopped = false;
      // A switch made just before the page opened may not be in the kept answer yet.
      void kept.then((answer) => answer && afterLoad(win, () => stopped || callback()));
      const stopWatching = watchPageSignal('featuresChanged', callback);
      return () => {
        stopped = true;
        stopWatching();
      };
    },
    badges: {
      data() {
        if (!data) {
          const asked = keptDataUsed ? askData() : firstData();
          data = asked;
          asked.catch(() => data === asked && (data = undefined));
        }
        return data;
      },
      card: (id) => sendMessage({ type: 'personCard', site, id }),
      onChange(callback) {
        listeners.add(callback);
        return () => listeners.delete(callback);
      },
    },
  };
}

/** Waking the background must not compete with the page loading: this waits for its load event. */
export function afterLoad(win: Window, then: () => void): void {
  if (win.document.readyState === 'complete') win.setTimeout(then, 0);
  else win.addEventListener('load', () => then(), { once: true });
}
