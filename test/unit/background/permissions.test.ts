import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { dropUnusedPermissions } from '@/lib/background/permissions';
import { buildManifest } from '@/lib/build/manifest';
import { choirProfile, onSongDevice } from '@/lib/store';

const HS = 'https://stcecilia.harmonysite.test';
const CRM = 'https://crm.stcecilia.test';

/** What the browser has granted, and the manifest asked for at install. */
function grant(origins: string[], permissions: string[], required: string[] = ['https://www.3r.org.uk/*', 'storage']) {
  const remove = vi.fn(async () => true);
  Object.assign(fakeBrowser.permissions, { getAll: async () => ({ origins, permissions }), remove });
  vi.spyOn(fakeBrowser.runtime, 'getManifest').mockReturnValue({ manifest_version: 3, name: 'Descant', version: '0.1.0', permissions: required.filter((name) => !name.includes('/')), host_permissions: required.filter((name) => name.includes('/')) } as unknown as ReturnType<typeof fakeBrowser.runtime.getManifest>);
  return remove;
}

describe('dropUnusedPermissions', () => {
  it('gives back the origins of addresses no longer named, and cookies once there is no HarmonySite', async () => {
    await choirProfile.setValue({ civiCrm: { url: CRM } });
    const remove = grant(['https://www.3r.org.uk/*', `${HS}/*`, `${CRM}/*`, 'http://192.168.1.20/*'], ['storage', 'cookies']);
    expect(await dropUnusedPermissions()).toEqual({ origins: [`${HS}/*`, 'http://192.168.1.20/*'], permissions: ['cookies'] });
    expect(remove).toHaveBeenCalledWith({ origins: [`${HS}/*`, 'http://192.168.1.20/*'], permissions: ['cookies'] });
  });

  it('keeps what is in use (the paired iPad, the HarmonySite and its cookies) and what the manifest asked for', async () => {
    await choirProfile.setValue({ harmonySite: { url: HS } });
    await onSongDevice.setValue({ origin: 'http://192.168.1.20:5076', token: 't', pairedAt: 1 });
    const remove = grant(['https://www.3r.org.uk/*', `${HS}/*`, 'http://192.168.1.20/*', `${CRM}/*`], ['storage', 'cookies'], ['https://www.3r.org.uk/*', `${CRM}/*`, 'storage']);
    expect(await dropUnusedPermissions()).toEqual({ origins: [], permissions: [] });
    expect(remove).not.toHaveBeenCalled();
  });
});

describe('the manifest', () => {
  it('asks for cookies at install only when the built-in profile names a HarmonySite, else from the click that adds one', () => {
    const env = { browser: 'chrome', manifestVersion: 3, mode: 'production', command: 'build' } as const;
    const saved = process.env.CHOIR_PROFILE;
    delete process.env.CHOIR_PROFILE;
    try {
      const plain = buildManifest(env);
      expect(plain.permissions).not.toContain('cookies');
      expect(plain.optional_permissions).toEqual(['cookies', 'notifications']);
      process.env.CHOIR_PROFILE = 'test/fixtures/choir-profile.json';
      const built = buildManifest(env);
      expect(built.permissions).toContain('cookies');
      expect(built.optional_permissions).toEqual(['notifications']);
      const firefox = buildManifest({ ...env, browser: 'firefox', manifestVersion: 2 });
      expect(firefox.optional_permissions).toEqual(['https://*/*', 'http://*/*', 'notifications']);
    } finally {
      if (saved === undefined) delete process.env.CHOIR_PROFILE;
      else process.env.CHOIR_PROFILE = saved;
    }
  });
});
