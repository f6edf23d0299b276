import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createStore, set } from 'idb-keyval';
import earlier from '../fixtures/stored/0.1.0.json';
import { SECRET_STORE } from '@/lib/secret-store';
import { STORED_ITEMS, cachedShifts, keptAsideReports, readChoirProfile, resolveOnSongDevice, upgradeStoredItems } from '@/lib/store';

const withoutArea = (key: string) => key.slice(key.indexOf(':') + 1);
const isValueKey = (key: string) => !key.endsWith('$');

/** Everything 0.1.0 kept, put back where it kept it. */
async function storeEarlierShapes(): Promise<void> {
  await fakeBrowser.storage.local.set(earlier.local);
  await fakeBrowser.storage.session.set(earlier.session);
  const secrets = createStore(SECRET_STORE.database, SECRET_STORE.store);
  for (const [key, value] of Object.entries(earlier.secrets)) await set(key, value, secrets);
}

describe('an update from 0.1.0', () => {
  it('has a fixture for every item this build stores, and an item for every fixture', () => {
    expect(STORED_ITEMS.local.map((item) => withoutArea(item.key)).sort()).toEqual(
      [...Object.keys(earlier.local).filter(isValueKey), 'storage.keptAside'].sort(),
    );
    expect(STORED_ITEMS.session.map((item) => withoutArea(item.key)).sort()).toEqual(['badges.harmonySite', ...Object.keys(earlier.session)].sort());
    expect(STORED_ITEMS.secrets.map((item) => item.key).sort()).toEqual(Object.keys(earlier.secrets).sort());
  });

  it('reads every earlier value unchanged: settings, profile, Who is who, tokens, pairing and caches', async () => {
    const warn = vi.spyOn(console, 'warn');
    await storeEarlierShapes();
    await upgradeStoredItems();

    const local = earlier.local as Record<string, unknown>;
    for (const item of STORED_ITEMS.local) {
      expect([item.key, await item.getValue()]).toEqual([item.key, local[withoutArea(item.key)] ?? item.fallback]);
    }
    const session = earlier.session as Record<string, unknown>;
    for (const item of STORED_ITEMS.session) {
      expect([item.key, await item.getValue()]).toEqual([item.key, session[withoutArea(item.key)] ?? null]);
    }
    const secrets = earlier.secrets as Record<string, unknown>;
    for (const item of STORED_ITEMS.secrets) expect([item.key, await item.getValue()]).toEqual([item.key, secrets[item.key]]);

    expect(await cachedShifts.getMeta()).toEqual({ checkedAt: 1796000900000 });
    expect(await keptAsideReports.getValue()).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('keeps the pairing and the profile token working together as before', async () => {
    await storeEarlierShapes();
    await upgradeStoredItems();
    expect((await readChoirProfile()).onSong).toEqual({ url: 'http://192.168.1.20:8080', token: earlier.secrets['onSong.profileToken'].token });
    expect(await resolveOnSongDevice()).toEqual({ origin: 'http://192.168.1.20:8080', token: earlier.secrets['onSong.profileToken'].token, fromProfile: true });
  });

  it('writes nothing back when every value is already of this version', async () => {
    await storeEarlierShapes();
    const setLocal = vi.spyOn(fakeBrowser.storage.local, 'set');
    await upgradeStoredItems();
    expect(setLocal).not.toHaveBeenCalled();
  });
});
