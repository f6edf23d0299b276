import { describe, expect, it } from 'vitest';
import { MAX_PROFILE_BYTES, parseChoirProfile, TOO_LARGE } from '@/lib/profile/parse';
import { profileOrigins } from '@/lib/profile/schema';

describe('parseChoirProfile', () => {
  it('accepts a full profile and reduces addresses to origins', () => {
    const result = parseChoirProfile(
      JSON.stringify({
        profileVersion: 1,
        choir: 'St Cecilia Singers',
        harmonySite: { url: 'https://stcecilia.example.org/members/' },
        onSong: { url: 'http://ipad.local:5076', token: 'a'.repeat(32) },
        civiCrm: { url: 'https://crm.example.org' },
      }),
    );
    expect(result).toEqual({
      ok: true,
      profile: {
        profileVersion: 1,
        choir: 'St Cecilia Singers',
        harmonySite: { url: 'https://stcecilia.example.org' },
        onSong: { url: 'http://ipad.local:5076', token: 'a'.repeat(32) },
        civiCrm: { url: 'https://crm.example.org' },
      },
    });
    if (result.ok) {
      expect(profileOrigins(result.profile)).toEqual([
        'https://stcecilia.example.org/*',
        // Without the port: Firefox refuses a match pattern with one.
        'http://ipad.local/*',
        'https://crm.example.org/*',
      ]);
    }
  });

  it('accepts an empty profile: every key is optional', () => {
    expect(parseChoirProfile('{}')).toEqual({ ok: true, profile: {} });
  });

  it('refuses unknown keys, naming them and where they are', () => {
    const result = parseChoirProfile(JSON.stringify({ harmonysite: {}, onSong: { url: 'http://10.0.0.2', pin: 1 } }));
    expect(result).toEqual({
      ok: false,
      problems: ['Unknown key "pin" in onSong.', 'Unknown key "harmonysite" in the profile.'],
    });
  });

  it('refuses a plain-http HarmonySite, a short OnSong token and a wrong version', () => {
    const result = parseChoirProfile(
      JSON.stringify({ profileVersion: 2, harmonySite: { url: 'http://choir.example.org' }, onSong: { url: 'http://ipad.local', token: 'short' } }),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toHaveLength(3);
      expect(result.problems[0]).toMatch(/^profileVersion: /);
      expect(result.problems[1]).toBe('harmonySite.url: must be an address starting with https://.');
      expect(result.problems[2]).toMatch(/^onSong\.token: must be 32 to 128/);
    }
  });

  describe('addresses a profile cannot abuse', () => {
    const problemsOf = (profile: object) => {
      const result = parseChoirProfile(JSON.stringify(profile));
      return result.ok ? [] : result.problems;
    };

    it('refuses Three Rings as the HarmonySite or the CiviCRM, and the same site as both', () => {
      expect(problemsOf({ civiCrm: { url: 'https://www.3r.org.uk' } })).toEqual(["civiCrm.url: must be your choir's own site, not Three Rings."]);
      expect(problemsOf({ harmonySite: { url: 'https://3r.org.uk/login' } })).toEqual(["harmonySite.url: must be your choir's own site, not Three Rings."]);
      expect(problemsOf({ harmonySite: { url: 'https://choir.example.org' }, civiCrm: { url: 'https://choir.example.org/civicrm' } })).toEqual([
        'civiCrm.url: must differ from the HarmonySite address: each site gets only its own sign-in.',
      ]);
      expect(problemsOf({ harmonySite: { url: 'https://choir.example.org' }, civiCrm: { url: 'https://crm.choir.example.org' } })).toEqual([]);
    });

    it('takes an OnSong iPad only on the local network', () => {
      for (const url of ['http://192.168.1.20:5076', 'http://choir-ipad.local', 'http://10.1.2.3']) expect(problemsOf({ onSong: { url } }), url).toEqual([]);
      for (const url of ['http://ipad.example.com:5076', 'http://8.8.8.8', 'https://www.3r.org.uk']) {
        expect(problemsOf({ onSong: { url } }), url).toEqual([expect.stringMatching(/^onSong\.url: must be the iPad's address on the choir's own network/)]);
      }
    });

    it('refuses a file over 64 KB without reading it as JSON', () => {
      const padded = JSON.stringify({ choir: 'St Cecilia Singers', padding: ' '.repeat(MAX_PROFILE_BYTES) });
      expect(parseChoirProfile(padded)).toEqual({ ok: false, problems: [TOO_LARGE] });
    });

    it('refuses a malformed address with a reason rather than failing', () => {
      expect(problemsOf({ civiCrm: { url: 'not an address' } })).toEqual(['civiCrm.url: must be an address starting with https://.']);
    });
  });

  it('explains a file that is not JSON', () => {
    const result = parseChoirProfile('{ "choir": ');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatch(/^The file is not valid JSON/);
  });
});
