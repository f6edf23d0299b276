import type { BadgeData, PersonSummary } from '../model';
import type { PageFeatureId, PageSite } from '../features/registry';

/**
 * A feature drawn on a site's pages: one module each (as refined-github's features are), with
 * its id in the registry (lib/features/registry.ts, which says where it runs and its default),
 * the pages it runs on, and how it starts. Starting returns its teardown, which must remove
 * everything it drew and stop everything it watches: a feature switched off in Settings goes
 * from open pages at once, without a reload.
 */
export interface PageFeature {
  id: PageFeatureId;
  /** Which of its site's pages it runs on; all of them when absent. */
  include?(location: Location): boolean;
  start(page: FeaturePage): () => void;
}

/** What a feature is given on the page it starts on. */
export interface FeaturePage {
  /** DOM helpers take a window, so tests can pass one. */
  window: Window;
  site: PageSite;
  /** This site's badge data from the background, shared by the page's features. */
  badges: BadgeSource;
}

export interface BadgeSource {
  /** Everything this site's badges show: asked for once per page, and again after a change. */
  data(): Promise<BadgeData>;
  /** One person's card, when the member opens it. */
  card(id: number): Promise<PersonSummary | null>;
  /** Calls back when what the badges show may have changed; returns the way to stop. */
  onChange(callback: () => void): () => void;
}

export const definePageFeature = (feature: PageFeature): PageFeature => feature;
