import { describe, expect, it, vi } from 'vitest';
import { generateToken, parseDeviceAddress } from '@/lib/onsong/address';
import { OnSongClient } from '@/lib/onsong/client';
import { nextInSet, normaliseNowPlaying, parseChordLine } from '@/lib/onsong/normalise';
import { sectionsSchema, songSchema, stateSchema } from '@/lib/onsong/schemas';
import { ProblemError } from '@/lib/problems';

describe('parseDeviceAddress', () => {
  it('tries port 80 then 5076 when no port is typed, and only the typed one otherwise', () => {
    expect(parseDeviceAddress(' 192.168.1.20 ')).toEqual({ candidates: ['http://192.168.1.20', 'http://192.168.1.20:5076'], permissionPattern: 'http://192.168.1.20/*', onLocalNetwork: true });
    expect(parseDeviceAddress('ipad.example.com:5076')?.onLocalNetwork).toBe(false);
    expect(parseDeviceAddress('choir-ipad.local:5076')?.candidates).toEqual(['http://choir-ipad.local:5076']);
    expect(parseDeviceAddress('http://choir-ipad.local:80/')?.candidates).toEqual(['http://choir-ipad.local']);
  });

  it('refuses what cannot be a device address', () => {
    for (const typed of ['', 'two words', 'ftp://ipad.local', 'http://user:pw@ipad.local', 'http://']) expect(parseDeviceAddress(typed)).toBeUndefined();
  });

  it('makes tokens long and random enough', () => {
    const [a, b] = [generateToken(), generateToken()];
    expect(a).toMatch(/^[0-9a-f]{48}$/);
    expect(a).not.toBe(b);
  });
});

describe('normaliseNowPlaying', () => {
  const state = stateSchema.parse({
    song: { ID: 'B', title: 'Locus iste', artist: 'Bruckner', key: 'C', favorite: 0, usefile: false },
    set: { ID: 'S1', title: 'Sunday rehearsal', songs: [{ ID: 'A', title: 'Ubi caritas', key: 'F' }, { ID: 'B', title: 'Locus iste' }, { ID: 'C', title: 'Bogoroditse Devo' }] },
    section: '2',
  });
  const song = songSchema.parse({ ID: 'B', title: 'Locus iste', key: 'C', transposedKey: 'D', capo: '2', tempo: 72, timeSignature: '4/4', extra: { ignored: true } });
  const sections = sectionsSchema.parse([{ label: 'Verse 1:', sections: ['[C]Locus [G]iste\na Deo factus est'] }, 'no label here']);

  it('gives the song, its keys, capo, tempo and time, the set with the current song marked and the next named', () => {
    const view = normaliseNowPlaying(state, song, sections);
    expect(view.song).toEqual({ id: 'B', title: 'Locus iste', artist: 'Bruckner', key: 'C', transposedKey: 'D', capo: 2, tempo: 72, timeSignature: '4/4' });
    expect(view.set).toMatchObject({ title: 'Sunday rehearsal', currentIndex: 1 });
    expect(nextInSet(view)).toEqual({ id: 'C', title: 'Bogoroditse Devo' });
    expect(view.sections.map((section) => section.label)).toEqual(['Verse 1', undefined]);
    expect(view.sections[0]!.lines).toHaveLength(2);
  });

  it('works from /state alone, and with a song that is not in the set', () => {
    const view = normaliseNowPlaying(stateSchema.parse({ song: { ID: 'Z', title: 'Encore' }, set: { ID: 'S1', songs: [{ ID: 'A' }] } }), undefined, []);
    expect(view.song).toEqual({ id: 'Z', title: 'Encore' });
    expect(view.set?.currentIndex).toBe(-1);
    expect(nextInSet(view)).toBeUndefined();
  });

  it('says nothing is open when the state has no song', () => {
    expect(normaliseNowPlaying(stateSchema.parse({ book: 'all' }), undefined, []).song).toBeUndefined();
  });
});

describe('parseChordLine', () => {
  it('puts each chord over the words it falls on', () => {
    expect(parseChordLine('[G]Amazing [C]grace, how [G]sweet').segments).toEqual([
      { chord: 'G', text: 'Amazing ' },
      { chord: 'C', text: 'grace, how ' },
      { chord: 'G', text: 'sweet' },
    ]);
    expect(parseChordLine('words first [Am]then').segments).toEqual([{ text: 'words first ' }, { chord: 'Am', text: 'then' }]);
    expect(parseChordLine('no chords').segments).toEqual([{ text: 'no chords' }]);
  });

  it('keeps markup as words', () => {
    expect(parseChordLine('<script>alert(1)</script>').segments).toEqual([{ text: '<script>alert(1)</script>' }]);
  });
});

describe('OnSongClient', () => {
  const device = { origin: 'http://192.168.1.20', token: 'a'.repeat(48) };
  const replying = (status: number, body: string, headers: Record<string, string> = {}) => async () => new Response(body, { status, headers });

  async function problemOf(promise: Promise<unknown>) {
    try {
      await promise;
    } catch (error) {
      return (error as ProblemError).problem;
    }
    throw new Error('expected a problem');
  }

  it('reads an error body whatever the status, and knows the ones that mean "pair again"', async () => {
    expect(await problemOf(new OnSongClient(device, { fetch: replying(200, '{"error":"Not Registered"}') }).state())).toEqual({ kind: 'token-expired', service: 'onSong' });
    expect(await problemOf(new OnSongClient(device, { fetch: replying(500, '{"error":"No song found"}') }).song('X'))).toEqual({
      kind: 'service-error',
      service: 'onSong',
      endpoint: '/songs/X',
      message: 'No song found',
    });
  });

  it('names the endpoint when the reply is not JSON or not the documented shape', async () => {
    expect(await problemOf(new OnSongClient(device, { fetch: replying(200, '{"error":"Not Accepting Users}') }).register('Descant'))).toMatchObject({ kind: 'bad-response', endpoint: '/auth' });
    expect(await problemOf(new OnSongClient(device, { fetch: replying(200, '[1,2]') }).state())).toMatchObject({ kind: 'bad-response', endpoint: '/state' });
  });

  describe('odd envelopes', () => {
    it('takes a success that is not text as a success, and logs its path once', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      await expect(new OnSongClient(device, { fetch: replying(200, '{"success":true}') }).register('Descant')).resolves.toBeDefined();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledWith('[Descant] onSong /auth: odd envelope, payload used anyway', ['success: boolean']);
    });

    it('still fails, naming the endpoint and the path, when there is no success to go on', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      for (const body of ['{}', '{"success":null}']) {
        expect(await problemOf(new OnSongClient(device, { fetch: replying(200, body) }).checkPairing())).toMatchObject({ kind: 'bad-response', endpoint: '/auth', detail: expect.stringMatching(/^success: /) });
      }
    });

    it('takes an error whose message is not text as an error, never as an empty state', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const problem = await problemOf(new OnSongClient(device, { fetch: replying(200, '{"error":{"code":3}}') }).state());
      expect(problem).toMatchObject({ kind: 'bad-response', endpoint: '/state', detail: expect.stringMatching(/^error: /) });
    });
  });

  it('says the iPad cannot be reached when the network fails', async () => {
    const failing = async () => {
      throw new TypeError('Failed to fetch');
    };
    expect(await problemOf(new OnSongClient(device, { fetch: failing }).ping())).toEqual({ kind: 'offline', service: 'onSong' });
  });

  it('asks under /api/<token>, with the API key when there is one, and reads HEAD /state dates', async () => {
    const asked: string[] = [];
    const fetch = async (url: URL | RequestInfo, init?: RequestInit) => {
      asked.push(`${init?.method} ${String(url)}`);
      return new Response(null, { status: 200, headers: { 'Last-Modified': 'Sun, 22 Nov 2026 19:00:00 GMT', Date: 'Sun, 22 Nov 2026 19:00:05 GMT' } });
    };
    const version = await new OnSongClient(device, { fetch, apiKey: 'k' }).stateVersion();
    expect(version).toEqual({ lastModified: 'Sun, 22 Nov 2026 19:00:00 GMT', date: 'Sun, 22 Nov 2026 19:00:05 GMT' });
    expect(asked).toEqual([`HEAD http://192.168.1.20/api/${device.token}/state?api_key=k`]);
  });
});
