import browser from 'webextension-polyfill';
import { storage } from 'wxt/utils/storage';
import type { PopupData } from '@/components/popup/PopupView';
import { FOLLOW_PORT, sendMessage, type FollowUpdate } from '@/lib/messages';
import type { ChoirProfile } from '@/lib/profile/schema';
import { isFeatureOn, type FeatureSwitches } from '@/lib/features/registry';
import { THREE_RINGS_ORIGIN } from '@/lib/three-rings/origin';
import { originOf, sameOrigin } from '@/lib/net/origin';
import {
  cachedEvents,
  cachedHarmonySite,
  cachedShifts,
  choirProfile,
  civiCrmStatus,
  featureSwitches,
  harmonySiteStatus,
  pausedSites,
  lastNowPlaying,
  meFromPage,
  meManual,
  lastChecked,
  resolveMe,
  threeRingsStatus,
  type HarmonySiteData,
  type Cached,
  type SourceStatus,
} from '@/lib/store';

/** The popup's link to extension storage and the background, loaded after its first frame. */
const items = [cachedShifts, cachedEvents, threeRingsStatus, meFromPage, meManual, choirProfile, cachedHarmonySite, harmonySiteStatus, civiCrmStatus, featureSwitches] as const;

export async function readPopupData(): Promise<PopupData> {
  const [entries, shiftsMeta] = await Promise.all([storage.getItems([...items]), cachedShifts.getMeta()]);
  const [shifts, events, status, fromPage, manual, profile, harmonySite, harmonySiteProblem, civiCrmProblem, switches] = entries.map((entry) => entry.value);
  const cachedWindow = shifts as PopupData['shifts'];
  const siteUrl = (profile as ChoirProfile | null)?.harmonySite?.url;
  const civiCrmUrl = (profile as ChoirProfile | null)?.civiCrm?.url;
  const civiCrmFailure = (civiCrmProblem as SourceStatus | null)?.problem;
  const siteData = (harmonySite as Cached<HarmonySiteData> | null)?.data;
  return {
    // "Updated" says when Three Rings last gave these shifts, though a later read found them the same.
    shifts: cachedWindow && { ...cachedWindow, fetchedAt: lastChecked(cachedWindow, shiftsMeta) },
    events: events as PopupData['events'],
    status: (status as PopupData['status']) ?? {},
    me: resolveMe(fromPage as PopupData['me'], manual as PopupData['me']),
    choirName: (profile as ChoirProfile | null)?.choir,
    ...(!isFeatureOn((switches ?? {}) as FeatureSwitches, 'nowPlaying') && { nowPlayingOff: true }),
    ...(siteUrl && {
      harmonySite: {
        url: siteUrl,
        events: siteData?.origin === siteUrl ? siteData.events : [],
        ...((harmonySiteProblem as SourceStatus | null)?.problem && { problem: (harmonySiteProblem as SourceStatus).problem }),
      },
    }),
    ...(civiCrmUrl && civiCrmFailure && { civiCrm: { url: civiCrmUrl, problem: civiCrmFailure } }),
    setUp: {
      signedIn: !!shifts && (status as SourceStatus | null)?.problem?.kind !== 'signed-out',
      pageOpened: !!fromPage || !!manual,
      profile: !!(siteUrl || civiCrmUrl || (profile as ChoirProfile | null)?.onSong),
    },
  };
}

/** Calls back whenever anything the popup shows changes; returns a function that stops it. */
export function watchPopupData(onChange: () => void): () => void {
  const stops = [...items.map((item) => item.watch(onChange)), cachedShifts.watchMeta(onChange)];
  return () => stops.forEach((stop) => stop());
}

export function requestRefresh(force: boolean) {
  return sendMessage({ type: 'refresh', force });
}

/** The song last seen on the iPad, to show at once (marked with when it was seen). */
export function readLastNowPlaying() {
  return lastNowPlaying.getValue();
}

/** Follows the iPad through the background for as long as the popup is open; returns the way to stop. */
export function followOnSong(onUpdate: (update: FollowUpdate) => void): () => void {
  const port = browser.runtime.connect({ name: FOLLOW_PORT });
  port.onMessage.addListener((message: unknown) => onUpdate(message as FollowUpdate));
  return () => port.disconnect();
}

/** The active tab's site, when it is one Descant draws on (Three Rings, the choir's HarmonySite). */
export interface ActiveSite {
  origin: string;
  paused: boolean;
}

/**
 * The browser shows an extension a tab's address only where it has host access: exactly the
 * sites Descant draws on, so no `tabs` permission is needed.
 */
export async function activeSite(): Promise<ActiveSite | undefined> {
  const [[tab], profile, paused] = await Promise.all([browser.tabs.query({ active: true, currentWindow: true }), choirProfile.getValue(), pausedSites.getValue()]);
  const origin = tab?.url ? originOf(tab.url) : undefined;
  const drawnOn = [THREE_RINGS_ORIGIN, profile.harmonySite?.url];
  return origin && drawnOn.some((site) => sameOrigin(site, origin)) ? { origin, paused: paused.includes(origin) } : undefined;
}

export async function setSitePaused(origin: string, paused: boolean): Promise<void> {
  const sites = (await pausedSites.getValue()).filter((site) => site !== origin);
  await pausedSites.setValue(paused ? [...sites, origin] : sites);
}

export function openOptions(): void {
  void browser.runtime.openOptionsPage();
}

export function openHealth(): void {
  void browser.tabs.create({ url: browser.runtime.getURL('/health.html') });
}
