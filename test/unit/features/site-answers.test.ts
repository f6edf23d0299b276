import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { siteAnswers } from '@/lib/page-features/site-answers';
import type { BadgeData } from '@/lib/model';
import { badgeAnswers } from '@/lib/store';

const kept: BadgeData = { people: { 1: { name: 'Ann Lee', voicePart: 'Alto 2', onOtherSite: true } }, shifts: {} };
const fresh: BadgeData = { people: { 1: { name: 'Ann Lee', voicePart: 'Soprano 1', onOtherSite: true } }, shifts: {} };
const settled = () => new Promise((resolve) => setTimeout(resolve, 10));

function background(reply: BadgeData | null) {
  return vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async () => reply) as never);
}

describe('siteAnswers', () => {
  it('draws first from the answer the background kept, without asking it, and asks once the page has loaded whether it still holds', async () => {
    await badgeAnswers.threeRings.setValue({ origin: window.location.origin, features: ['threeRingsBadges'], paused: false, data: kept, at: 7 });
    const ask = background(fresh);
    const source = siteAnswers('threeRings', window).badges;
    const changed = vi.fn();
    source.onChange(changed);
    expect(await source.data()).toEqual(kept);
    expect(ask).not.toHaveBeenCalled();
    await settled(); // the page (already loaded here) lets the background be asked
    expect(ask).toHaveBeenCalledWith({ type: 'badgeDataSince', site: 'threeRings', keptAt: 7 });
    expect(changed).toHaveBeenCalledOnce();
    expect(await source.data()).toEqual(fresh);
  });

  it('says nothing changed when the background says the kept answer holds', async () => {
    await badgeAnswers.threeRings.setValue({ origin: window.location.origin, features: ['threeRingsBadges'], paused: false, data: kept, at: 0 });
    background(null);
    const source = siteAnswers('threeRings', window).badges;
    const changed = vi.fn();
    source.onChange(changed);
    await source.data();
    await settled();
    expect(changed).not.toHaveBeenCalled();
  });

  it('says which features are on from the kept answer first, and asks the background after a switch', async () => {
    await badgeAnswers.threeRings.setValue({ origin: window.location.origin, features: ['rotaMarkers'], paused: false, data: kept, at: 0 });
    const ask = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async () => ({ features: [], paused: true })) as never);
    const answers = siteAnswers('threeRings', window);
    expect(await answers.featuresOn()).toEqual({ features: ['rotaMarkers'], paused: false });
    expect(ask).not.toHaveBeenCalled();
    expect(await answers.featuresOn()).toEqual({ features: [], paused: true });
    expect(ask).toHaveBeenCalledWith({ type: 'pageFeatures', site: 'threeRings' });
  });

  it('with nothing kept, takes the first data from the features answer, and asks for it only after that', async () => {
    const ask = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async () => ({ features: ['threeRingsBadges'], paused: false, data: kept })) as never);
    const answers = siteAnswers('threeRings', window);
    expect(await answers.featuresOn()).toEqual({ features: ['threeRingsBadges'], paused: false });
    expect(await answers.badges.data()).toEqual(kept);
    expect(ask).toHaveBeenCalledOnce();
    // Asked again after a switch: the data it brings is not the page's first, and replaces nothing.
    ask.mockImplementation((async () => ({ features: ['threeRingsBadges'], paused: false, data: fresh })) as never);
    expect(await answers.featuresOn()).toEqual({ features: ['threeRingsBadges'], paused: false });
    expect(await answers.badges.data()).toEqual(kept);
  });

  it('asks the background when nothing is kept for this site', async () => {
    const ask = background(fresh);
    expect(await siteAnswers('harmonySite', window).badges.data()).toEqual(fresh);
    expect(ask).toHaveBeenCalledWith({ type: 'badgeData', site: 'harmonySite' });
  });
});
