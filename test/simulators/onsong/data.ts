import { SeededRandom } from '../three-rings/random';
import { CATALOGUE, type CatalogueSong, type SongRole } from './catalogue';

/**
 * The simulated iPad's library: the catalogue's songs with seeded IDs, tempos, dates and so on,
 * and two sets. The same seed gives the same data on every machine and every day (dates are
 * fixed, not relative to today).
 */

export interface SimSection {
  /** Sent as is, e.g. "Verse 1:" (OnSong keeps the colon). */
  label: string;
  /** Lyrics with chords inline in [brackets], in the song's original key. */
  lines: string[];
}

export interface SimSong {
  /** An uppercase UUID, as OnSong makes them. */
  ID: string;
  title: string;
  artist: string;
  /** The original key. */
  key: string;
  /** Only when the song is played in another key; lists then show this one as `key`. */
  transposedKey?: string;
  capo: number;
  tempo: number;
  timeSignature: string;
  /** Seconds. */
  duration: number;
  favorite: 0 | 1;
  usefile: boolean;
  copyright: string;
  ccli?: number;
  number?: string;
  keywords: string;
  /** ISO 8601 with an offset, like the docs' examples. */
  created: string;
  modified: string;
  sections: SimSection[];
}

export interface SimSet {
  ID: string;
  title: string;
  /** ISO 8601 with an offset. */
  datetime: string;
  /** In running order. */
  songIds: string[];
  created: string;
  modified: string;
  /** The OnSong user who made it (a 40-digit hex id in the docs' examples). */
  user: string;
}

export interface OnSongData {
  songs: SimSong[];
  sets: SimSet[];
}

export const SUNDAY_SET_TITLE = 'Sunday rehearsal';
export const CONCERT_SET_TITLE = 'Spring concert';

/** Fixed, so that the data does not change from day to day. */
const LIBRARY_STARTED = Date.UTC(2023, 0, 8, 12);
const SUNDAY_REHEARSAL = Date.UTC(2026, 2, 1, 10, 30);
const SPRING_CONCERT = Date.UTC(2026, 3, 25, 19);
const DAY = 86_400_000;

export function generateOnSongData(seed: number): OnSongData {
  const random = new SeededRandom(seed);
  const user = hex(random, 40).toLowerCase();
  const songs = CATALOGUE.map((entry) => toSimSong(entry, random));
  const byRole = (role: SongRole) => songs.filter((_, i) => CATALOGUE[i]?.role === role);
  const theOne = (role: SongRole): SimSong => {
    const song = byRole(role)[0];
    if (!song) throw new Error(`the catalogue has no ${role} song`);
    return song;
  };
  const [opener, closer] = random.sample(byRole('plain'), 2) as [SimSong, SimSong];
  const awkward = [theOne('transposed'), theOne('hostile'), theOne('right-to-left'), theOne('long-title')];

  // The current set holds every awkward song, so that "Next song" reaches each of them; it
  // opens and closes with ordinary ones, so that the first screen of a demo looks ordinary.
  const sunday = makeSet(random, SUNDAY_SET_TITLE, SUNDAY_REHEARSAL, user, [opener, ...awkward, closer]);
  const concert = makeSet(random, CONCERT_SET_TITLE, SPRING_CONCERT, user, random.sample(songs, 5));
  return { songs, sets: [sunday, concert] };
}

function toSimSong(entry: CatalogueSong, random: SeededRandom): SimSong {
  const created = LIBRARY_STARTED + random.int(0, 400) * DAY + random.int(0, 86_399) * 1000;
  const modified = created + random.int(1, 300) * DAY + random.int(0, 86_399) * 1000;
  const ccli = random.chance(0.7) ? random.int(1_000, 7_999_999) : undefined;
  const number = random.chance(0.6) ? String(random.int(1, 700)) : undefined;
  return {
    ID: uuid(random),
    title: entry.title,
    artist: entry.artist,
    key: entry.key,
    ...(entry.transposedKey !== undefined && { transposedKey: entry.transposedKey }),
    capo: entry.capo ?? 0,
    tempo: entry.tempo + random.int(-4, 4),
    timeSignature: entry.timeSignature,
    duration: random.int(100, 330),
    favorite: random.chance(0.3) ? 1 : 0,
    usefile: false,
    copyright: entry.copyright,
    ...(ccli !== undefined && { ccli }),
    ...(number !== undefined && { number }),
    keywords: entry.keywords,
    created: isoWithOffset(created),
    modified: isoWithOffset(modified),
    sections: entry.sections.map((section) => ({ label: section.label, lines: [...section.lines] })),
  };
}

function makeSet(random: SeededRandom, title: string, at: number, user: string, songs: SimSong[]): SimSet {
  const created = at - random.int(3, 20) * DAY;
  return {
    ID: uuid(random),
    title,
    datetime: isoWithOffset(at),
    songIds: songs.map((song) => song.ID),
    created: isoWithOffset(created),
    modified: isoWithOffset(created + random.int(1, 2) * DAY),
    user,
  };
}

/** `2026-03-01T10:30:00+00:00`: the docs' examples give dates with an offset and no fraction. */
export function isoWithOffset(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/** A version-4 UUID in uppercase, e.g. 54AD9D08-69F0-49E7-9086-247B9F70457F. */
export function uuid(random: SeededRandom): string {
  const digits = hex(random, 32).split('');
  digits[12] = '4';
  digits[16] = '89AB'[random.int(0, 3)] as string;
  const text = digits.join('');
  return `${text.slice(0, 8)}-${text.slice(8, 12)}-${text.slice(12, 16)}-${text.slice(16, 20)}-${text.slice(20)}`;
}

function hex(random: SeededRandom, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += random.int(0, 15).toString(16).toUpperCase();
  return text;
}
