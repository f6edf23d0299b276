import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { storage } from 'wxt/utils/storage';
import { PopupView, type PopupData } from '@/components/popup/PopupView';
import { sendMessage } from '@/lib/messages';
import { cachedEvents, cachedShifts, choirProfile, meFromPage, meManual, resolveMe, threeRingsStatus } from '@/lib/store';
import { uiLocale } from '@/lib/i18n';
import { MINUTE } from '@/lib/time';
import './style.css';

const items = [cachedShifts, cachedEvents, threeRingsStatus, meFromPage, meManual, choirProfile] as const;

async function readPopupData(): Promise<PopupData> {
  const [shifts, events, status, fromPage, manual, profile] = (await storage.getItems([...items])).map((entry) => entry.value);
  return {
    shifts: shifts as PopupData['shifts'],
    events: events as PopupData['events'],
    status: (status as PopupData['status']) ?? {},
    me: resolveMe(fromPage as PopupData['me'], manual as PopupData['me']),
    choirName: (profile as { choir?: string } | null)?.choir,
  };
}

function Popup({ initial }: { initial: PopupData }) {
  const [data, setData] = useState(initial);
  const [refreshing, setRefreshing] = useState(false);
  const [now, setNow] = useState(Date.now());

  const refresh = async (force: boolean) => {
    setRefreshing(true);
    try {
      await sendMessage({ type: 'refresh', force });
    } catch (error) {
      console.error('[Descant] the background did not answer', error);
    } finally {
      setRefreshing(false);
      setNow(Date.now());
    }
  };

  useEffect(() => {
    const reload = async () => setData(await readPopupData());
    const unwatch = items.map((item) => item.watch(() => void reload()));
    const clock = setInterval(() => setNow(Date.now()), MINUTE);
    // Stale-while-revalidate: what was cached is already on screen; bring it up to date behind.
    void refresh(false);
    return () => {
      unwatch.forEach((stop) => stop());
      clearInterval(clock);
    };
  }, []);

  return (
    <PopupView
      data={data}
      refreshing={refreshing}
      now={now}
      onRefresh={() => void refresh(true)}
      onOpenOptions={() => void browser.runtime.openOptionsPage()}
      format={{ locale: uiLocale() }}
    />
  );
}

void readPopupData().then((initial) => render(<Popup initial={initial} />, document.getElementById('app')!));
