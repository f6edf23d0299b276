import { useEffect, useState } from 'preact/hooks';
import { PopupView, type PopupData } from '@/components/popup/PopupView';
import type { OnSongView } from '@/components/popup/NowPlaying';
import type { FollowUpdate } from '@/lib/messages';
import { uiLocale } from '@/lib/i18n';
import { MINUTE } from '@/lib/time';
import { writeSnapshot } from './snapshot';

type Live = typeof import('./live');

/** Wires the view to storage and the background once they have loaded. */
export function Popup({ initial, live }: { initial: PopupData; live: Promise<Live> }) {
  const [data, setData] = useState(initial);
  const [refreshing, setRefreshing] = useState(false);
  const [now, setNow] = useState(Date.now());
  const [api, setApi] = useState<Live>();
  // Unknown until storage or the background says: nothing is drawn for OnSong before then.
  const [onSong, setOnSong] = useState<OnSongView>();
  const [showChords, setShowChords] = useState(readShowChords);

  const reload = async (connection: Live) => {
    const latest = await connection.readPopupData();
    setData(latest);
    writeSnapshot(latest);
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
    void live.then((connection) => {
      setApi(connection);
      void connection.readLastNowPlaying().then((last) => last && setOnSong((view) => view ?? { nowPlaying: last.data, seenAt: last.fetchedAt, live: false }));
      stopFollowing = connection.followOnSong((update) => setOnSong((view) => nextOnSongView(view, update)));
      stopWatching = connection.watchPopupData(() => void reload(connection));
      void reload(connection);
      // Stale-while-revalidate: what was cached is already on screen; bring it up to date behind.
      void refresh(connection, false);
    });
    return () => {
      stopFollowing();
      stopWatching();
      clearInterval(clock);
    };
  }, []);

  return (
    <PopupView
      data={data}
      refreshing={refreshing}
      now={now}
      onRefresh={() => api && void refresh(api, true)}
      onOpenOptions={() => api?.openOptions()}
      format={{ locale: uiLocale() }}
      onSong={
        onSong && {
          view: onSong,
          showChords,
          onToggleChords: () => {
            setShowChords(!showChords);
            writeShowChords(!showChords);
          },
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

const SHOW_CHORDS_KEY = 'descant.showChords';

function readShowChords(): boolean {
  try {
    return localStorage.getItem(SHOW_CHORDS_KEY) !== 'false';
  } catch {
    return true;
  }
}

function writeShowChords(show: boolean): void {
  try {
    localStorage.setItem(SHOW_CHORDS_KEY, String(show));
  } catch {
    // Not kept: chords show again next time.
  }
}
