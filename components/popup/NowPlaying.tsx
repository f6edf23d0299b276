import type { NowPlaying as NowPlayingData, SongLine } from '@/lib/model';
import type { Problem } from '@/lib/problems';
import { t } from '@/lib/i18n';
import { formatClock, type FormatOptions } from '@/lib/format';
import { nextInSet } from '@/lib/onsong/normalise';
import { ProblemBanner } from '../shared/ProblemBanner';

/** What the popup knows of the iPad right now. */
export interface OnSongView {
  nowPlaying?: NowPlayingData;
  /** When what is shown was last seen on the iPad. */
  seenAt?: number;
  /** True while the iPad answers; false shows what was last seen, marked as such. */
  live: boolean;
  problem?: Problem;
  notConfigured?: boolean;
}

/** How the member left the card: with the words open or shut, and chords shown or not. */
export interface SongCardChoices {
  wordsOpen: boolean;
  showChords: boolean;
}

interface Props {
  view: OnSongView;
  choices: SongCardChoices;
  onChoose: (choices: SongCardChoices) => void;
  onOpenSettings: () => void;
  format?: FormatOptions;
}

/**
 * The song up on the choir's iPad, as a compact card: its title, key, capo and tempo, and the
 * next song. Its words and chords wait behind "Words", open or shut as the member left it.
 */
export function NowPlaying({ view, choices, onChoose, onOpenSettings, format }: Props) {
  if (view.notConfigured) {
    return (
      <section class="now-playing not-configured" aria-label={t('nowPlayingHeading')}>
        <p>{t('nowPlayingNotConfigured')}</p>
        <button type="button" class="button" onClick={onOpenSettings}>
          {t('problemOpenSettings')}
        </button>
      </section>
    );
  }
  const { nowPlaying, problem } = view;
  const song = nowPlaying?.song;
  return (
    <section class="now-playing" aria-labelledby="now-playing-heading" data-live={view.live ? 'true' : 'false'}>
      <h2 id="now-playing-heading">{t('nowPlayingHeading')}</h2>
      {problem && <ProblemBanner problem={problem} format={format} onOpenSettings={onOpenSettings} />}
      {!view.live && nowPlaying && view.seenAt !== undefined && <p class="stale">{t('nowPlayingLastSeen', [formatClock(view.seenAt, format)])}</p>}
      {!nowPlaying && !problem && <p class="loading">{t('nowPlayingConnecting')}</p>}
      {nowPlaying && !song && <p class="empty">{t('nowPlayingNothing')}</p>}
      {song && (
        <>
          <p class="song-title" dir="auto">
            {song.title}
          </p>
          {song.artist && (
            <p class="song-artist" dir="auto">
              {song.artist}
            </p>
          )}
          <SongFacts song={song} />
          {nowPlaying.set && nowPlaying.set.currentIndex >= 0 && <UpNext next={nextInSet(nowPlaying)} />}
          {nowPlaying.sections.length > 0 && (
            <details class="words" open={choices.wordsOpen} onToggle={(event) => onChoose({ ...choices, wordsOpen: (event.currentTarget as HTMLDetailsElement).open })}>
              <summary>{t('nowPlayingWords')}</summary>
              <div class="lyrics">
                <label class="chords-toggle">
                  <input type="checkbox" checked={choices.showChords} onChange={() => onChoose({ ...choices, showChords: !choices.showChords })} /> {t('nowPlayingChords')}
                </label>
                {nowPlaying.sections.map((section, index) => (
                  <section key={index} class="song-section" aria-label={section.label ?? t('nowPlayingLyrics')}>
                    {section.label && <h3 dir="auto">{section.label}</h3>}
                    {section.lines.map((line, lineIndex) => (
                      <Line key={lineIndex} line={line} showChords={choices.showChords} />
                    ))}
                  </section>
                ))}
              </div>
            </details>
          )}
        </>
      )}
    </section>
  );
}

function SongFacts({ song }: { song: NonNullable<NowPlayingData['song']> }) {
  const key = song.transposedKey ? t('nowPlayingKeyTransposed', [song.transposedKey, song.key ?? '?']) : song.key;
  const facts: [string, string | undefined][] = [
    [t('nowPlayingKey'), key],
    [t('nowPlayingCapo'), song.capo ? String(song.capo) : undefined],
    [t('nowPlayingTempo'), song.tempo ? t('nowPlayingTempoValue', [String(song.tempo)]) : undefined],
  ];
  const shown = facts.filter((fact): fact is [string, string] => !!fact[1]);
  if (shown.length === 0) return null;
  return (
    <dl class="song-facts">
      {shown.map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The song after this one in the set, or that this one is the last. */
function UpNext({ next }: { next: { title: string } | undefined }) {
  return (
    <p class="up-next" dir="auto">
      {next ? t('nowPlayingUpNext', [next.title]) : t('nowPlayingLastInSet')}
    </p>
  );
}

/** Chords sit above the words they fall on; hidden, the words read as one line. */
function Line({ line, showChords }: { line: SongLine; showChords: boolean }) {
  const hasChords = showChords && line.segments.some((segment) => segment.chord);
  return (
    <p class={hasChords ? 'line with-chords' : 'line'} dir="auto">
      {line.segments.map((segment, index) =>
        hasChords ? (
          <span key={index} class="segment">
            <span class="chord" aria-hidden={segment.chord ? undefined : 'true'}>
              {segment.chord ?? ' '}
            </span>
            <span class="words">{segment.text || ' '}</span>
          </span>
        ) : (
          segment.text
        ),
      )}
    </p>
  );
}
