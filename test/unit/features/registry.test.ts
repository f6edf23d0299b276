import { describe, expect, it } from 'vitest';
import { FEATURES, isFeatureOn, pageFeaturesOn } from '@/lib/features/registry';
import { PAGE_FEATURES } from '@/lib/page-features';

describe('the feature registry', () => {
  it('has a switch for each feature the issue names, each on by default but reminders, which need a permission', () => {
    expect(FEATURES.map(({ id }) => [id, isFeatureOn({}, id)])).toEqual([
      ['threeRingsBadges', true],
      ['rotaMarkers', true],
      ['harmonySiteBadges', true],
      ['nowPlaying', true],
      ['reminders', false],
      ['toolbarCount', true],
    ]);
  });

  it('takes what the member switched over the default', () => {
    expect(isFeatureOn({ rotaMarkers: false }, 'rotaMarkers')).toBe(false);
    expect(isFeatureOn({ reminders: true }, 'reminders')).toBe(true);
  });

  it("lists a site's page features that are on, and none where Descant is paused", () => {
    expect(pageFeaturesOn({}, 'threeRings', false)).toEqual(['threeRingsBadges', 'rotaMarkers']);
    expect(pageFeaturesOn({ threeRingsBadges: false }, 'threeRings', false)).toEqual(['rotaMarkers']);
    expect(pageFeaturesOn({}, 'harmonySite', false)).toEqual(['harmonySiteBadges']);
    expect(pageFeaturesOn({}, 'threeRings', true)).toEqual([]);
  });

  it('has a module for every page feature, under the site the registry says it runs on', () => {
    const modules = Object.entries(PAGE_FEATURES).flatMap(([site, features]) => features.map((feature) => [feature.id, site]));
    const registered = FEATURES.filter((feature) => feature.runsOn === 'threeRings' || feature.runsOn === 'harmonySite').map((feature) => [feature.id, feature.runsOn]);
    expect(modules.sort()).toEqual(registered.sort());
  });
});
