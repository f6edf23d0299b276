import type { SimSection } from './data';

/**
 * The songs on the simulated iPad, before the seed gives them IDs, dates and the like. Words are
 * public domain (old hymns, folk songs, Latin and Hebrew traditional texts). Chords sit inline in
 * ChordPro-style [brackets], in the song's original key, as OnSong sends them with_chords=true.
 *
 * A few songs are there to catch the extension out: markup in titles and lyrics (shown as text,
 * never run), a title far longer than a popup is wide, Hebrew (right-to-left), and one song the
 * choir sings transposed with a capo.
 */

/** Why a song is in the catalogue; tests find the awkward ones by it. */
export type SongRole = 'plain' | 'hostile' | 'right-to-left' | 'long-title' | 'transposed';

export interface CatalogueSong {
  role: SongRole;
  title: string;
  artist: string;
  key: string;
  transposedKey?: string;
  capo?: number;
  /** Beats per minute before the seed nudges it a little. */
  tempo: number;
  timeSignature: string;
  copyright: string;
  keywords: string;
  sections: SimSection[];
}

export const HOSTILE_SONG_TITLE = '<img src=x onerror=alert(1)>Ave <b>Maria</b>';
export const RIGHT_TO_LEFT_SONG_TITLE = 'הבאנו שלום עליכם';
export const LONG_SONG_TITLE =
  'Psalm 150, Being a Very Long and Winding Anthem for Double Choir, Brass, Timpani and Organ, with a Doxology, ' +
  'a Descant for the Final Verse, Optional Handbells and a Coda That Nobody Has Ever Rehearsed Properly (Revised Edition)';
export const TRANSPOSED_SONG_TITLE = 'Be Thou My Vision';

export const CATALOGUE: readonly CatalogueSong[] = [
  {
    role: 'plain',
    title: 'Amazing Grace',
    artist: 'John Newton',
    key: 'G',
    tempo: 72,
    timeSignature: '3/4',
    copyright: 'Public domain',
    keywords: 'hymn, grace',
    sections: [
      {
        label: 'Verse 1:',
        lines: [
          '[G]Amazing [G7]grace, how [C]sweet the [G]sound',
          'That saved a wretch like [D]me',
          'I [G]once was [G7]lost, but [C]now am [G]found',
          'Was [Em]blind, but [D7]now I [G]see',
        ],
      },
      {
        label: 'Verse 2:',
        lines: [
          "'Twas [G]grace that [G7]taught my [C]heart to [G]fear",
          'And grace my fears re[D]lieved',
          'How [G]precious [G7]did that [C]grace ap[G]pear',
          'The [Em]hour I [D7]first be[G]lieved',
        ],
      },
    ],
  },
  {
    // Sung in E: the guitarist plays D shapes with a capo on the second fret.
    role: 'transposed',
    title: TRANSPOSED_SONG_TITLE,
    artist: 'Irish traditional, tr. Mary Byrne & Eleanor Hull',
    key: 'D',
    transposedKey: 'E',
    capo: 2,
    tempo: 96,
    timeSignature: '3/4',
    copyright: 'Public domain',
    keywords: 'hymn, Irish',
    sections: [
      {
        label: 'Verse 1:',
        lines: [
          '[D]Be Thou my [G]Vision, O [D]Lord of my [Bm]heart',
          '[G]Naught be all [D]else to me, [Em]save that Thou [A]art',
          '[D]Thou my best [G]thought, by [D]day or by [Bm]night',
          '[G]Waking or [D]sleeping, [A]Thy presence my [D]light',
        ],
      },
      {
        label: 'Verse 2:',
        lines: [
          '[D]Be Thou my [G]Wisdom, and [D]Thou my true [Bm]Word',
          '[G]I ever [D]with Thee and [Em]Thou with me, [A]Lord',
        ],
      },
    ],
  },
  {
    role: 'plain',
    title: 'Abide with Me',
    artist: 'Henry F. Lyte / W. H. Monk',
    key: 'Eb',
    tempo: 66,
    timeSignature: '4/4',
    copyright: 'Public domain',
    keywords: 'hymn, evening',
    sections: [
      {
        label: 'Verse 1:',
        lines: [
          '[Eb]Abide with [Bb]me, [Eb]fast falls the [Ab]even[Eb]tide',
          'The [Eb]darkness [Cm]deepens, [F7]Lord, with me a[Bb]bide',
          'When [Eb]other [Bb]helpers [Eb]fail and [Ab]comforts [Eb]flee',
          'Help [Ab]of the [Eb]help[Bb]less, O a[Bb7]bide with [Eb]me',
        ],
      },
    ],
  },
  {
    role: 'plain',
    title: 'Holy, Holy, Holy',
    artist: 'Reginald Heber / John B. Dykes',
    key: 'D',
    tempo: 88,
    timeSignature: '4/4',
    copyright: 'Public domain',
    keywords: 'hymn, Trinity',
    sections: [
      {
        label: 'Verse 1:',
        lines: [
          '[D]Holy, holy, [Bm]holy! [G]Lord God Al[D]mighty',
          '[D]Early in the [Bm]morning our [E7]song shall rise to [A]Thee',
          '[D]Holy, holy, [Bm]holy, [G]merciful and [D]mighty',
          '[G]God in three [D]Persons, [A]blessed Trini[D]ty',
        ],
      },
    ],
  },
  {
    role: 'plain',
    title: 'The Ash Grove',
    artist: 'Welsh traditional, words John Oxenford',
    key: 'F',
    tempo: 104,
    timeSignature: '3/4',
    copyright: 'Public domain',
    keywords: 'folk, Welsh',
    sections: [
      {
        label: 'Verse 1:',
        lines: [
          'The [F]ash grove, how [C]graceful, how [F]plainly \u2019tis [Bb]speaking',
          'The [F]harp through it [C]playing has [F]language for [C]me',
        ],
      },
    ],
  },
  {
    role: 'plain',
    title: 'Shenandoah',
    artist: 'American traditional',
    key: 'D',
    tempo: 60,
    timeSignature: '4/4',
    copyright: 'Public domain',
    keywords: 'folk, river',
    sections: [
      {
        label: 'Verse 1:',
        lines: [
          'Oh [D]Shenan[G]doah, I [D]long to see you',
          'A[Bm]way, you [G]rolling [D]river',
          'Oh [D]Shenandoah, I [Bm]long to [G]see you',
          "A[D]way, I'm [A]bound a[Bm]way, 'cross the [A]wide Mis[D]souri",
        ],
      },
    ],
  },
  {
    role: 'right-to-left',
    title: RIGHT_TO_LEFT_SONG_TITLE,
    artist: 'מסורתי (Traditional)',
    key: 'Dm',
    tempo: 126,
    timeSignature: '4/4',
    copyright: 'Public domain',
    keywords: 'folk, Hebrew, round',
    sections: [
      {
        label: 'פזמון:',
        lines: [
          '[Dm]הבאנו שלום [A7]עליכם',
          '[A7]הבאנו שלום [Dm]עליכם',
          '[Dm]הבאנו שלום, [Gm]שלום, [A7]שלום [Dm]עליכם',
        ],
      },
      {
        label: 'Transliteration:',
        lines: ['[Dm]Hevenu shalom a[A7]leichem', '[Dm]Hevenu shalom, [Gm]shalom, [A7]shalom a[Dm]leichem'],
      },
    ],
  },
  {
    role: 'hostile',
    title: HOSTILE_SONG_TITLE,
    artist: 'Franz Schubert & "Friends" <i>arr.</i>',
    key: 'Bb',
    tempo: 56,
    timeSignature: '4/4',
    copyright: 'Public domain <a href="javascript:alert(2)">&copy;</a>',
    keywords: 'Latin, <script>alert(4)</script>',
    sections: [
      {
        label: 'Verse 1:',
        lines: [
          '[Bb]Ave Ma[F7]ri[Bb]a, <b>gratia plena</b>',
          '<script>alert(1)</script>[Eb]Dominus [Bb]tecum',
          'Benedicta tu in [F]mulieribus & [Bb]fructus ventris',
        ],
      },
      {
        label: '<b onmouseover=alert(3)>Amen</b>:',
        lines: ['[Bb]Sancta Maria, <b>Mater Dei</b>', 'ora pro nobis "peccatoribus" & <u>nunc</u>'],
      },
    ],
  },
  {
    role: 'long-title',
    title: LONG_SONG_TITLE,
    artist: 'Anonymous, arranged for the choir by Someone With a Remarkably Long Name Indeed',
    key: 'C',
    tempo: 112,
    timeSignature: '4/4',
    copyright: 'Public domain (Book of Common Prayer)',
    keywords: 'anthem, psalm',
    sections: [
      {
        label: 'Verse 1:',
        lines: [
          'O [C]praise God in his [F]holiness: praise him in the [G]firmament of his [C]power',
          'Praise him in his [Am]noble acts: praise him according to his [F]excellent [G]great[C]ness',
          'Praise him in the [F]sound of the trumpet: praise him upon the [G]lute and [C]harp, and upon the well-tuned cymbals, and upon the loud cymbals, and upon everything else the brass section brought along',
        ],
      },
    ],
  },
  {
    role: 'plain',
    title: 'Dona Nobis Pacem',
    artist: 'Traditional round',
    key: 'F',
    tempo: 84,
    timeSignature: '3/4',
    copyright: 'Public domain',
    keywords: 'round, Latin',
    sections: [{ label: 'Round:', lines: ['[F]Dona nobis [C]pacem, [F]pacem', '[F]Dona [C]nobis [F]pacem'] }],
  },
  {
    role: 'plain',
    title: 'Jerusalem',
    artist: 'William Blake / Hubert Parry',
    key: 'D',
    tempo: 76,
    timeSignature: '4/4',
    copyright: 'Public domain',
    keywords: 'anthem',
    sections: [
      {
        label: 'Verse 1:',
        lines: [
          '[D]And did those [G]feet in [D]ancient [A]time',
          "Walk [D]upon [Bm]England's [E]mountains [A]green",
          'And [D]was the [G]holy [D]Lamb of [A]God',
          "On [Bm]England's [E]pleasant [A]pastures [D]seen",
        ],
      },
    ],
  },
  {
    role: 'plain',
    title: 'Crown Him with Many Crowns',
    artist: 'Matthew Bridges / George J. Elvey',
    key: 'D',
    tempo: 100,
    timeSignature: '4/4',
    copyright: 'Public domain',
    keywords: 'hymn',
    sections: [
      {
        label: 'Verse 1:',
        lines: ['[D]Crown Him with [A]many [D]crowns', 'The [G]Lamb up[D]on His [A]throne', '[D]Hark! how the [Bm]heavenly [E]anthem [A]drowns', 'All [D]music [G]but its [A]own'],
      },
    ],
  },
  {
    role: 'plain',
    title: 'All Through the Night',
    artist: 'Welsh traditional, words Harold Boulton',
    key: 'G',
    tempo: 72,
    timeSignature: '4/4',
    copyright: 'Public domain',
    keywords: 'folk, Welsh, lullaby',
    sections: [
      {
        label: 'Verse 1:',
        lines: ['[G]Sleep, my [C]child, and [G]peace at[D]tend thee', '[G]All [C]through the [D]night[G]', '[G]Guardian [C]angels [G]God will [D]send thee', '[G]All [C]through the [D]night[G]'],
      },
    ],
  },
];
