/**
 * Inline [bracketed] chords: taken out for with_chords=false, and moved to the song's
 * transposedKey for with_transposition=true.
 */

const INLINE_CHORD = /\[([^\]]*)\]/g;
const SHARP_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'] as const;
const FLAT_NAMES = ['C', 'Db', 'D', 'Eb', 'E', 'F', 'Gb', 'G', 'Ab', 'A', 'Bb', 'B'] as const;
/** Keys written with flats (minor keys by their own name, e.g. Dm has one flat). */
const FLAT_KEYS = new Set(['F', 'Bb', 'Eb', 'Ab', 'Db', 'Gb', 'Dm', 'Gm', 'Cm', 'Fm', 'Bbm', 'Ebm']);

export function stripChords(line: string): string {
  return line.replace(INLINE_CHORD, '');
}

/** Semitones up from one key to another (0–11), or 0 when either is not a key we can read. */
export function semitonesBetween(fromKey: string, toKey: string): number {
  const from = pitchOf(fromKey);
  const to = pitchOf(toKey);
  return from === undefined || to === undefined ? 0 : (to - from + 12) % 12;
}

export function transposeLine(line: string, semitones: number, toKey: string): string {
  if (semitones % 12 === 0) return line;
  const names = FLAT_KEYS.has(toKey) ? FLAT_NAMES : SHARP_NAMES;
  const move = (note: string) => {
    const pitch = pitchOf(note);
    return pitch === undefined ? note : (names[(pitch + semitones + 120) % 12] ?? note);
  };
  // The root, and the bass note after a slash (D/F#); the chord's quality stays as written.
  return line.replace(INLINE_CHORD, (_, chord: string) => `[${chord.replace(/^[A-G][#b]?/, move).replace(/\/([A-G][#b]?)/, (__, bass: string) => `/${move(bass)}`)}]`);
}

function pitchOf(keyOrNote: string): number | undefined {
  const match = /^([A-G])([#b]?)/.exec(keyOrNote);
  if (!match) return undefined;
  const natural = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 }[match[1] as 'C'];
  return (natural + (match[2] === '#' ? 1 : match[2] === 'b' ? 11 : 0)) % 12;
}
