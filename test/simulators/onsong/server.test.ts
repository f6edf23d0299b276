// @vitest-environment node
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock, manualClock } from '../../clock';
import { generateOnSongData } from './data';
import {
  HOSTILE_SONG_TITLE,
  LONG_SONG_TITLE,
  type OnSongFault,
  type OnSongSimulator,
  RIGHT_TO_LEFT_SONG_TITLE,
  type SimSong,
  startOnSongSimulator,
  SUNDAY_SET_TITLE,
  TRANSPOSED_SONG_TITLE,
} from './server';

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: () => any;
}

interface CallOptions {
  method?: string;
  body?: unknown;
  /** Sent as is, not as JSON. */
  rawBody?: string;
  contentType?: string;
}

let tokenCount = 0;
/** A fresh client token, 36 characters like a UUID. */
const newToken = () => `descant-test-token-${String(++tokenCount).padStart(17, '0')}`;
const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/;
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

async function call(sim: OnSongSimulator, path: string, options: CallOptions = {}): Promise<Answer> {
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await fetch(`${sim.origin}${path}`, {
    method: options.method ?? 'GET',
    redirect: 'manual',
    ...(body !== undefined && { body, headers: { 'Content-Type': options.contentType ?? 'application/json' } }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

const api = (sim: OnSongSimulator, token: string, endpoint: string, options?: CallOptions) => call(sim, `/api/${token}${endpoint}`, options);

/** The iPad's "now" when these tests start; it moves only when a test moves it. */
const NOW = '2026-11-24T10:00:00Z';

/** A raw HTTP/1.1 exchange, to see exactly what bytes come back. */
function rawExchange(sim: OnSongSimulator, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(sim.port, '127.0.0.1', () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

describe('OnSong simulator', () => {
  const clock = manualClock(NOW);
  let sim: OnSongSimulator;
  /** Registered in beforeAll, as a paired extension's would be. */
  const token = newToken();
  const songTitled = (title: string) => sim.data.songs.find((song) => song.title === title) as SimSong;

  beforeAll(async () => {
    sim = await startOnSongSimulator({ port: 0, clock });
    sim.registerToken(token);
  });
  afterEach(() => {
    sim.setFault(null);
    sim.reset();
  });
  afterAll(() => sim.close());

  describe('data', () => {
    it('is the same for the same seed and differs between seeds', () => {
      expect(generateOnSongData(1)).toEqual(generateOnSongData(1));
      expect(generateOnSongData(2).songs[0]?.ID).not.toBe(generateOnSongData(1).songs[0]?.ID);
      expect(sim.data).toEqual(generateOnSongData(1));
    });

    it('has about twelve songs with uppercase UUIDs, and a current Sunday set holding every awkward song', () => {
      expect(sim.data.songs.length).toBeGreaterThanOrEqual(12);
      for (const song of sim.data.songs) expect(song.ID).toMatch(UUID);
      expect(sim.data.sets).toHaveLength(2);
      const sunday = sim.data.sets[0]!;
      expect(sunday.title).toBe(SUNDAY_SET_TITLE);
      expect(sunday.songIds.length).toBeGreaterThanOrEqual(5);
      for (const title of [HOSTILE_SONG_TITLE, LONG_SONG_TITLE, RIGHT_TO_LEFT_SONG_TITLE, TRANSPOSED_SONG_TITLE]) {
        expect(sunday.songIds).toContain(songTitled(title).ID);
      }
      expect(LONG_SONG_TITLE.length).toBeGreaterThan(200);
      expect(sim.currentSongId()).toBe(sunday.songIds[0]);
    });

    it('has markup in the hostile song, and one song transposed with a capo', () => {
      const hostile = songTitled(HOSTILE_SONG_TITLE);
      const lyrics = hostile.sections.flatMap((section) => section.lines).join('\n');
      expect(lyrics).toContain('<script>alert(1)</script>');
      expect(lyrics).toContain('<b>');
      const transposed = songTitled(TRANSPOSED_SONG_TITLE);
      expect(transposed.transposedKey).toBeDefined();
      expect(transposed.transposedKey).not.toBe(transposed.key);
      expect(transposed.capo).toBeGreaterThan(0);
    });
  });

  describe('pairing', () => {
    it('answers "Not Accepting Users" until the member taps Allow, then "Token Registered", then "Token Accepted"', async () => {
      const mine = newToken();
      const first = await api(sim, mine, '/auth', { method: 'PUT', body: { name: 'Descant <b>test</b>' } });
      expect(first.status).toBe(403);
      expect(first.json()).toEqual({ error: 'Not Accepting Users' });
      expect(sim.pendingTokens()).toContain(mine);
      expect((await api(sim, mine, '/state')).json()).toEqual({ error: 'Not Registered' });
      // Asking again while waiting changes nothing.
      expect((await api(sim, mine, '/auth', { method: 'PUT', body: { name: 'Descant' } })).status).toBe(403);

      sim.allowPending();
      expect(sim.pendingTokens()).not.toContain(mine);
      expect(sim.registeredTokens()).toContain(mine);
      const second = await api(sim, mine, '/auth', { method: 'PUT', body: { name: 'Descant' } });
      expect(second.status).toBe(200);
      expect(second.json()).toEqual({ success: 'Token Registered' });
      expect((await api(sim, mine, '/auth', { method: 'PUT' })).json()).toEqual({ success: 'Token Accepted' });
      expect((await api(sim, mine, '/state')).status).toBe(200);
    });

    it('lets a registered token in at once: PUT says "Token Accepted"; too short a token is refused', async () => {
      const reply = await api(sim, token, '/auth', { method: 'PUT', body: { name: 'Descant' } });
      expect(reply.status).toBe(200);
      expect(reply.json()).toEqual({ success: 'Token Accepted' });
      expect(() => sim.registerToken('too-short')).toThrow(/32/);
    });

    it('checks a token with GET /auth and forgets it with DELETE /auth', async () => {
      const mine = newToken();
      sim.registerToken(mine);
      expect((await api(sim, mine, '/auth')).json()).toEqual({ success: 'Token Registered' });
      const removed = await api(sim, mine, '/auth', { method: 'DELETE' });
      expect(removed.status).toBe(200);
      expect(removed.json()).toEqual({ success: 'Token Unregistered' });
      const again = await api(sim, mine, '/auth', { method: 'DELETE' });
      expect(again.status).toBe(404);
      expect(again.json()).toEqual({ error: 'Token Not Found' });
      const check = await api(sim, mine, '/auth');
      expect(check.status).toBe(401);
      expect(check.json()).toEqual({ error: 'Not Registered' });
      expect(sim.registeredTokens()).not.toContain(mine);
    });

    it('answers "Not Registered" to every call once a token has expired', async () => {
      const mine = newToken();
      sim.registerToken(mine);
      expect((await api(sim, mine, '/ping')).status).toBe(200);
      sim.expireToken(mine);
      for (const endpoint of ['/ping', '/state', '/songs/current', '/auth']) {
        const reply = await api(sim, mine, endpoint);
        expect(reply.status, endpoint).toBe(401);
        expect(reply.json(), endpoint).toEqual({ error: 'Not Registered' });
      }
    });
  });

  describe('token errors', () => {
    it('answers No Token, Invalid Token Length, Not Registered and Not Found', async () => {
      for (const path of ['/api', '/api/', '/api//state', '/api//auth']) {
        const reply = await call(sim, path);
        expect(reply.status, path).toBe(401);
        expect(reply.json(), path).toEqual({ error: 'No Token' });
      }
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const reply = await api(sim, 'x'.repeat(31), '/auth', { method });
        expect(reply.status, method).toBe(401);
        expect(reply.json(), method).toEqual({ error: 'Invalid Token Length' });
      }
      expect((await api(sim, newToken(), '/state')).json()).toEqual({ error: 'Not Registered' });
      const unknown = await api(sim, token, '/no-such-thing');
      expect(unknown.status).toBe(404);
      expect(unknown.json()).toEqual({ error: 'Not Found' });
      expect((await api(sim, token, '/state', { method: 'POST', body: { position: 1 } })).status).toBe(404);
    });

    it('answers in JSON', async () => {
      const reply = await api(sim, 'short', '/state');
      expect(reply.headers.get('content-type')).toMatch(/^application\/json/);
    });
  });

  it("answers ping with the iPad's time in ISO form with milliseconds", async () => {
    const reply = await api(sim, token, '/ping?keepalive=60');
    expect(reply.status).toBe(200);
    expect(reply.json().pong).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(reply.json().pong).toBe(clock().toISOString());
  });

  describe('state', () => {
    afterEach(() => sim.setCurrentSet(sim.data.sets[0]!.ID));

    it('gives the song on screen and the current set with its songs in order', async () => {
      const reply = await api(sim, token, '/state');
      expect(reply.status).toBe(200);
      expect(reply.headers.get('last-modified')).toMatch(HTTP_DATE);
      expect(reply.headers.get('date')).toMatch(HTTP_DATE);
      expect(reply.headers.get('date')).toBe(clock().toUTCString());
      expect(Date.parse(reply.headers.get('last-modified')!)).toBeLessThanOrEqual(clock().getTime());
      const state = reply.json();
      const sunday = sim.data.sets[0]!;
      const current = sim.data.songs.find((song) => song.ID === sim.currentSongId())!;
      expect(state.song).toEqual({ ID: current.ID, title: current.title, artist: current.artist, key: current.transposedKey ?? current.key, favorite: current.favorite, usefile: false });
      expect(state.set).toMatchObject({ ID: sunday.ID, title: SUNDAY_SET_TITLE, quantity: sunday.songIds.length, datetime: sunday.datetime });
      expect(state.set.songs.map((song: { ID: string }) => song.ID)).toEqual(sunday.songIds);
      expect(state.set.songs[0].class).toBe('Song');
      expect(state.set.orderIndex).toBe(sunday.songIds.indexOf(current.ID));
      expect(state).toMatchObject({ book: 'all', section: 0, autoScroll: false });
      expect(typeof state.position).toBe('number');
    });

    it('sends no body with HEAD, and the same Last-Modified as GET', async () => {
      const raw = await rawExchange(sim, `HEAD /api/${token}/state HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
      const [head, body] = raw.split('\r\n\r\n');
      expect(head).toMatch(/^HTTP\/1\.1 200/);
      expect(body).toBe('');
      const lastModified = /^Last-Modified: (.+)$/im.exec(head ?? '')?.[1];
      expect(lastModified).toBe((await api(sim, token, '/state')).headers.get('last-modified'));
      expect((await api(sim, token, '/state', { method: 'HEAD' })).text).toBe('');
    });

    it('moves Last-Modified on when the next song comes up, wrapping round the set', async () => {
      const before = (await api(sim, token, '/state', { method: 'HEAD' })).headers.get('last-modified');
      clock.advance(1000);
      const sunday = sim.data.sets[0]!;
      const from = sunday.songIds.indexOf(sim.currentSongId());
      const next = sim.nextSong();
      expect(next).toBe(sunday.songIds[(from + 1) % sunday.songIds.length]);
      const after = await api(sim, token, '/state', { method: 'HEAD' });
      expect(after.headers.get('last-modified')).not.toBe(before);
      expect(Date.parse(after.headers.get('last-modified')!)).toBeGreaterThan(Date.parse(before!));
      expect(after.headers.get('last-modified')).toBe(clock().toUTCString());
      expect((await api(sim, token, '/state')).json().song.ID).toBe(next);

      for (let i = 0; i < sunday.songIds.length; i++) sim.nextSong();
      expect(sim.currentSongId()).toBe(next);
    });

    it('leaves the set out when none is current', async () => {
      sim.setCurrentSet(null);
      const state = (await api(sim, token, '/state')).json();
      expect(state).not.toHaveProperty('set');
      expect(state.song.ID).toBe(sim.currentSongId());
      const none = await api(sim, token, '/sets/current');
      expect(none.status).toBe(500);
      expect(none.json()).toEqual({ error: 'No set found' });
    });

    it('opens the first song of a set that does not hold the song on screen', () => {
      const concert = sim.data.sets[1]!;
      sim.setCurrentSong(sim.data.songs.find((song) => !concert.songIds.includes(song.ID))!.ID);
      sim.setCurrentSet(concert.ID);
      expect(sim.currentSongId()).toBe(concert.songIds[0]);
      expect(() => sim.setCurrentSong('NO-SUCH-SONG')).toThrow();
    });
  });

  describe('songs', () => {
    afterEach(() => sim.setCurrentSong(sim.data.sets[0]!.songIds[0]!));

    it('gives the song on screen as a Song Object, numbers as numbers', async () => {
      const song = sim.data.songs.find((candidate) => candidate.ID === sim.currentSongId())!;
      const reply = await api(sim, token, '/songs/current');
      expect(reply.status).toBe(200);
      const body = reply.json();
      expect(body).toMatchObject({ ID: song.ID, title: song.title, artist: song.artist, key: song.key, capo: 0, tempo: song.tempo, timeSignature: song.timeSignature, duration: song.duration, favorite: song.favorite, usefile: false });
      expect(typeof body.tempo).toBe('number');
      expect(body).not.toHaveProperty('transposedKey');
      expect(body).not.toHaveProperty('sections');
      expect((await api(sim, token, `/songs/${song.ID}`)).json()).toEqual(body);
    });

    it('gives transposedKey and capo for the transposed song; lists show the key it is played in', async () => {
      const transposed = songTitled(TRANSPOSED_SONG_TITLE);
      sim.setCurrentSong(transposed.ID);
      const body = (await api(sim, token, '/songs/current')).json();
      expect(body).toMatchObject({ key: transposed.key, transposedKey: transposed.transposedKey, capo: transposed.capo });
      expect((await api(sim, token, '/state')).json().song.key).toBe(transposed.transposedKey);
    });

    it('answers 404 "Song not found" for an unknown ID', async () => {
      for (const endpoint of ['/songs/NO-SUCH-SONG', '/songs/NO-SUCH-SONG/sections']) {
        const reply = await api(sim, token, endpoint);
        expect(reply.status, endpoint).toBe(404);
        expect(reply.json(), endpoint).toEqual({ error: 'Song not found' });
      }
    });

    it('gives labelled sections with chords inline, or without chords, or as plain strings', async () => {
      const song = sim.data.songs.find((candidate) => candidate.ID === sim.currentSongId())!;
      const withChords = (await api(sim, token, '/songs/current/sections?with_sections=true&with_chords=true')).json();
      expect(withChords).toEqual(song.sections.map((section) => ({ label: section.label, sections: [section.lines.join('\n')] })));
      expect(withChords[0].label).toMatch(/:$/);
      expect(withChords[0].sections[0]).toMatch(/\[[A-G][^\]]*\]/);

      const withoutChords = (await api(sim, token, '/songs/current/sections?with_sections=true&with_chords=false')).json();
      expect(withoutChords[0].label).toBe(withChords[0].label);
      expect(withoutChords[0].sections[0]).not.toContain('[');
      expect(withoutChords[0].sections[0]).toBe(withChords[0].sections[0].replace(/\[[^\]]*\]/g, ''));

      const plain = (await api(sim, token, `/songs/${song.ID}/sections?with_sections=false&with_chords=false`)).json();
      expect(plain).toEqual(withoutChords.map((section: { sections: string[] }) => section.sections[0]));
    });

    it('moves chords to the transposed key with_transposition=true', async () => {
      const transposed = songTitled(TRANSPOSED_SONG_TITLE); // D, played in E
      const written = (await api(sim, token, `/songs/${transposed.ID}/sections?with_sections=false&with_chords=true`)).json();
      const moved = (await api(sim, token, `/songs/${transposed.ID}/sections?with_sections=false&with_chords=true&with_transposition=true`)).json();
      expect(written[0]).toMatch(/^\[D\]Be Thou my \[G\]Vision/);
      expect(moved[0]).toMatch(/^\[E\]Be Thou my \[A\]Vision/);
      expect(moved[0]).toContain('[C#m]heart');
    });

    it('sends the hostile song exactly as stored: markup is data, not HTML', async () => {
      const hostile = songTitled(HOSTILE_SONG_TITLE);
      expect((await api(sim, token, `/songs/${hostile.ID}`)).json().title).toBe(HOSTILE_SONG_TITLE);
      const sections = (await api(sim, token, `/songs/${hostile.ID}/sections?with_sections=true&with_chords=false`)).json();
      expect(sections[0].sections[0]).toContain('<script>alert(1)</script>Dominus tecum');
    });
  });

  describe('sets', () => {
    it('gives the current set, with its songs only when asked', async () => {
      const sunday = sim.data.sets[0]!;
      const bare = (await api(sim, token, '/sets/current')).json();
      expect(bare).toMatchObject({ ID: sunday.ID, title: sunday.title, quantity: sunday.songIds.length, datetime: sunday.datetime });
      expect(bare).not.toHaveProperty('songs');
      for (const value of Object.values(bare)) expect(value).not.toBeNull();
      const full = (await api(sim, token, '/sets/current?show_songs=true')).json();
      expect(full.songs.map((song: { ID: string }) => song.ID)).toEqual(sunday.songIds);
    });

    it('lists a set’s songs as a bare array in order, and answers "No set found" for an unknown set', async () => {
      const concert = sim.data.sets[1]!;
      const items = (await api(sim, token, `/sets/${concert.ID}/songs`)).json();
      expect(Array.isArray(items)).toBe(true);
      expect(items.map((item: { ID: string }) => item.ID)).toEqual(concert.songIds);
      expect(Object.keys(items[0]).sort()).toEqual(['ID', 'artist', 'class', 'favorite', 'key', 'title', 'usefile']);
      const unknown = await api(sim, token, '/sets/NO-SUCH-SET/songs');
      expect(unknown.status).toBe(500);
      expect(unknown.json()).toEqual({ error: 'No set found' });
    });
  });

  describe('faults', () => {
    it('unreachable: the socket closes without a reply', async () => {
      sim.setFault({ kind: 'unreachable' });
      await expect(fetch(`${sim.origin}/api/${token}/state`)).rejects.toThrow();
      expect(sim.requests().at(-1)).toMatchObject({ endpoint: '/state', status: 0 });
      sim.setFault(null);
      expect((await api(sim, token, '/state')).status).toBe(200);
    });

    it('error-status answers every call with that status and error', async () => {
      sim.setFault({ kind: 'error-status', status: 503, message: 'Server Busy' });
      for (const endpoint of ['/state', '/auth', '/songs/current']) {
        const reply = await api(sim, token, endpoint);
        expect(reply.status, endpoint).toBe(503);
        expect(reply.json(), endpoint).toEqual({ error: 'Server Busy' });
      }
    });

    it('error-with-200 answers an error with HTTP 200', async () => {
      sim.setFault({ kind: 'error-with-200', message: 'Not Registered' });
      const reply = await api(sim, token, '/state');
      expect(reply.status).toBe(200);
      expect(reply.json()).toEqual({ error: 'Not Registered' });
    });

    it('malformed-json spoils /state and /songs/*, good replies cut short and errors missing a quote', async () => {
      sim.setFault({ kind: 'malformed-json' });
      for (const endpoint of ['/state', '/songs/current', '/songs/current/sections?with_sections=true']) {
        const reply = await api(sim, token, endpoint);
        expect(reply.status, endpoint).toBe(200);
        expect(() => reply.json(), endpoint).toThrow(SyntaxError);
      }
      expect((await api(sim, token, '/songs/NO-SUCH-SONG')).text).toBe('{"error":"Song not found}');
      expect((await api(sim, token, '/ping')).json()).toHaveProperty('pong');
    });

    it('no-last-modified leaves Last-Modified out of /state, but not Date', async () => {
      sim.setFault({ kind: 'no-last-modified' });
      for (const method of ['HEAD', 'GET']) {
        const reply = await api(sim, token, '/state', { method });
        expect(reply.status, method).toBe(200);
        expect(reply.headers.get('last-modified'), method).toBeNull();
        expect(reply.headers.get('date'), method).toBe(clock().toUTCString());
      }
    });

    it('slow delays the reply', async () => {
      sim.setFault({ kind: 'slow', ms: 300 });
      const started = Date.now();
      expect((await api(sim, token, '/ping')).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    });

    it('refuses something that is not a fault', () => {
      expect(() => sim.setFault({ kind: 'slow' } as unknown as OnSongFault)).toThrow();
      expect(() => sim.setFault({ kind: 'error-status', status: 200, message: 'x' })).toThrow();
    });
  });

  describe('request log', () => {
    it('records each /api request with its endpoint, token and status; reset forgets them', async () => {
      await api(sim, token, '/state?api_key=abc');
      await api(sim, 'short', '/ping');
      await call(sim, '/');
      await call(sim, '/__sim/state');
      const [state, ping, ...others] = sim.requests();
      expect(others).toEqual([]);
      expect(state).toMatchObject({ method: 'GET', path: `/api/${token}/state?api_key=abc`, endpoint: '/state', token, status: 200 });
      expect(state!.at).toBe(clock().getTime());
      expect(ping).toMatchObject({ endpoint: '/ping', token: 'short', status: 401 });
      sim.reset();
      expect(sim.requests()).toEqual([]);
      expect(sim.registeredTokens()).toContain(token);
    });
  });

  describe('control API and page', () => {
    afterEach(() => sim.setCurrentSong(sim.data.sets[0]!.songIds[0]!));

    it('moves to the next song, shows a chosen one, and lets pending tokens in', async () => {
      const sunday = sim.data.sets[0]!;
      sim.setCurrentSong(sunday.songIds[0]!);
      const next = await call(sim, '/__sim/next', { method: 'POST' });
      expect(next.json()).toEqual({ ok: true, songId: sunday.songIds[1] });
      const chosen = sim.data.songs[3]!.ID;
      expect((await call(sim, '/__sim/song', { method: 'POST', body: { id: chosen } })).status).toBe(200);
      expect(sim.currentSongId()).toBe(chosen);

      const waiting = newToken();
      await api(sim, waiting, '/auth', { method: 'PUT' });
      expect((await call(sim, '/__sim/allow', { method: 'POST' })).json()).toEqual({ ok: true, allowed: [waiting] });
      expect((await api(sim, waiting, '/auth', { method: 'PUT' })).json()).toEqual({ success: 'Token Registered' });
    });

    it('sets and clears faults', async () => {
      const set = await call(sim, '/__sim/fault', { method: 'POST', body: { kind: 'error-with-200', message: 'Busy' } });
      expect(set.status).toBe(200);
      expect((await api(sim, token, '/state')).json()).toEqual({ error: 'Busy' });
      expect((await call(sim, '/__sim/fault', { method: 'POST', body: null })).status).toBe(200);
      expect((await api(sim, token, '/state')).status).toBe(200);
      await call(sim, '/__sim/fault', { method: 'POST', body: { fault: { kind: 'slow', ms: 1 } } });
      expect((await call(sim, '/__sim/state')).json().fault).toEqual({ kind: 'slow', ms: 1 });
      await call(sim, '/__sim/fault', { method: 'POST', body: { fault: null } });
      expect((await call(sim, '/__sim/state')).json().fault).toBeNull();
    });

    it('rejects bad input with a 400 and a message', async () => {
      const cases: Array<[string, CallOptions]> = [
        ['/__sim/song', { method: 'POST', body: {} }],
        ['/__sim/song', { method: 'POST', body: { id: 42 } }],
        ['/__sim/song', { method: 'POST', body: { id: 'NO-SUCH-SONG' } }],
        ['/__sim/song', { method: 'POST', rawBody: '{"id":' }],
        ['/__sim/set', { method: 'POST', body: { id: 'NO-SUCH-SET' } }],
        ['/__sim/fault', { method: 'POST', body: { kind: 'meteor-strike' } }],
        ['/__sim/fault', { method: 'POST', body: { kind: 'slow', ms: -1 } }],
        ['/__sim/fault', { method: 'POST', body: { kind: 'error-status', status: 'teapot', message: 'x' } }],
        ['/__sim/fault', { method: 'POST' }],
        ['/__sim/register', { method: 'POST', body: { token: 'short' } }],
      ];
      for (const [path, options] of cases) {
        const reply = await call(sim, path, options);
        const label = `${path} ${options.rawBody ?? JSON.stringify(options.body)}`;
        expect(reply.status, label).toBe(400);
        expect(typeof reply.json().error, label).toBe('string');
        expect(reply.json().error.length, label).toBeGreaterThan(0);
      }
      expect((await call(sim, '/__sim/state')).json().fault).toBeNull();
      expect((await call(sim, '/__sim/nothing', { method: 'POST' })).status).toBe(404);
    });

    it('serves a control page at / whose buttons post forms and come back to it', async () => {
      const page = await call(sim, '/');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.text).toContain('action="/__sim/next"');
      expect(page.text).toContain('action="/__sim/allow"');
      expect(page.text).toContain('Next song');
      expect(page.text).toContain('Allow pairing');

      const before = sim.currentSongId();
      const posted = await call(sim, '/__sim/next', { method: 'POST', rawBody: '', contentType: 'application/x-www-form-urlencoded' });
      expect(posted.status).toBe(303);
      expect(posted.headers.get('location')).toBe('/');
      expect(sim.currentSongId()).not.toBe(before);
    });

    it('escapes every remote string on the control page', async () => {
      sim.setCurrentSong(songTitled(HOSTILE_SONG_TITLE).ID);
      await api(sim, newToken(), '/auth', { method: 'PUT', body: { name: '<img src=y onerror=alert(5)>iPhone' } });
      const page = (await call(sim, '/')).text;
      expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;Ave &lt;b&gt;Maria&lt;/b&gt;');
      expect(page).toContain('&lt;img src=y onerror=alert(5)&gt;iPhone');
      expect(page).not.toMatch(/<img|<b[ >]|<script>alert|<i>|<a href/);
    });
  });
});

describe('OnSong simulator accepting users', () => {
  let sim: OnSongSimulator;
  beforeAll(async () => {
    sim = await startOnSongSimulator({ pairing: 'accept', seed: 7, clock: fixedClock(NOW) });
  });
  afterAll(() => sim.close());

  it('registers a new token at its first PUT /auth', async () => {
    const mine = newToken();
    const reply = await api(sim, mine, '/auth', { method: 'PUT', body: { name: 'Descant' } });
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({ success: 'Token Registered' });
    expect(sim.registeredTokens()).toEqual([mine]);
    expect(sim.pendingTokens()).toEqual([]);
    expect((await api(sim, mine, '/auth', { method: 'PUT' })).json()).toEqual({ success: 'Token Accepted' });
  });

  it('uses its seed and says where it listens', () => {
    expect(sim.origin).toBe(`http://127.0.0.1:${sim.port}`);
    expect(sim.data).toEqual(generateOnSongData(7));
  });
});
