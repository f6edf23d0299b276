import type { NowPlaying, SongLine } from '../model';
import type { SectionsReply, SongReply, StateReply } from './schemas';

/** The popup's view of the iPad, from `/state`, `/songs/current` and its sections. */
export function normaliseNowPlaying(state: StateReply, song: SongReply | undefined, sections: SectionsReply): NowPlaying {
  // The song's own details where we have them, else what /state says of it.
  const current = song ?? state.song;
  const title = song?.title?.trim() || state.song?.title?.trim();
  const artist = song?.artist?.trim() || state.song?.artist?.trim();
  const key = song?.key || state.song?.key;
  const nowPlaying: NowPlaying = { sections: sections.map(normaliseSection) };
  if (current) {
    const transposed = song?.transposedKey && song.transposedKey !== key ? song.transposedKey : undefined;
    nowPlaying.song = {
      id: current.ID,
      title: title || current.ID,
      ...(artist && { artist }),
      ...(key && { key }),
      ...(transposed && { transposedKey: transposed }),
      ...(song?.capo && { capo: song.capo }),
      ...(song?.tempo && { tempo: song.tempo }),
      ...(song?.timeSignature && { timeSignature: song.timeSignature }),
    };
  }
  if (state.set) {
    const songs = (state.set.songs ?? []).map((item) => ({ id: item.ID, title: item.title?.trim() || item.ID, ...(item.key && { key: item.key }) }));
    nowPlaying.set = { title: state.set.title?.trim() || '', songs, currentIndex: songs.findIndex((item) => item.id === current?.ID) };
  }
  return nowPlaying;
}

function normaliseSection(section: SectionsReply[number]): NowPlaying['sections'][number] {
  const [label, blocks] = typeof section === 'string' ? [undefined, [section]] : [section.label?.replace(/:\s*$/, '').trim(), section.sections];
  const lines = blocks.flatMap((block) => block.split(/\r?\n/)).map(parseChordLine);
  return { ...(label && { label }), lines };
}

/** `[G]Amazing [C]grace` → chords over the syllables they fall on. */
export function parseChordLine(line: string): SongLine {
  const segments: SongLine['segments'] = [];
  const pattern = /\[([^\]\n]{1,16})\]/g;
  let last = 0;
  let chord: string | undefined;
  for (const match of line.matchAll(pattern)) {
    if (match.index > last || chord !== undefined) segments.push({ ...(chord !== undefined && { chord }), text: line.slice(last, match.index) });
    chord = match[1]!;
    last = match.index + match[0].length;
  }
  segments.push({ ...(chord !== undefined && { chord }), text: line.slice(last) });
  return { segments: segments.filter((segment, index) => index === 0 || segment.chord !== undefined || segment.text !== '') };
}

/** The song after the current one in the set, if any. */
export function nextInSet(nowPlaying: NowPlaying): { id: string; title: string } | undefined {
  const set = nowPlaying.set;
  return set && set.currentIndex >= 0 ? set.songs[set.currentIndex + 1] : undefined;
}
