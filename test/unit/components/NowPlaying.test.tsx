import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/preact';
import { NowPlaying, type OnSongView, type SongCardChoices } from '@/components/popup/NowPlaying';
import { parseChordLine } from '@/lib/onsong/normalise';
import type { NowPlaying as NowPlayingData } from '@/lib/model';

const hostile = '<img src=x onerror=alert(1)>Ave <b>Maria</b>';
const nowPlaying: NowPlayingData = {
  song: { id: 'B', title: hostile, artist: 'Biebl', key: 'C', transposedKey: 'D', capo: 2, tempo: 60, timeSignature: '4/4' },
  set: { title: 'Sunday rehearsal', songs: [{ id: 'A', title: 'Ubi caritas' }, { id: 'B', title: hostile }, { id: 'C', title: 'Bogoroditse Devo' }], currentIndex: 1 },
  sections: [{ label: 'Verse 1', lines: [parseChordLine('[G]Ave [C]Maria <script>alert(1)</script>')] }],
};

/** The member's locale and zone, given rather than the machine's. */
const format = { locale: 'en-GB', timeZone: 'Europe/London' };

function show(view: OnSongView, choices: SongCardChoices = { wordsOpen: true, showChords: true }) {
  const onChoose = vi.fn();
  const onOpenSettings = vi.fn();
  const { container } = render(<NowPlaying view={view} choices={choices} onChoose={onChoose} onOpenSettings={onOpenSettings} format={format} />);
  return { container, onChoose, onOpenSettings };
}

describe('NowPlaying', () => {
  it('is a compact card: the song, its key as played and as written, capo, tempo, and the next song', () => {
    const { container } = show({ nowPlaying, live: true, seenAt: 0 });
    expect(container.querySelector('.song-title')!.textContent).toBe(hostile);
    expect([...container.querySelectorAll('.song-facts dt')].map((term) => term.textContent)).toEqual(['Key', 'Capo', 'Tempo']);
    expect(container.querySelector('.song-facts')!.textContent).toContain('D (written in C)');
    expect(container.querySelector('.song-facts')!.textContent).toContain('60 bpm');
    expect(screen.getByText('Up next: Bogoroditse Devo')).toBeTruthy();
    expect(container.querySelector('.set-list')).toBeNull();
    expect(container.querySelector('.stale')).toBeNull();
  });

  it('keeps the words behind a "Words" disclosure, open or shut as the member left it, and says when it is toggled', () => {
    const shut = show({ nowPlaying, live: true }, { wordsOpen: false, showChords: true });
    const words = shut.container.querySelector<HTMLDetailsElement>('details.words')!;
    expect(words.open).toBe(false);
    expect(words.querySelector('summary')!.textContent).toBe('Words');
    words.open = true;
    fireEvent(words, new Event('toggle'));
    expect(shut.onChoose).toHaveBeenCalledWith({ wordsOpen: true, showChords: true });
    shut.container.remove();
    expect(show({ nowPlaying, live: true }, { wordsOpen: true, showChords: true }).container.querySelector<HTMLDetailsElement>('details.words')!.open).toBe(true);
  });

  it('says when the song is the last of the set', () => {
    show({ nowPlaying: { ...nowPlaying, set: { ...nowPlaying.set!, currentIndex: 2 } }, live: true });
    expect(screen.getByText('This is the last song in the set.')).toBeTruthy();
  });

  it('renders hostile titles and lyrics as inert text', () => {
    const { container } = show({ nowPlaying, live: true });
    expect(container.querySelector('img, script, b')).toBeNull();
    expect(container.querySelector('.lyrics')!.textContent).toContain('<script>alert(1)</script>');
  });

  it('shows chords over the words, or the words alone, as the toggle says', () => {
    const withChords = show({ nowPlaying, live: true });
    expect([...withChords.container.querySelectorAll('.chord')].map((chord) => chord.textContent)).toEqual(['G', 'C']);
    fireEvent.click(screen.getByLabelText('Show chords'));
    expect(withChords.onChoose).toHaveBeenCalledWith({ wordsOpen: true, showChords: false });
    withChords.container.remove();
    const without = show({ nowPlaying, live: true }, { wordsOpen: true, showChords: false });
    expect(without.container.querySelector('.chord')).toBeNull();
    expect(without.container.querySelector('.line')!.textContent).toBe('Ave Maria <script>alert(1)</script>');
  });

  it('keeps the last song on screen, marked as last seen, under the problem', () => {
    const { container } = show({ nowPlaying, live: false, seenAt: Date.UTC(2026, 10, 22, 19, 5), problem: { kind: 'offline', service: 'onSong' } });
    expect(container.querySelector('[role="alert"]')!.textContent).toMatch(/iPad can't be reached/);
    expect(container.querySelector('.stale')!.textContent).toMatch(/Last seen at 19:05\b/);
    expect(container.querySelector('.song-title')!.textContent).toBe(hostile);
  });

  it('points to Settings when OnSong is not set up', () => {
    const { onOpenSettings } = show({ live: false, notConfigured: true });
    fireEvent.click(screen.getByRole('button', { name: 'Open Settings' }));
    expect(onOpenSettings).toHaveBeenCalledOnce();
  });
});
