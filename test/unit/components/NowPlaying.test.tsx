import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/preact';
import { NowPlaying, type OnSongView } from '@/components/popup/NowPlaying';
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

function show(view: OnSongView, showChords = true) {
  const onToggleChords = vi.fn();
  const onOpenSettings = vi.fn();
  const { container } = render(<NowPlaying view={view} showChords={showChords} onToggleChords={onToggleChords} onOpenSettings={onOpenSettings} format={format} />);
  return { container, onToggleChords, onOpenSettings };
}

describe('NowPlaying', () => {
  it('shows the song, its key as played and as written, capo, tempo and time, the set with the current song marked and the next named', () => {
    const { container } = show({ nowPlaying, live: true, seenAt: 0 });
    expect(container.querySelector('.song-title')!.textContent).toBe(hostile);
    expect(container.querySelector('.song-facts')!.textContent).toContain('D (written in C)');
    expect(container.querySelector('.song-facts')!.textContent).toContain('60 bpm');
    expect(container.querySelector('[aria-current="true"]')!.textContent).toBe(hostile);
    expect(screen.getByText('Up next: Bogoroditse Devo')).toBeTruthy();
    expect(container.querySelector('.stale')).toBeNull();
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
    expect(withChords.onToggleChords).toHaveBeenCalledOnce();
    withChords.container.remove();
    const without = show({ nowPlaying, live: true }, false);
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
