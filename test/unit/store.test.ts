import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

describe('stored items', () => {
  it('read nothing until asked: a page that imports them all reads only what it shows', async () => {
    await fakeBrowser.storage.local.set({ 'civiCrm.data': { data: { contacts: [] }, fetchedAt: 1 } });
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    vi.resetModules();
    const { cachedCiviCrm, peopleLinks } = await import('@/lib/store');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(get).not.toHaveBeenCalled();
    expect(await peopleLinks.getValue()).toEqual([]);
    expect(get.mock.calls.flat().flat()).toEqual(['people.links']);
    expect(await cachedCiviCrm.getValue()).toEqual({ data: { contacts: [] }, fetchedAt: 1 });
  });

  it('keep metadata beside the value, and tell watchers of each', async () => {
    const { cachedDirectory } = await import('@/lib/store');
    const seen: unknown[] = [];
    const stops = [cachedDirectory.watch((value) => seen.push(value)), cachedDirectory.watchMeta((meta) => seen.push(meta))];
    await cachedDirectory.setValue({ data: [], fetchedAt: 5 });
    await cachedDirectory.setMeta({ checkedAt: 9 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await cachedDirectory.getMeta()).toEqual({ checkedAt: 9 });
    expect(seen).toEqual([{ data: [], fetchedAt: 5 }, { checkedAt: 9 }]);
    stops.forEach((stop) => stop());
    await cachedDirectory.removeValue();
    expect(await cachedDirectory.getValue()).toBeNull();
  });
});
