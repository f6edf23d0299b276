import { describe, expect, it, vi } from 'vitest';
import { exportProfileText, missingOrigins, profileAddresses, withAddresses } from '@/lib/options/profile-edit';

const token = 't'.repeat(40);

describe('withAddresses', () => {
  it('adds typed addresses, reduced to origins, and keeps the rest of the profile', () => {
    const result = withAddresses({ choir: 'Harbourside' }, { harmonySite: ' https://harbour.example.org/login ', onSong: 'http://ipad.local:5076', civiCrm: '' });
    expect(result).toEqual({
      ok: true,
      profile: { choir: 'Harbourside', harmonySite: { url: 'https://harbour.example.org' }, onSong: { url: 'http://ipad.local:5076' } },
    });
  });

  it('keeps the OnSong token only while the iPad address is unchanged', () => {
    const profile = { onSong: { url: 'http://10.0.0.5', token } };
    expect(withAddresses(profile, { harmonySite: '', onSong: 'http://10.0.0.5/', civiCrm: '' })).toEqual({ ok: true, profile });
    expect(withAddresses(profile, { harmonySite: '', onSong: 'http://10.0.0.6', civiCrm: '' })).toEqual({ ok: true, profile: { onSong: { url: 'http://10.0.0.6' } } });
  });

  it('removes an address whose field is emptied', () => {
    expect(withAddresses({ civiCrm: { url: 'https://crm.example.org' } }, { harmonySite: '', onSong: '', civiCrm: '' })).toEqual({ ok: true, profile: {} });
  });

  it('refuses a HarmonySite without https, with the reason', () => {
    expect(withAddresses({}, { harmonySite: 'http://harbour.example.org', onSong: '', civiCrm: '' })).toEqual({
      ok: false,
      problems: ['harmonySite.url: must be an address starting with https://.'],
    });
  });
});

describe('profileAddresses', () => {
  it('names each address a profile opens to Descant, marking an iPad the profile pairs with', () => {
    const profile = { choir: 'Harbourside', harmonySite: { url: 'https://harbour.example.org' }, civiCrm: { url: 'https://crm.example.org' }, onSong: { url: 'http://10.0.0.5', token } };
    expect(profileAddresses(profile)).toEqual([
      { service: 'harmonySite', origin: 'https://harbour.example.org' },
      { service: 'civiCrm', origin: 'https://crm.example.org' },
      { service: 'onSong', origin: 'http://10.0.0.5', paired: true },
    ]);
  });

  it('names none for a profile with only the choir in it', () => {
    expect(profileAddresses({ choir: 'Harbourside' })).toEqual([]);
  });
});

describe('exportProfileText', () => {
  it('writes the profile with its version, ready to import again', () => {
    const text = exportProfileText({ choir: 'Harbourside', harmonySite: { url: 'https://harbour.example.org' } });
    expect(JSON.parse(text)).toEqual({ profileVersion: 1, choir: 'Harbourside', harmonySite: { url: 'https://harbour.example.org' } });
  });
});

describe('missingOrigins', () => {
  it('lists only the origins the browser has not granted', async () => {
    const permissions = {
      contains: vi.fn(async ({ origins }: { origins: string[] }) => origins[0] === 'https://a.example/*'),
      request: vi.fn(),
    };
    expect(await missingOrigins(permissions, ['https://a.example/*', 'https://b.example/*'])).toEqual(['https://b.example/*']);
  });
});
