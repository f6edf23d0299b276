import { useEffect, useState } from 'preact/hooks';
import { PopupView, type PopupData } from '@/components/popup/PopupView';
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
    void live.then((connection) => {
      setApi(connection);
      stopWatching = connection.watchPopupData(() => void reload(connection));
      void reload(connection);
      // Stale-while-revalidate: what was cached is already on screen; bring it up to date behind.
      void refresh(connection, false);
    });
    return () => {
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
    />
  );
}
