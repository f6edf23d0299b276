import { describe, expect, it } from 'vitest';
import { civiCrmKeysFor, forgetSecretsOfOldAddresses, onSongApiKeyFor } from '@/lib/secrets';
import { choirProfile, civiCrmKeys, forgottenSecrets, harmonySiteApiToken, onSongApiKey, onSongDevice, onSongProfileToken, readChoirProfile, resolveOnSongDevice, saveChoirProfile } from '@/lib/store';

const HS = 'https://stcecilia.harmonysite.test';
const CRM = 'https://crm.stcecilia.test';
const IPAD = 'http://192.168.1.20:5076';
const keys = { origin: CRM, apiKey: 'key-123', siteKey: 'site-456' };

async function setUp(): Promise<void> {
  await choirProfile.setValue({ harmonySite: { url: HS }, civiCrm: { url: CRM } });
  await civiCrmKeys.setValue(keys);
  await harmonySiteApiToken.setValue({ origin: HS, token: 'hs-token' });
  await onSongDevice.setValue({ origin: IPAD, token: 'pairing', pairedAt: 1 });
  await onSongApiKey.setValue({ origin: IPAD, key: 'song-key' });
}

describe('secrets bound to their origin', () => {
  it('sends the CiviCRM keys only to the CiviCRM they were given for', () => {
    expect(civiCrmKeysFor(keys, CRM)).toEqual({ apiKey: 'key-123', siteKey: 'site-456' });
    expect(civiCrmKeysFor(keys, `${CRM}/`)).toEqual({ apiKey: 'key-123', siteKey: 'site-456' });
    expect(civiCrmKeysFor(keys, 'https://www.3r.org.uk')).toBeUndefined();
    expect(civiCrmKeysFor(null, CRM)).toBeUndefined();
    expect(civiCrmKeysFor({ ...keys, apiKey: ' ' }, CRM)).toBeUndefined();
  });

  it('forgets nothing while the addresses stay', async () => {
    await setUp();
    expect(await forgetSecretsOfOldAddresses()).toEqual([]);
    expect(await civiCrmKeys.getValue()).toEqual(keys);
    expect(await onSongApiKeyFor(IPAD)).toBe('song-key');
  });

  it('forgets the keys and the token of an address the profile no longer names, and says so', async () => {
    await setUp();
    await choirProfile.setValue({ harmonySite: { url: 'https://new.harmonysite.test' }, civiCrm: { url: 'https://crm.new.test' } });
    const forgotten = await forgetSecretsOfOldAddresses(() => 5);
    expect(forgotten.map(({ secret, origin }) => [secret, origin])).toEqual([
      ['harmonySiteToken', HS],
      ['civiCrmKeys', CRM],
    ]);
    expect(await harmonySiteApiToken.getValue()).toBeNull();
    expect(await civiCrmKeys.getValue()).toBeNull();
    expect(await forgottenSecrets.getValue()).toEqual(forgotten);
    // Only once: nothing left to forget.
    expect(await forgetSecretsOfOldAddresses()).toEqual([]);
  });

  it('forgets the OnSong pairing and key when the profile names another iPad, and the key when another is paired', async () => {
    await setUp();
    await choirProfile.setValue({ onSong: { url: 'http://192.168.1.30:5076' } });
    const forgotten = await forgetSecretsOfOldAddresses();
    expect(forgotten.map(({ secret }) => secret)).toEqual(['harmonySiteToken', 'civiCrmKeys', 'onSongPairing', 'onSongApiKey']);
    expect(await onSongDevice.getValue()).toBeNull();

    await setUp();
    await onSongDevice.setValue({ origin: 'http://192.168.1.40', token: 'other', pairedAt: 2 });
    expect((await forgetSecretsOfOldAddresses()).map(({ secret }) => secret)).toEqual(['onSongApiKey']);
    expect(await onSongApiKeyFor(IPAD)).toBeUndefined();
  });

  it('keeps the OnSong key when the iPad is only unpaired, and never sends it to another', async () => {
    await setUp();
    await onSongDevice.setValue(null);
    expect(await forgetSecretsOfOldAddresses()).toEqual([]);
    expect(await onSongApiKeyFor(IPAD)).toBe('song-key');
    expect(await onSongApiKeyFor('http://192.168.1.40')).toBeUndefined();
  });

  it("keeps a profile's OnSong token with the secrets, for its iPad only", async () => {
    const token = 'a'.repeat(32);
    await saveChoirProfile({ choir: 'St Cecilia', onSong: { url: IPAD, token } });
    expect(await choirProfile.getValue()).toEqual({ choir: 'St Cecilia', onSong: { url: IPAD } });
    expect(await readChoirProfile()).toEqual({ choir: 'St Cecilia', onSong: { url: IPAD, token } });
    expect(await resolveOnSongDevice()).toEqual({ origin: IPAD, token, fromProfile: true });
    // Saved again without it (an address edited elsewhere): kept for the same iPad.
    await saveChoirProfile({ choir: 'St Cecilia', onSong: { url: IPAD } });
    expect((await readChoirProfile()).onSong?.token).toBe(token);
    // Another iPad: forgotten, and never offered for it.
    await saveChoirProfile({ onSong: { url: 'http://192.168.1.30:5076' } });
    expect((await readChoirProfile()).onSong?.token).toBeUndefined();
    expect((await forgetSecretsOfOldAddresses()).map(({ secret, origin }) => [secret, origin])).toEqual([['onSongPairing', IPAD]]);
    expect(await onSongProfileToken.getValue()).toBeNull();
  });
});
