import type { Clock } from '../../clock';
import { jsonReply, type Reply } from '../three-rings/http';
import type { SimSong } from './data';
import type { IPadScreen } from './ipad';
import { setItem, setObject, songListItem, songObject, songSections, stateObject } from './shapes';
import { MIN_TOKEN_LENGTH, type TokenRegistry } from './tokens';

/**
 * OnSong Connect's REST API under /api/<token>: token checks first, then the endpoints Descant
 * uses (auth, ping, state, songs, sets) and a few cheap neighbours (myself, the song and set
 * lists). Everything else is a 404. Errors are `{"error": "…"}` with a non-2xx status.
 */

/**
 * HTTP statuses for OnSong's error texts. Only "Song not found" (404) and "No set found" (500)
 * have a status in the docs; the rest are our guesses (see README).
 */
export const ERROR_STATUS = {
  'No Token': 401,
  'Invalid Token Length': 401,
  'Not Registered': 401,
  'Not Accepting Users': 403,
  'Token Not Found': 404,
  'Song not found': 404,
  'No set found': 500,
  'Not Found': 404,
} as const;

export type ApiError = keyof typeof ERROR_STATUS;

export function apiError(message: ApiError): Reply {
  return jsonReply(ERROR_STATUS[message], { error: message });
}

export interface ApiCall {
  method: string;
  url: URL;
  /** The first path segment after /api, decoded; undefined when empty or missing. */
  token?: string;
  /** The path after /api/<token>, e.g. "/state" (no query; "/" when nothing follows). */
  endpoint: string;
  body: string;
}

/** Splits /api/<token>/<endpoint>; undefined when the path is not under /api. */
export function parseApiPath(pathname: string): Pick<ApiCall, 'token' | 'endpoint'> | undefined {
  if (pathname !== '/api' && !pathname.startsWith('/api/')) return undefined;
  const [rawToken = '', ...rest] = pathname.slice('/api/'.length).split('/');
  const token = safeDecode(rawToken);
  const endpoint = `/${rest.join('/')}`.replace(/(.)\/+$/, '$1');
  return { ...(token !== '' && { token }), endpoint };
}

export interface ApiContext {
  ipad: IPadScreen;
  tokens: TokenRegistry;
  /** e.g. http://127.0.0.1:5076, for GET /myself. */
  origin: string;
  /** The iPad's clock, for GET /ping. */
  clock: Clock;
}

export function answerApi(call: ApiCall, context: ApiContext): Reply {
  const { token } = call;
  if (token === undefined) return apiError('No Token');
  if (token.length < MIN_TOKEN_LENGTH) return apiError('Invalid Token Length');
  // A HEAD is answered as the GET would be; Node leaves the body out.
  const method = call.method === 'HEAD' ? 'GET' : call.method;
  if (call.endpoint === '/auth') return answerAuth(method, token, call.body, context);
  if (!context.tokens.isRegistered(token)) return apiError('Not Registered');
  if (method !== 'GET') return apiError('Not Found');
  return answerGet(call, context) ?? apiError('Not Found');
}

function answerAuth(method: string, token: string, body: string, { tokens }: ApiContext): Reply {
  switch (method) {
    case 'PUT': {
      const outcome = tokens.ask(token, deviceName(body));
      return outcome === 'Not Accepting Users' ? apiError(outcome) : jsonReply(200, { success: outcome });
    }
    case 'GET':
      return tokens.isRegistered(token) ? jsonReply(200, { success: 'Token Registered' }) : apiError('Not Registered');
    case 'DELETE':
      return tokens.unregister(token) ? jsonReply(200, { success: 'Token Unregistered' }) : apiError('Token Not Found');
    default:
      return apiError('Not Found');
  }
}

/** `{"name": "…"}`; the body is optional, and anything else in it is ignored. */
function deviceName(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'name' in parsed && typeof parsed.name === 'string') return parsed.name;
  } catch {
    // No body, or not JSON: the iPad then shows the token itself.
  }
  return undefined;
}

function answerGet({ url, endpoint, token }: ApiCall, { ipad, origin, clock }: ApiContext): Reply | undefined {
  const query = url.searchParams;
  if (endpoint === '/ping') return jsonReply(200, { pong: clock().toISOString() });
  if (endpoint === '/myself') return jsonReply(200, { name: 'Choir iPad', endpoint: `${origin}/api`, model: 'iPad', token });
  if (endpoint === '/state') {
    const reply = jsonReply(200, stateObject(ipad));
    return { ...reply, headers: { ...reply.headers, 'Last-Modified': new Date(ipad.changedAt).toUTCString() } };
  }
  if (endpoint === '/songs') return jsonReply(200, songList(ipad, query));
  if (endpoint === '/sets') {
    const results = ipad.data.sets.map((set) => ({ ID: set.ID, title: set.title, quantity: ipad.songsOf(set).length }));
    return jsonReply(200, { attributes: Object.fromEntries(query), count: results.length, results });
  }

  const [, collection, rawId, detail, ...more] = endpoint.split('/');
  if (rawId === undefined || more.length > 0) return undefined;
  const id = safeDecode(rawId);
  if (collection === 'songs' && (detail === undefined || detail === 'sections')) {
    const song = ipad.findSong(id);
    if (!song) return apiError('Song not found');
    if (detail === undefined) return jsonReply(200, songObject(song));
    return jsonReply(
      200,
      songSections(song, {
        withChords: flag(query, 'with_chords', false),
        withSections: flag(query, 'with_sections', false),
        withTransposition: flag(query, 'with_transposition', false),
      }),
    );
  }
  if (collection === 'sets' && (detail === undefined || detail === 'songs')) {
    const set = ipad.findSet(id);
    if (!set) return apiError('No set found');
    if (detail === 'songs') return jsonReply(200, ipad.songsOf(set).map(setItem));
    return jsonReply(200, setObject(set, ipad, { withSongs: flag(query, 'show_songs', false) }));
  }
  return undefined;
}

/** GET /songs: a small part of the search (q, title, artist, key, set, sort, paging). */
function songList(ipad: IPadScreen, query: URLSearchParams): Record<string, unknown> {
  const has = (value: string, wanted: string | null) => wanted === null || value.toLowerCase().includes(wanted.toLowerCase());
  const lyrics = (song: SimSong) => song.sections.flatMap((section) => section.lines).join('\n');
  const setSongs = query.get('set') === null ? undefined : new Set(ipad.findSet(query.get('set') ?? '')?.songIds ?? []);
  const matching = ipad.data.songs.filter(
    (song) =>
      has(`${song.title}\n${song.artist}\n${song.keywords}\n${lyrics(song)}`, query.get('q')) &&
      has(song.title, query.get('title')) &&
      has(song.artist, query.get('artist')) &&
      (query.get('key') === null || (song.transposedKey ?? song.key) === query.get('key')) &&
      (!setSongs || setSongs.has(song.ID)),
  );
  const sortBy = query.get('sort') === 'artist' ? 'artist' : 'title';
  const sorted = [...matching].sort((a, b) => a[sortBy].localeCompare(b[sortBy]));
  if (flag(query, 'descending', false)) sorted.reverse();
  const start = wholeNumber(query.get('start'), 0);
  const limit = wholeNumber(query.get('limit'), 100);
  return { count: matching.length, results: sorted.slice(start, start + limit).map(songListItem), attributes: Object.fromEntries(query) };
}

function flag(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const value = query.get(name)?.toLowerCase();
  if (value === 'true' || value === '1' || value === 'yes') return true;
  if (value === 'false' || value === '0' || value === 'no') return false;
  return fallback;
}

function wholeNumber(text: string | null, fallback: number): number {
  const value = Number(text);
  return text !== null && Number.isInteger(value) && value >= 0 ? value : fallback;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
