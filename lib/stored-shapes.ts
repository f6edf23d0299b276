import { z } from 'zod';
import type { Me, NowPlaying, SourceRef } from './model';
import type { ServiceName, Problem } from './problems';
import type { ManualLink } from './people/match';
import type { RequestLogEntry } from './net/rate-limiter';
import type { BackoffState } from './net/backoff';
import { REMINDER_LEADS, type NotifiedShifts } from './reminders/schedule';
import type { FeatureSwitches } from './features/registry';
import type { KeptAside } from './stored-versions';
import type { CiviFlavour } from './civicrm/flavour';

/*
 * What each stored item must look like for this build to use it (lib/store.ts). Each schema is
 * typed by the item's own type, so the two cannot drift apart. Caches are checked only as deep
 * as their envelope: the background wrote them from replies it had already checked, they are
 * the largest items by far, and a cache that fails is simply fetched again.
 */

const timestamp = z.number().finite().nonnegative();
const origin = z.string().min(1);
const service = z.enum(['threeRings', 'harmonySite', 'civiCrm', 'onSong']) satisfies z.ZodType<ServiceName>;

export const problemShape: z.ZodType<Problem> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('signed-out'), service }),
  z.object({ kind: z.literal('forbidden'), service, endpoint: z.string() }),
  z.object({ kind: z.literal('rate-limited'), service, retryAt: timestamp }),
  z.object({ kind: z.literal('server-busy'), service, status: z.number(), retryAt: timestamp }),
  z.object({ kind: z.literal('offline'), service }),
  z.object({ kind: z.literal('timeout'), service, endpoint: z.string() }),
  z.object({ kind: z.literal('permission-missing'), service, origin }),
  z.object({ kind: z.literal('token-expired'), service }),
  z.object({ kind: z.literal('api-disabled'), service }),
  z.object({ kind: z.literal('service-error'), service, endpoint: z.string(), message: z.string() }),
  z.object({ kind: z.literal('bad-response'), service, endpoint: z.string(), detail: z.string() }),
]);

export const sourceStatusShape = z.object({ problem: problemShape.optional(), problemAt: timestamp.optional(), failures: z.number().int().nonnegative().optional() });

export const meShape: z.ZodType<Me> = z.object({ volunteerId: z.number().int().positive(), name: z.string().optional(), source: z.enum(['page', 'manual']) });

export const requestLogShape: z.ZodType<RequestLogEntry[]> = z.array(z.object({ id: z.string(), sentAt: timestamp, doneAt: timestamp.optional() }));

export const backoffShape: z.ZodType<BackoffState> = z.object({ failures: z.number().int().nonnegative(), until: timestamp, status: z.number().optional() });

const sourceRef: z.ZodType<SourceRef> = z.object({ source: z.enum(['threeRings', 'harmonySite', 'civiCrm']), id: z.number().int() });
export const peopleLinksShape: z.ZodType<ManualLink[]> = z.array(z.object({ a: sourceRef, b: sourceRef, linked: z.boolean() }));

export const featureSwitchesShape: z.ZodType<FeatureSwitches> = z.record(z.string(), z.boolean());
export const pausedSitesShape: z.ZodType<string[]> = z.array(origin);
export const reminderSettingsShape = z.object({ lead: z.enum(REMINDER_LEADS) });
export const notifiedShiftsShape: z.ZodType<NotifiedShifts> = z.record(z.string(), z.string());
const flavour = z.enum(['api4', 'api3', 'legacy']) satisfies z.ZodType<CiviFlavour>;
export const civiCrmSettingsShape = z.object({ flavour: z.union([z.literal('auto'), flavour]) });

export const forgottenSecretsShape = z.array(
  z.object({ secret: z.enum(['harmonySiteToken', 'civiCrmKeys', 'onSongPairing', 'onSongApiKey']), origin, at: timestamp }),
);

export const keptAsideShape: z.ZodType<KeptAside[]> = z.array(
  z.object({ key: z.string(), copyKey: z.string(), storedVersion: z.number().int(), reason: z.string(), at: timestamp }),
);

const songLine = z.object({ segments: z.array(z.object({ chord: z.string().optional(), text: z.string() })) });
const nowPlaying: z.ZodType<NowPlaying> = z.object({
  song: z
    .object({
      id: z.string(),
      title: z.string(),
      artist: z.string().optional(),
      key: z.string().optional(),
      transposedKey: z.string().optional(),
      capo: z.number().optional(),
      tempo: z.number().optional(),
      timeSignature: z.string().optional(),
    })
    .optional(),
  set: z.object({ title: z.string(), songs: z.array(z.object({ id: z.string(), title: z.string(), key: z.string().optional() })), currentIndex: z.number().int() }).optional(),
  sections: z.array(z.object({ label: z.string().optional(), lines: z.array(songLine) })),
});
export const lastNowPlayingShape = z.object({ data: nowPlaying, fetchedAt: timestamp });

export const onSongPairingShape = z.object({ state: z.enum(['looking', 'waiting-for-allow']), origin: origin.optional(), startedAt: timestamp });

/** A cache's envelope, around data whose top level is checked by `data`. */
export const cacheShape = (data: z.ZodType) => z.object({ data, fetchedAt: timestamp });
const list = z.array(z.unknown());
export const shiftWindowShape = cacheShape(z.object({ from: z.string(), to: z.string(), shifts: list }));
export const eventsShape = cacheShape(list);
export const directoryShape = cacheShape(list);
export const harmonySiteShape = cacheShape(z.object({ origin, members: list, events: list }));
export const civiCrmShape = cacheShape(z.object({ origin, flavour, contacts: list, unreadable: z.array(z.enum(['groups', 'memberships'])) }));

/** What a site's badges show, kept for its content script: checked as deep as its parts. */
export const badgeAnswerShape = z.object({
  origin,
  features: z.array(z.string()),
  paused: z.boolean(),
  data: z.object({ people: z.record(z.string(), z.unknown()), shifts: z.record(z.string(), z.unknown()) }),
  at: timestamp,
});

/** Secrets: keys and tokens, each with the address it was given for. */
export const apiKeyShape = z.string();
export const originTokenShape = z.object({ origin, token: z.string().min(1) });
export const civiCrmKeysShape = z.object({ origin, apiKey: z.string(), siteKey: z.string() });
export const onSongDeviceShape = z.object({ origin, token: z.string().min(1), pairedAt: timestamp });
export const onSongApiKeyShape = z.object({ origin, key: z.string().min(1) });
