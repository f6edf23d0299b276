import { semitonesBetween, stripChords, transposeLine } from './chords';
import type { SimSet, SimSong } from './data';
import type { IPadScreen } from './ipad';

/**
 * The objects OnSong Connect sends, as its documentation shows them: numbers as numbers, 0/1
 * for `favorite`, true/false for `usefile`, and nothing that would be null (the docs say null
 * values are left out).
 */

export interface SongListItem {
  ID: string;
  title: string;
  artist: string;
  /** The key it is played in now: the transposed one when there is one. */
  key: string;
  favorite: 0 | 1;
  usefile: boolean;
}

export function songListItem(song: SimSong): SongListItem {
  return { ID: song.ID, title: song.title, artist: song.artist, key: song.transposedKey ?? song.key, favorite: song.favorite, usefile: song.usefile };
}

/** A song as a set lists it. */
export function setItem(song: SimSong): SongListItem & { class: 'Song' } {
  return { ...songListItem(song), class: 'Song' };
}

/** The Song Object: `key` is the original key; `transposedKey` appears only when transposed. */
export function songObject(song: SimSong): Record<string, unknown> {
  const transposed = song.transposedKey !== undefined && song.transposedKey !== song.key;
  return {
    ID: song.ID,
    title: song.title,
    artist: song.artist,
    key: song.key,
    ...(transposed && { transposedKey: song.transposedKey }),
    performTransposition: transposed,
    capo: song.capo,
    adjustForCapo: false,
    tempo: song.tempo,
    timeSignature: song.timeSignature,
    duration: song.duration,
    favorite: song.favorite,
    usefile: song.usefile,
    copyright: song.copyright,
    ...(song.ccli !== undefined && { ccli: song.ccli }),
    ...(song.number !== undefined && { number: song.number }),
    keywords: song.keywords,
    created: song.created,
    modified: song.modified,
    imported: false,
    chordStyle: 0,
    chordPosition: 1,
    showChords: true,
    showLyrics: true,
    showTitle: true,
    showMetadata: true,
  };
}

export interface SectionOptions {
  withChords: boolean;
  withSections: boolean;
  withTransposition: boolean;
}

/**
 * GET /songs/<id>/sections: `[{label, sections: ["line\nline"]}]` with_sections=true, else one
 * string per section (without its label).
 */
export function songSections(song: SimSong, options: SectionOptions): Array<string | { label: string; sections: string[] }> {
  const shift = options.withTransposition && song.transposedKey ? semitonesBetween(song.key, song.transposedKey) : 0;
  const line = (text: string) => (options.withChords ? transposeLine(text, shift, song.transposedKey ?? song.key) : stripChords(text));
  return song.sections.map((section) => {
    const text = section.lines.map(line).join('\n');
    return options.withSections ? { label: section.label, sections: [text] } : text;
  });
}

/** The Set Object; `songs` only when asked for. */
export function setObject(set: SimSet, ipad: IPadScreen, options: { withSongs: boolean; orderIndex?: number }): Record<string, unknown> {
  const songs = ipad.songsOf(set);
  return {
    ID: set.ID,
    title: set.title,
    quantity: songs.length,
    datetime: set.datetime,
    orderMethod: 'orderIndex',
    ...(options.orderIndex !== undefined && { orderIndex: options.orderIndex }),
    user: set.user,
    created: set.created,
    modified: set.modified,
    ...(options.withSongs && { songs: songs.map(setItem) }),
  };
}

/**
 * The State Object. `set` comes with its songs inline, and is left out when no set is current;
 * its `orderIndex` is where the song on screen stands in the set (a guess: the docs' one example
 * has 0 with the set's first song on screen).
 */
export function stateObject(ipad: IPadScreen): Record<string, unknown> {
  const song = ipad.findSong('current');
  const set = ipad.findSet('current');
  const index = set ? ipad.songsOf(set).findIndex((candidate) => candidate.ID === song?.ID) : -1;
  return {
    ...(song && { song: songListItem(song) }),
    ...(set && { set: setObject(set, ipad, { withSongs: true, ...(index >= 0 && { orderIndex: index }) }) }),
    book: 'all',
    position: ipad.position,
    section: ipad.section,
    autoScroll: false,
  };
}
