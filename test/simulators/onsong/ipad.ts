import type { Clock } from '../../clock';
import type { OnSongData, SimSet, SimSong } from './data';

/**
 * What is up on the iPad: the song on screen, the set it is being played from, and when that
 * last changed (for Last-Modified). The library itself is `data`, read live, so a test may edit
 * it between requests.
 */
export class IPadScreen {
  private songId: string;
  private setId: string | null;
  /** Scroll position within the song, 0–100. */
  position = 0;
  section = 0;
  /** Epoch ms of the last change, by the iPad's clock; Last-Modified shows it to the second. */
  changedAt: number;

  constructor(
    readonly data: OnSongData,
    private readonly clock: Clock,
  ) {
    this.changedAt = clock().getTime();
    const firstSet = data.sets[0];
    const firstSong = firstSet?.songIds[0] ?? data.songs[0]?.ID;
    if (!firstSong) throw new Error('the OnSong simulator needs at least one song');
    this.songId = firstSong;
    this.setId = firstSet?.ID ?? null;
  }

  currentSongId(): string {
    return this.songId;
  }

  currentSetId(): string | null {
    return this.setId;
  }

  /** `id` or "current"; undefined when there is no such song. */
  findSong(id: string): SimSong | undefined {
    return this.data.songs.find((song) => song.ID === (id === 'current' ? this.songId : id));
  }

  /** `id` or "current"; undefined when there is no such set, or no current one. */
  findSet(id: string): SimSet | undefined {
    const wanted = id === 'current' ? this.setId : id;
    return wanted === null ? undefined : this.data.sets.find((set) => set.ID === wanted);
  }

  /** The set's songs in running order, leaving out any a test has taken out of the library. */
  songsOf(set: SimSet): SimSong[] {
    return set.songIds.flatMap((id) => this.data.songs.find((song) => song.ID === id) ?? []);
  }

  setCurrentSong(songId: string): void {
    if (!this.findSong(songId) || songId === 'current') throw new Error(`no song with ID ${songId}`);
    this.songId = songId;
    this.position = 0;
    this.section = 0;
    this.touch();
  }

  /**
   * Another set (or none). If the song on screen is not in the new set, its first song comes
   * up, as when a set is opened on the iPad.
   */
  setCurrentSet(setId: string | null): void {
    const set = setId === null ? undefined : this.data.sets.find((candidate) => candidate.ID === setId);
    if (setId !== null && !set) throw new Error(`no set with ID ${setId}`);
    this.setId = setId;
    const first = set && this.songsOf(set)[0];
    if (first && !set.songIds.includes(this.songId)) this.setCurrentSong(first.ID);
    else this.touch();
  }

  /**
   * The next song of the current set, wrapping round to its first; the first when the song on
   * screen is not in the set; the next in the library when no set is current.
   */
  nextSong(): string {
    const set = this.findSet('current');
    const order = set && this.songsOf(set).length > 0 ? this.songsOf(set) : this.data.songs;
    const index = order.findIndex((song) => song.ID === this.songId);
    const next = order[(index + 1) % order.length];
    if (!next) throw new Error('the OnSong simulator has no songs');
    this.setCurrentSong(next.ID);
    return next.ID;
  }

  private touch(): void {
    this.changedAt = this.clock().getTime();
  }
}
