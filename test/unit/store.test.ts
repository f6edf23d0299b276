import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

describe('stored items', () => {
  it('read nothing until asked: a page that imports them all reads only what it shows', async () => {
    const civiCrm = { data: { origin: 'https://civi.example.org', flavour: 'api4', contacts: [], unreadable: [] }, fetchedAt: 1 };
    await fakeBrowser.storage.local.set({ 'civiCrm.data': civiCrm });
    const get = vi.spyOn(fakeBrowser.storage.local, 'get');
    vi.resetModules();
    const { cachedCiviCrm, peopleLinks } = await import('@/lib/store');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(get).not.toHaveBeenCalled();
    expect(await peopleLinks.getValue()).toEqual([]);
    // The value, and its metadata for the version it was stored as.
    expect(get.mock.calls.flat().flat().sort()).toEqual(['people.links', 'people.links$']);
    expect(await cachedCiviCrm.getValue()).toEqual(civiCrm);
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

describe('stored items of another version', () => {
  it('are migrated as they are read, and stored again with the version they now have', async () => {
    const { defineItem } = await import('@/lib/store');
    const pairs = defineItem<{ a: number; b: number }[]>('local:test.pairs', {
      fallback: [],
      version: 2,
      migrations: { 2: (old: [number, number][]) => old.map(([a, b]) => ({ a, b })) },
    });
    await fakeBrowser.storage.local.set({ 'test.pairs': [[1, 2]] });
    expect(await pairs.getValue()).toEqual([{ a: 1, b: 2 }]);
    expect(await fakeBrowser.storage.local.get(['test.pairs', 'test.pairs$'])).toEqual({ 'test.pairs': [{ a: 1, b: 2 }], 'test.pairs$': { v: 2 } });
    await pairs.setValue([]);
    expect(await fakeBrowser.storage.local.get('test.pairs$')).toEqual({ 'test.pairs$': { v: 2 } });
  });

  it('that cannot be read are kept aside, reported and logged once, and the item starts afresh', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { keptAsideReports, peopleLinks } = await import('@/lib/store');
    const unreadable = [{ a: { source: 'threeRings', id: 7 }, b: { source: 'nowhere', id: 9 }, linked: true }];
    await fakeBrowser.storage.local.set({ 'people.links': unreadable });

    expect(await peopleLinks.getValue()).toEqual([]);
    expect(await peopleLinks.getValue()).toEqual([]);
    expect(await fakeBrowser.storage.local.get(['people.links', 'keptAside.people.links'])).toEqual({ 'keptAside.people.links': unreadable });
    const [report, ...others] = await keptAsideReports.getValue();
    expect(others).toEqual([]);
    expect(report).toMatchObject({ key: 'local:people.links', copyKey: 'local:keptAside.people.links', storedVersion: 1 });
    expect(report!.reason).toMatch(/at 0\.b\.source/);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain('local:people.links');
  });

  it('stored by a later Descant are kept aside, not read as if they were of this version', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { keptAsideReports, pausedSites } = await import('@/lib/store');
    await fakeBrowser.storage.local.set({ 'settings.pausedSites': ['https://choir.example.org'], 'settings.pausedSites$': { v: 4 } });
    expect(await pausedSites.getValue()).toEqual([]);
    expect(await fakeBrowser.storage.local.get(['keptAside.settings.pausedSites', 'keptAside.settings.pausedSites$'])).toEqual({
      'keptAside.settings.pausedSites': ['https://choir.example.org'],
      'keptAside.settings.pausedSites$': { v: 4 },
    });
    expect((await keptAsideReports.getValue())[0]?.reason).toContain('version 4 by a later Descant');
  });

  it('a secret that cannot be read is kept aside with the secrets: only the report, never the secret, is in extension storage', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { set, get, createStore } = await import('idb-keyval');
    const { SECRET_STORE } = await import('@/lib/secret-store');
    const { keptAsideReports, onSongDevice } = await import('@/lib/store');
    const secrets = createStore(SECRET_STORE.database, SECRET_STORE.store);
    const unreadable = { origin: 'http://192.168.1.20:8080', token: 'paired-token-that-must-stay-here' };
    await set('onSong.device', unreadable, secrets);

    expect(await onSongDevice.getValue()).toBeNull();
    expect(await get('keptAside.onSong.device', secrets)).toEqual(unreadable);
    expect((await keptAsideReports.getValue()).map(({ key, copyKey }) => [key, copyKey])).toEqual([['secret:onSong.device', 'secret:keptAside.onSong.device']]);
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(unreadable.token);
  });
});
