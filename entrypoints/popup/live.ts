import browser from 'webextension-polyfill';
import { storage } from 'wxt/utils/storage';
import type { PopupData } from '@/components/popup/PopupView';
import { sendMessage } from '@/lib/messages';
import { cachedEvents, cachedShifts, choirProfile, meFromPage, meManual, resolveMe, threeRingsStatus } from '@/lib/store';

/** The popup's link to extension storage and the background, loaded after its first frame. */
const items = [cachedShifts, cachedEvents, threeRingsStatus, meFromPage, meManual, choirProfile] as const;

export async function readPopupData(): Promise<PopupData> {
  const [shifts, events, status, fromPage, manual, profile] = (await storage.getItems([...items])).map((entry) => entry.value);
  return {
    shifts: shifts as PopupData['shifts'],
    events: events as PopupData['events'],
    status: (status as PopupData['status']) ?? {},
    me: resolveMe(fromPage as PopupData['me'], manual as PopupData['me']),
    choirName: (profile as { choir?: string } | null)?.choir,
  };
}

/** Calls back whenever anything the popup shows changes; returns a function that stops it. */
export function watchPopupData(onChange: () => void): () => void {
  const stops = items.map((item) => item.watch(onChange));
  return () => stops.forEach((stop) => stop());
}

export function requestRefresh(force: boolean) {
  return sendMessage({ type: 'refresh', force });
}

export function openOptions(): void {
  void browser.runtime.openOptionsPage();
}
