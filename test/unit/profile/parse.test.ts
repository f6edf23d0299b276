import { describe, expect, it } from 'vitest';
import { parseChoirProfile } from '@/lib/profile/parse';
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

  it('explains a file that is not JSON', () => {
    const result = parseChoirProfile('{ "choir": ');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatch(/^The file is not valid JSON/);
  });
});
