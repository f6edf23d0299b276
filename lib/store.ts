import { storage, type StorageItemKey, type WxtStorageItem } from 'wxt/utils/storage';
import { defineSecret } from './secret-store';
import { badgeAnswerKey, type BadgeAnswer } from './badge-answers';
import type { ChoirEvent, ChoirMember, CiviContact, Me, NowPlaying, Shift, Volunteer } from './model';
import type { CiviFlavour } from './civicrm/client';
import type { OptionalPart } from './civicrm/read';
import type { ManualLink } from './people/match';
import type { RequestLogEntry } from './net/rate-limiter';
import type { BackoffState } from './net/backoff';
import type { Problem } from './problems';
import type { NotifiedShifts, ReminderLead } from './reminders/schedule';
import type { ChoirProfile } from './profile/schema';
import type { FeatureSwitches } from './features/registry';

/**
 * Everything Descant keeps, in extension storage on this computer. Pages read it directly to
 * draw at once; only the background writes the cached service data.
 */

/**
 * A stored item that reads nothing until it is asked. WXT's own `storage.defineItem` (1.3)
 * reads each item's value as it is defined, so every page, and the background on each start,
 * would read all of Descant's caches (megabytes, for a large choir) just by importing this
 * file, and every other read would wait behind them.
 */
function defineItem<T, M extends Record<string, unknown> = {}>(key: StorageItemKey, { fallback }: { fallback: T }): WxtStorageItem<T, M> {
  return {
    key,
    fallback,
    defaultValue: fallback,
    getValue: () => storage.getItem<T>(key, { fallback }),
    getMeta: () => storage.getMeta<M>(key),
    setValue: (value) => storage.setItem(key, value),
    setMeta: (properties) => storage.setMeta(key, properties),
    removeValue: (options) => storage.removeItem(key, options),
    removeMeta: (properties) => storage.removeMeta(key, properties),
    watch: (callback) => storage.watch<T>(key, (value, old) => callback(value ?? fallback, old ?? fallback)),
    watchMeta: (callback) => storage.watchMeta<M>(key, callback),
    // No item has a version yet: there is nothing to migrate.
    migrate: async () => {},
  };
}

/** A cached reply: shown at once, refreshed behind. */
export interface Cached<T> {
  data: T;
  /** When this data was read. A later read that brought the same data is in the cache's CacheMeta. */
  fetchedAt: number;
}

/**
 * Kept beside each service cache, as its metadata (WXT keeps it under the cache's key plus "$"):
 * when the service last confirmed the data. A refresh that brings the same data writes only
 * this, a few bytes, rather than the data again (megabytes, for a large choir), so nothing that
 * watches the data wakes for nothing (lib/background/kept-cache.ts).
 */
// A type, not an interface: WXT's metadata must be a record.
export type CacheMeta = { checkedAt: number };

/** A service's cached data, and its CacheMeta. */
export type CacheItem<T> = WxtStorageItem<Cached<T> | null, CacheMeta>;

function defineCache<T>(key: `local:${string}`): CacheItem<T> {
  return defineItem<Cached<T> | null, CacheMeta>(key, { fallback: null });
}

/** When a cache's service last confirmed it: its data's read, or a later one that brought the same. */
export function lastChecked(cached: Cached<unknown>, meta: { checkedAt?: number | null }): number {
  return Math.max(cached.fetchedAt, meta.checkedAt ?? 0);
}

export interface ShiftWindow {
  from: string;
  to: string;
  shifts: Shift[];
}

export interface SourceStatus {
  /** Why the last refresh failed; absent once one succeeds. */
  problem?: Problem;
  problemAt?: number;
  /** Failed refreshes in a row, for how long to wait before the next one nobody asked for. */
  failures?: number;
}

export const cachedShifts = defineCache<ShiftWindow>('local:threeRings.shifts');
export const cachedEvents = defineCache<ChoirEvent[]>('local:threeRings.events');
export const threeRingsStatus = defineItem<SourceStatus>('local:threeRings.status', { fallback: {} });

/** Who I am, as the Three Rings page showed it. */
export const meFromPage = defineItem<Me | null>('local:me.fromPage', { fallback: null });
/** Who I am, as set in the options page; wins over the page. */
export const meManual = defineItem<Me | null>('local:me.manual', { fallback: null });

/** Optional: a Three Rings API key, sent to Three Rings only, instead of the member's session. */
export const threeRingsApiKey = defineSecret<string>('threeRings.apiKey', '');
/** The choir profile in use: one imported in the options page, else the one built in (if any). */
export const choirProfile = defineItem<ChoirProfile>('local:settings.choirProfile', {
  fallback: typeof __BUILD_CHOIR_PROFILE__ === 'undefined' ? {} : __BUILD_CHOIR_PROFILE__,
});

export const threeRingsRequestLog = defineItem<RequestLogEntry[]>('local:threeRings.requestLog', {
  fallback: [],
});
export const threeRingsBackoff = defineItem<BackoffState | null>('local:threeRings.backoff', {
  fallback: null,
});

/** Everyone in the Three Rings directory: names and emails for the people index. */
export const cachedDirectory = defineCache<Volunteer[]>('local:threeRings.directory');

/** What the choir's HarmonySite holds for Descant, and the site it came from. */
export interface HarmonySiteData {
  origin: string;
  members: ChoirMember[];
  events: ChoirEvent[];
}
export const cachedHarmonySite = defineCache<HarmonySiteData>('local:harmonySite.data');
export const harmonySiteStatus = defineItem<SourceStatus>('local:harmonySite.status', { fallback: {} });
export const harmonySiteBackoff = defineItem<BackoffState | null>('local:harmonySite.backoff', {
  fallback: null,
});
/*
 * Secrets (keys and tokens, never a password) are kept apart, where content scripts cannot
 * reach them (lib/secret-store.ts), each with the origin it was given for, and only ever sent
 * there (lib/secrets.ts).
 */

/** From the one-time API sign-in: the token only, never the password. */
export const harmonySiteApiToken = defineSecret<{ origin: string; token: string } | null>('harmonySite.apiToken', null);

/** What the choir's CiviCRM holds for Descant, the site it came from and the API it answered. */
export interface CiviCrmData {
  origin: string;
  flavour: CiviFlavour;
  contacts: CiviContact[];
  /** What the login may not read (its fields stay unknown). */
  unreadable: OptionalPart[];
}
export const cachedCiviCrm = defineCache<CiviCrmData>('local:civiCrm.data');
export const civiCrmStatus = defineItem<SourceStatus>('local:civiCrm.status', { fallback: {} });
export const civiCrmBackoff = defineItem<BackoffState | null>('local:civiCrm.backoff', { fallback: null });

/** Which CiviCRM API to use: "auto" finds it. */
export interface CiviCrmSettings {
  flavour: 'auto' | CiviFlavour;
}
export const civiCrmSettings = defineItem<CiviCrmSettings>('local:settings.civiCrm', {
  fallback: { flavour: 'auto' },
});
/**
 * Optionally, an API key (sent as AuthX's X-Civi-Auth instead of the member's session) with the
 * site key some sites also ask for, for the CiviCRM at `origin` only. Keys, never a password.
 */
export interface CiviCrmKeys {
  origin: string;
  apiKey: string;
  siteKey: string;
}
export const civiCrmKeys = defineSecret<CiviCrmKeys | null>('civiCrm.keys', null);

/** How long before each of my shifts a desktop notification reminds me of it, once reminders are on. */
export const reminderSettings = defineItem<{ lead: ReminderLead }>('local:settings.reminders', { fallback: { lead: '2h' } });
/** The shifts already reminded of, with the start each was reminded for: none is reminded twice. */
export const notifiedShifts = defineItem<NotifiedShifts>('local:reminders.notified', { fallback: {} });

/** The features the member switched on or off (lib/features/registry.ts); the rest are at their default. */
export const featureSwitches = defineItem<FeatureSwitches>('local:settings.features', { fallback: {} });
/** Sites (origins) where the member paused Descant from the popup: nothing is drawn on their pages. */
export const pausedSites = defineItem<string[]>('local:settings.pausedSites', { fallback: [] });

/** Links and unlinks the member made by hand; they win over automatic matching. */
export const peopleLinks = defineItem<ManualLink[]>('local:people.links', { fallback: [] });

export function resolveMe(fromPage: Me | null, manual: Me | null): Me | null {
  return manual ?? fromPage;
}

/** The iPad Descant is paired with (its pairing token is a key to it, not a password). */
export const onSongDevice = defineSecret<{ origin: string; token: string; pairedAt: number } | null>('onSong.device', null);
/** Optional, from OnSong LLC: lets pairings outlive 30 days. Sent only to the iPad it was given for. */
export const onSongApiKey = defineSecret<{ origin: string; key: string } | null>('onSong.apiKey', null);
/** The last song seen on the iPad, shown (marked as such) when it cannot be reached. */
export const lastNowPlaying = defineItem<Cached<NowPlaying> | null>('local:onSong.lastNowPlaying', { fallback: null });
/** A pairing under way, for Settings to show: the member may need to tap Allow on the iPad. */
export const onSongPairing = defineItem<{ state: 'looking' | 'waiting-for-allow'; origin?: string; startedAt: number } | null>('local:onSong.pairing', { fallback: null });

/** An OnSong token an imported profile carried: kept with the secrets, not in the stored profile. */
export const onSongProfileToken = defineSecret<{ origin: string; token: string } | null>('onSong.profileToken', null);

/** Stores a profile as imported or edited; an OnSong token in it goes with the other secrets. */
export async function saveChoirProfile(profile: ChoirProfile): Promise<void> {
  const { onSong, ...rest } = profile;
  // A profile without a token keeps the one kept for the same iPad (the background forgets others).
  if (onSong?.token) await onSongProfileToken.setValue({ origin: onSong.url, token: onSong.token });
  await choirProfile.setValue(onSong ? { ...rest, onSong: { url: onSong.url } } : rest);
}

/** The profile in use with its OnSong token, if it has one, for the iPad it names. */
export async function readChoirProfile(): Promise<ChoirProfile> {
  const [profile, kept] = await Promise.all([choirProfile.getValue(), onSongProfileToken.getValue()]);
  if (!profile.onSong || profile.onSong.token || kept?.origin !== profile.onSong.url) return profile;
  return { ...profile, onSong: { ...profile.onSong, token: kept.token } };
}

/** The iPad to use: a token from the choir profile needs no pairing, else the one paired here. */
export async function resolveOnSongDevice(): Promise<{ origin: string; token: string; fromProfile: boolean } | undefined> {
  const [profile, paired] = await Promise.all([readChoirProfile(), onSongDevice.getValue()]);
  if (profile.onSong?.token) return { origin: profile.onSong.url, token: profile.onSong.token, fromProfile: true };
  return paired ? { origin: paired.origin, token: paired.token, fromProfile: false } : undefined;
}

/** A secret Descant forgot because its address changed, for Settings to say so once. */
export interface ForgottenSecret {
  secret: 'harmonySiteToken' | 'civiCrmKeys' | 'onSongPairing' | 'onSongApiKey';
  /** The address it had been given for. */
  origin: string;
  at: number;
}
export const forgottenSecrets = defineItem<ForgottenSecret[]>('local:secrets.forgotten', { fallback: [] });

/** Each site's badge answer, for its content script to draw from while the background is stopped (lib/badge-answers.ts). */
export const badgeAnswers = {
  threeRings: defineItem<BadgeAnswer | null>(`session:${badgeAnswerKey('threeRings')}`, { fallback: null }),
  harmonySite: defineItem<BadgeAnswer | null>(`session:${badgeAnswerKey('harmonySite')}`, { fallback: null }),
} as const;

/** What the people index is built from: a change means matching everyone again. */
export const peopleIndexInputs = [cachedDirectory, cachedHarmonySite, cachedCiviCrm, peopleLinks] as const;
/** What else the badges show: next shifts, and which rota shifts are mine. */
export const shiftBadgeInputs = [cachedShifts, meFromPage, meManual] as const;

/**
 * Calls back whenever what the page badges show may have changed; returns the way to stop. A
 * refresh that brings the same data (only its `fetchedAt` moves) is not a change.
 */
export function watchBadgeInputs(callback: () => void): () => void {
  const stops = [...peopleIndexInputs, ...shiftBadgeInputs].map((input) =>
    input.watch((next: unknown, previous: unknown) => {
      if (JSON.stringify(dataOf(next)) !== JSON.stringify(dataOf(previous))) callback();
    }),
  );
  return () => stops.forEach((stop) => stop());
}

/** A cached reply's data without when it was fetched; anything else as it is. */
function dataOf(value: unknown): unknown {
  return value && typeof value === 'object' && 'data' in value && 'fetchedAt' in value ? value.data : value;
}
