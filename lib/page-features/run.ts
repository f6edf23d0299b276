import type { PageFeatureId, PageSite } from '../features/registry';
import type { BadgeSource, PageFeature } from './define';

export interface PageFeaturesOptions {
  window: Window;
  site: PageSite;
  /** The site's page features, from its registry list (lib/page-features/index.ts). */
  features: readonly PageFeature[];
  badges: BadgeSource;
  /** Asks the background which features are on for this page. */
  featuresOn(): Promise<{ features: PageFeatureId[]; paused: boolean }>;
  /** Calls back when the member switches a feature or pauses the site; returns the way to stop. */
  onSwitch(callback: () => void): () => void;
}

/**
 * Starts the page's features that are on, and follows the switches: a feature switched off is
 * torn down at once, one switched on starts, all without a reload. One feature failing to
 * start leaves the others running. `paused` says, once known, whether the member paused
 * Descant on this site.
 */
export function runPageFeatures(options: PageFeaturesOptions): { paused: Promise<boolean>; stop(): void } {
  const { window: win, site, features, badges } = options;
  const running = new Map<PageFeatureId, () => void>();
  let stopped = false;
  /** Answers arrive in the order asked: a late one must not undo a newer switch. */
  let turn = 0;

  const follow = async (): Promise<boolean> => {
    const asked = ++turn;
    const { features: on, paused } = await options.featuresOn();
    if (stopped || asked !== turn) return paused;
    for (const [id, teardown] of running) if (!on.includes(id)) stopFeature(id, teardown);
    for (const feature of features) {
      if (on.includes(feature.id) && !running.has(feature.id) && (feature.include?.(win.location) ?? true)) startFeature(feature);
    }
    return paused;
  };

  function startFeature(feature: PageFeature): void {
    try {
      running.set(feature.id, feature.start({ window: win, site, badges }));
    } catch (error) {
      console.warn(`[Descant] the "${feature.id}" feature could not start; the others run on`, error);
    }
  }

  function stopFeature(id: PageFeatureId, teardown: () => void): void {
    running.delete(id);
    try {
      teardown();
    } catch (error) {
      console.warn(`[Descant] the "${id}" feature could not tidy up after itself`, error);
    }
  }

  const paused = follow().catch((error: unknown) => {
    console.warn('[Descant] could not learn which features are on; the page is left as it was', error);
    return true;
  });
  const stopFollowing = options.onSwitch(() => void follow().catch((error: unknown) => console.warn('[Descant] could not follow a feature switch', error)));

  return {
    paused,
    stop() {
      stopped = true;
      stopFollowing();
      for (const [id, teardown] of running) stopFeature(id, teardown);
    },
  };
}
