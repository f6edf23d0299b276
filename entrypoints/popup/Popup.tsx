import { useEffect, useState } from 'preact/hooks';
import { PopupView, type PopupData } from '@/components/popup/PopupView';
import type { OnSongView, SongCardChoices } from '@/components/popup/NowPlaying';
import type { FollowUpdate } from '@/lib/messages';
import { uiLocale } from '@/lib/i18n';
import { MINUTE } from '@/lib/time';
import { writeSnapshot } from './snapshot';
import { keepFrame } from './frame';
import type { ActiveSite } from './live';

type Live = typeof import('./live');

/** How long the view must stay unchanged before it is kept as the next first frame. */
const FRAME_SETTLE_MS = 300;

/** Wires the view to storage and the background once they have loaded. */
export function Popup({ initial, live }: { initial: PopupData; live: Promise<Live> }) {
  const [data, setData] = useState(initial);
  const [refreshing, setRefreshing] = useState(false);
  const [now, setNow] = useState(Date.now());
  const [api, setApi] = useState<Live>();
  // Unknown until storage or the background says: nothing is drawn for OnSong before then.
  const [onSong, setOnSong] = useState<OnSongView>();
  const [songChoices, setSongChoices] = useState(readSongChoices);
  /** The tab's site, when Descant draws on it: the member may pause it there. */
  const [site, setSite] = useState<ActiveSite>();

  const reload = async (connection: Live) => {
    const latest = await connection.readPopupData();
    setData(latest);
    writeSnapshot(latest);
    return latest;
  };

  const refresh = async (connection: Live, force: boolean) => {
    setRefreshing(true);
    try {
      await connection.requestRefresh(force);
      // Read what the refresh stored before saying "Updated", so no old problem lingers beside it.
      await reload(connection);
    } catch (error) {
      console.error('[Descant] the background did not answer', error);
    } finally {
      setRefreshing(false);
      setNow(Date.now());
    }
  };

  useEffect(() => {
    let stopWatching = () => {};
    const clock = setInterval(() => setNow(Date.now()), MINUTE);
    let stopFollowing = () => {};
    let closed = false;
    void live.then(async (connection) => {
      setApi(connection);
      stopWatching = connection.watchPopupData(() => void reload(connection));
      void connection.activeSite().then(setSite);
      const latest = await reload(connection);
      // Stale-while-revalidate: what was cached is already on screen; bring it up to date behind.
      void refresh(connection, false);
      if (closed || latest.nowPlayingOff) return;
      void connection.readLastNowPlaying().then((last) => last && setOnSong((view) => view ?? { nowPlaying: last.data, seenAt: last.fetchedAt, live: false }));
      stopFollowing = connection.followOnSong((update) => setOnSong((view) => nextOnSongView(view, update)));
    });
    return () => {
      closed = true;
      stopFollowing();
      stopWatching();
      clearInterval(clock);
    };
  }, []);

  // What is on screen, kept for the next popup's first frame once it has settled.
  useEffect(() => {
    if (refreshing) return;
    const timer = setTimeout(() => keepFrame(document.getElementById('app')!), FRAME_SETTLE_MS);
    return () => clearTimeout(timer);
  });

  return (
    <PopupView
      data={data}
      refreshing={refreshing}
      now={now}
      onRefresh={() => api && void refresh(api, true)}
      onOpenOptions={() => api?.openOptions()}
      onOpenHealth={() => api?.openHealth()}
      format={{ locale: uiLocale() }}
      onSong={
        onSong && !data.nowPlayingOff
          ? {
              view: onSong,
              choices: songChoices,
              onChoose: (choices) => {
                setSongChoices(choices);
                writeSongChoices(choices);
              },
            }
          : undefined
      }
      site={
        site && {
          ...site,
          onTogglePause: () => void api?.setSitePaused(site.origin, !site.paused).then(() => setSite({ ...site, paused: !site.paused })),
        }
      }
    />
  );
}

/** A new song replaces what was shown; a problem keeps it, marked as last seen. */
function nextOnSongView(view: OnSongView | undefined, update: FollowUpdate): OnSongView {
  if ('notConfigured' in update) return { live: false, notConfigured: true };
  if ('problem' in update) return { ...view, live: false, problem: update.problem };
  return { nowPlaying: update.nowPlaying, seenAt: update.at, live: true };
}

const SONG_CARD_KEY = 'descant.songCard';

/** The words shut and the chords shown, until the member chooses otherwise. */
function readSongChoices(): SongCardChoices {
  try {
    const kept = JSON.parse(localStorage.getItem(SONG_CARD_KEY) ?? '{}') as Partial<SongCardChoices>;
    return { wordsOpen: kept.wordsOpen === true, showChords: kept.showChords !== false };
  } catch {
    return { wordsOpen: false, showChords: true };
  }
}

function writeSongChoices(choices: SongCardChoices): void {
  try {
    localStorage.setItem(SONG_CARD_KEY, JSON.stringify(choices));
  } catch {
    // Not kept: the card opens as it does the first time.
  }
}
