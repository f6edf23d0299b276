import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PageFeatureId } from '@/lib/features/registry';
import type { BadgeSource, PageFeature } from '@/lib/page-features/define';
import { runPageFeatures } from '@/lib/page-features/run';

const badges: BadgeSource = { data: async () => ({ people: {}, shifts: {} }), card: async () => null, onChange: () => () => {} };

/** A feature that draws one marker on the page while it runs, and records its starts and stops. */
function marker(id: PageFeatureId, include?: PageFeature['include']) {
  const log: string[] = [];
  const feature: PageFeature = {
    id,
    include,
    start: ({ window }) => {
      log.push('start');
      const mark = window.document.createElement('i');
      mark.className = id;
      window.document.body.append(mark);
      return () => {
        log.push('stop');
        mark.remove();
      };
    },
  };
  return { feature, log };
}

/** The background's answers, switched by the test; `switched()` is the background's signal. */
function background(initial: PageFeatureId[], paused = false) {
  let on = initial;
  let signal: () => void = () => {};
  return {
    featuresOn: vi.fn(async () => ({ features: on, paused })),
    onSwitch: (callback: () => void) => ((signal = callback), () => (signal = () => {})),
    switchTo(features: PageFeatureId[]) {
      on = features;
      signal();
    },
  };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));
const drawn = () => [...document.body.querySelectorAll('i')].map((mark) => mark.className);

let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  document.body.innerHTML = '';
});

describe('runPageFeatures', () => {
  it('starts the features that are on, tears down one switched off and starts one switched on, without a reload', async () => {
    const badgesFeature = marker('threeRingsBadges');
    const rota = marker('rotaMarkers');
    const site = background(['threeRingsBadges']);
    const run = runPageFeatures({ window, site: 'threeRings', features: [badgesFeature.feature, rota.feature], badges, ...site });
    stop = run.stop;
    expect(await run.paused).toBe(false);
    expect(drawn()).toEqual(['threeRingsBadges']);

    site.switchTo(['rotaMarkers']);
    await settled();
    expect(drawn()).toEqual(['rotaMarkers']);
    expect(badgesFeature.log).toEqual(['start', 'stop']);

    site.switchTo(['rotaMarkers']); // no change: nothing started twice
    await settled();
    expect(rota.log).toEqual(['start']);

    run.stop();
    expect(drawn()).toEqual([]);
    expect(rota.log).toEqual(['start', 'stop']);
  });

  it('starts nothing where the member paused Descant, and says so', async () => {
    const feature = marker('threeRingsBadges');
    const run = runPageFeatures({ window, site: 'threeRings', features: [feature.feature], badges, ...background([], true) });
    stop = run.stop;
    expect(await run.paused).toBe(true);
    expect(feature.log).toEqual([]);
  });

  it('runs a feature only on the pages it includes', async () => {
    const elsewhere = marker('rotaMarkers', (location) => location.pathname.startsWith('/rota'));
    const run = runPageFeatures({ window, site: 'threeRings', features: [elsewhere.feature], badges, ...background(['rotaMarkers']) });
    stop = run.stop;
    await run.paused;
    expect(elsewhere.log).toEqual([]);
  });

  it('keeps the other features running when one fails to start', async () => {
    const broken: PageFeature = {
      id: 'threeRingsBadges',
      start: () => {
        throw new Error('broken');
      },
    };
    const rota = marker('rotaMarkers');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const run = runPageFeatures({ window, site: 'threeRings', features: [broken, rota.feature], badges, ...background(['threeRingsBadges', 'rotaMarkers']) });
    stop = run.stop;
    await run.paused;
    expect(drawn()).toEqual(['rotaMarkers']);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('"threeRingsBadges" feature could not start'), expect.any(Error));
    warn.mockRestore();
  });

  it('lets a newer switch win over an answer that comes late', async () => {
    const feature = marker('threeRingsBadges');
    const answers: ((value: { features: PageFeatureId[]; paused: boolean }) => void)[] = [];
    let signal = () => {};
    const run = runPageFeatures({
      window,
      site: 'threeRings',
      features: [feature.feature],
      badges,
      featuresOn: () => new Promise((resolve) => answers.push(resolve)),
      onSwitch: (callback) => ((signal = callback), () => {}),
    });
    stop = run.stop;
    signal();
    answers[1]!({ features: [], paused: false }); // the newer answer: off
    answers[0]!({ features: ['threeRingsBadges'], paused: false }); // the older one, late: on
    await settled();
    expect(feature.log).toEqual([]);
  });
});
