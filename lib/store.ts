import { storage, type StorageItemKey, type WxtStorageItem } from 'wxt/utils/storage';
import { defineSecret, type SecretItem } from './secret-store';
import { keptAsideKey, logKeptAside, settle, withReport, type KeptAside, type VersionSpec } from './stored-versions';
import { badgeAnswerKey, type BadgeAnswer } from './badge-answers';
import type { ChoirEvent, ChoirMember, CiviContact, Me, NowPlaying, Shift, Volunteer } from './model';
import type { CiviFlavour } from './civicrm/client';
import type { OptionalPart } from './civicrm/read';
import type { ManualLink } from './people/match';
import type { RequestLogEntry } from './net/rate-limiter';
import type { BackoffState } from './net/backoff';
import type { Problem } from './problems';
import type { NotifiedShifts, ReminderLead } from './reminders/schedule';
import { choirProfileSchema, type ChoirProfile } from './profile/schema';
import * as shape from './stored-shapes';
import type { z } from 'zod';
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
 *
 * Each read brings a value stored by an earlier Descant to this one's version, the way WXT does
 * (the version is the metadata's `v`, 1 when absent), and checks it against the item's schema:
 * a value that cannot be read is kept aside and the item starts from its fallback
 * (lib/stored-versions.ts). After an update the background brings every item up to date at once.
 */
export function defineItem<T, M extends Record<string, unknown> = {}>(
  key: StorageItemKey,
  { fallback, ...spec }: { fallback: T } & VersionSpec,
): WxtStorageItem<T, M> {
  const version = spec.version ?? 1;
  const getValue = async (): Promise<T> => {
    const [value, meta] = await Promise.all([storage.getItem<unknown>(key), storage.getMeta<{ v?: number }>(key)]);
    if (value == null) return fallback;
    const storedVersion = meta.v ?? 1;
    const settled = settle<T>(value, storedVersion, spec);
    if (!settled.usable) {
      await keepAside(key, value, meta, storedVersion, settled.reason);
      return fallback;
    }
    if (settled.migrated) await Promise.all([storage.setItem(key, settled.value), storage.setMeta(key, { v: settled.migrated })]);
    return settled.value;
  };
  return {
    key,
    fallback,
    defaultValue: fallback,
    getValue,
    getMeta: () => storage.getMeta<M>(key),
    setValue: async (value) => {
      await storage.setItem(key, value);
      // As WXT does: version 1 is what no version means.
      if (version > 1) await storage.setMeta(key, { v: version });
    },
    setMeta: (properties) => storage.setMeta(key, properties),
    removeValue: (options) => storage.removeItem(key, options),
    removeMeta: (properties) => storage.removeMeta(key, properties),
    watch: (callback) => storage.watch<T>(key, (value, old) => callback(value ?? fallback, old ?? fallback)),
    watchMeta: (callback) => storage.watchMeta<M>(key, callback),
    migrate: async () => void (await getValue()),
  };
}

/** Moves an unreadable value (and its metadata) to where no item reads it, and reports it. */
async function keepAside(key: StorageItemKey, value: unknown, meta: Record<string, unknown>, storedVersion: number, reason: string): Promise<void> {
  const copyKey = keptAsideKey(key) as StorageItemKey;
  await storage.setItem(copyKey, value);
  await storage.setMeta(copyKey, meta);
  await storage.removeItem(key, { removeMeta: true });
  await reportKeptAside({ key, copyKey, storedVersion, reason, at: Date.now() });
}

/** Where the reports of values kept aside are, for Settings to show until the member has read them. */
const KEPT_ASIDE_REPORTS = 'local:storage.keptAside';

/** Adds a report of a value kept aside, and logs it. */
async function reportKeptAside(kept: KeptAside): Promise<void> {
  logKeptAside(kept);
  await storage.setItem(KEPT_ASIDE_REPORTS, withReport((await storage.getItem<KeptAside[]>(KEPT_ASIDE_REPORTS)) ?? [], kept));
}

/** A secret (lib/secret-store.ts), checked against its schema as it is read. */
function defineCheckedSecret<T>(key: string, fallback: T, schema: z.ZodType): SecretItem<T> {
  return defineSecret<T>(key, fallback, { schema, report: reportKeptAside });
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

function defineCache<T>(key: `local:${string}`, schema: z.ZodType): CacheItem<T> {
  return defineItem<Cached<T> | null, CacheMeta>(key, { fallback: null, schema });
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

export const cachedShifts = defineCache<ShiftWindow>('local:threeRings.shifts', shape.shiftWindowShape);
export const cachedEvents = defineCache<ChoirEvent[]>('local:threeRings.events', shape.eventsShape);
export const threeRingsStatus = defineItem<SourceStatus>('local:threeRings.status', { fallback: {}, schema: shape.sourceStatusShape });

/** Who I am, as the Three Rings page showed it. */
export const meFromPage = defineItem<Me | null>('local:me.fromPage', { fallback: null, schema: shape.meShape });
/** Who I am, as set in the options page; wins over the page. */
export const meManual = defineItem<Me | null>('local:me.manual', { fallback: null, schema: shape.meShape });

/** Optional: a Three Rings API key, sent to Three Rings only, instead of the member's session. */
export const threeRingsApiKey = defineCheckedSecret<string>('threeRings.apiKey', '', shape.apiKeyShape);
/** The choir profile in use: one imported in the options page, else the one built in (if any). */
export const choirProfile = defineItem<ChoirProfile>('local:settings.choirProfile', {
  fallback: typeof __BUILD_CHOIR_PROFILE__ === 'undefined' ? {} : __BUILD_CHOIR_PROFILE__,
  schema: choirProfileSchema,
});

export const threeRingsRequestLog = defineItem<RequestLogEntry[]>('local:threeRings.requestLog', {
  fallback: [],
  schema: shape.requestLogShape,
});
export const threeRingsBackoff = defineItem<BackoffState | null>('local:threeRings.backoff', {
  fallback: null,
  schema: shape.backoffShape,
});

/** Everyone in the Three Rings directory: names and emails for the people index. */
export const cachedDirectory = defineCache<Volunteer[]>('local:threeRings.directory', shape.directoryShape);

/** What the choir's HarmonySite holds for Descant, and the site it came from. */
export interface HarmonySiteData {
  origin: string;
  members: ChoirMember[];
  events: ChoirEvent[];
}
export const cachedHarmonySite = defineCache<HarmonySiteData>('local:harmonySite.data', shape.harmonySiteShape);
export const harmonySiteStatus = defineItem<SourceStatus>('local:harmonySite.status', { fallback: {}, schema: shape.sourceStatusShape });
export const harmonySiteBackoff = defineItem<BackoffState | null>('local:harmonySite.backoff', {
  fallback: null,
  schema: shape.backoffShape,
});
/*
 * Secrets (keys and tokens, never a password) are kept apart, where content scripts cannot
 * reach them (lib/secret-store.ts), each with the origin it was given for, and only ever sent
 * there (lib/secrets.ts).
 */

/** From the one-time API sign-in: the token only, never the password. */
export const harmonySiteApiToken = defineCheckedSecret<{ origin: string; token: string } | null>('harmonySite.apiToken', null, shape.originTokenShape);

/** What the choir's CiviCRM holds for Descant, the site it came from and the API it answered. */
export interface CiviCrmData {
  origin: string;
  flavour: CiviFlavour;
  contacts: CiviContact[];
  /** What the login may not read (its fields stay unknown). */
  unreadable: OptionalPart[];
}
export const cachedCiviCrm = defineCache<CiviCrmData>('local:civiCrm.data', shape.civiCrmShape);
export const civiCrmStatus = defineItem<SourceStatus>('local:civiCrm.status', { fallback: {}, schema: shape.sourceStatusShape });
export const civiCrmBackoff = defineItem<BackoffState | null>('local:civiCrm.backoff', { fallback: null, schema: shape.backoffShape });

/** Which CiviCRM API to use: "auto" finds it. */
export interface CiviCrmSettings {
  flavour: 'auto' | CiviFlavour;
}
export const civiCrmSettings = defineItem<CiviCrmSettings>('local:settings.civiCrm', {
  fallback: { flavour: 'auto' },
  schema: shape.civiCrmSettingsShape,
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
export const civiCrmKeys = defineCheckedSecret<CiviCrmKeys | null>('civiCrm.keys', null, shape.civiCrmKeysShape);

/** How long before each of my shifts a desktop notification reminds me of it, once reminders are on. */
export const reminderSettings = defineItem<{ lead: ReminderLead }>('local:settings.reminders', { fallback: { lead: '2h' }, schema: shape.reminderSettingsShape });
/** The shifts already reminded of, with the start each was reminded for: none is reminded twice. */
export const notifiedShifts = defineItem<NotifiedShifts>('local:reminders.notified', { fallback: {}, schema: shape.notifiedShiftsShape });

/** The features the member switched on or off (lib/features/registry.ts); the rest are at their default. */
export const featureSwitches = defineItem<FeatureSwitches>('local:settings.features', { fallback: {}, schema: shape.featureSwitchesShape });
/** Sites (origins) where the member paused Descant from the popup: nothing is drawn on their pages. */
export const pausedSites = defineItem<string[]>('local:settings.pausedSites', { fallback: [], schema: shape.pausedSitesShape });

/** Links and unlinks the member made by hand; they win over automatic matching. */
export const peopleLinks = defineItem<ManualLink[]>('local:people.links', { fallback: [], schema: shape.peopleLinksShape });

export function resolveMe(fromPage: Me | null, manual: Me | null): Me | null {
  return manual ?? fromPage;
}

/** The iPad Descant is paired with (its pairing token is a key to it, not a password). */
export const onSongDevice = defineCheckedSecret<{ origin: string; token: string; pairedAt: number } | null>('onSong.device', null, shape.onSongDeviceShape);
/** Optional, from OnSong LLC: lets pairings outlive 30 days. Sent only to the iPad it was given for. */
export const onSongApiKey = defineCheckedSecret<{ origin: string; key: string } | null>('onSong.apiKey', null, shape.onSongApiKeyShape);
/** The last song seen on the iPad, shown (marked as such) when it cannot be reached. */
export const lastNowPlaying = defineItem<Cached<NowPlaying> | null>('local:onSong.lastNowPlaying', { fallback: null, schema: shape.lastNowPlayingShape });
/** A pairing under way, for Settings to show: the member may need to tap Allow on the iPad. */
export const onSongPairing = defineItem<{ state: 'looking' | 'waiting-for-allow'; origin?: string; startedAt: number } | null>('local:onSong.pairing', { fallback: null, schema: shape.onSongPairingShape });

/** An OnSong token an imported profile carried: kept with the secrets, not in the stored profile. */
export const onSongProfileToken = defineCheckedSecret<{ origin: string; token: string } | null>('onSong.profileToken', null, shape.originTokenShape);

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
export const forgottenSecrets = defineItem<ForgottenSecret[]>('local:secrets.forgotten', { fallback: [], schema: shape.forgottenSecretsShape });

/** Each site's badge answer, for its content script to draw from while the background is stopped (lib/badge-answers.ts). */
export const badgeAnswers = {
  threeRings: defineItem<BadgeAnswer | null>(`session:${badgeAnswerKey('threeRings')}`, { fallback: null, schema: shape.badgeAnswerShape }),
  harmonySite: defineItem<BadgeAnswer | null>(`session:${badgeAnswerKey('harmonySite')}`, { fallback: null, schema: shape.badgeAnswerShape }),
} as const;

/** Values this build could not read, kept aside: Settings tells the member until they have read it. */
export const keptAsideReports = defineItem<KeptAside[]>(KEPT_ASIDE_REPORTS, { fallback: [], schema: shape.keptAsideShape });

/** Every item in extension storage, and every secret, by where it is kept (README and PRIVACY.md list them all). */
export const STORED_ITEMS = {
  local: [
    cachedShifts, cachedEvents, threeRingsStatus, meFromPage, meManual, choirProfile, threeRingsRequestLog, threeRingsBackoff,
    cachedDirectory, cachedHarmonySite, harmonySiteStatus, harmonySiteBackoff, cachedCiviCrm, civiCrmStatus, civiCrmBackoff,
    civiCrmSettings, reminderSettings, notifiedShifts, featureSwitches, pausedSites, peopleLinks, lastNowPlaying, onSongPairing,
    forgottenSecrets, keptAsideReports,
  ],
  session: [badgeAnswers.threeRings, badgeAnswers.harmonySite],
  secrets: [threeRingsApiKey, harmonySiteApiToken, civiCrmKeys, onSongDevice, onSongApiKey, onSongProfileToken],
} as const;

/**
 * Brings every stored value to this build's shapes at once, after an update: each read would
 * do it for its own item, but then a value nobody reads for weeks would wait as long.
 */
export async function upgradeStoredItems(): Promise<void> {
  for (const item of [...STORED_ITEMS.local, ...STORED_ITEMS.session, ...STORED_ITEMS.secrets]) {
    await item.getValue();
  }
}

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
