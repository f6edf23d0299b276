import { ProblemError, type ServiceName } from '../problems';

export interface BackoffState {
  failures: number;
  until: number;
  status?: number;
}

export interface BackoffStore {
  load(): Promise<BackoffState | undefined>;
  save(state: BackoffState | undefined): Promise<void>;
}

/** A store kept in one storage item, which holds null while nothing is backed off. */
export function backoffStoreIn(item: { getValue(): Promise<BackoffState | null>; setValue(value: BackoffState | null): Promise<void> }): BackoffStore {
  return { load: async () => (await item.getValue()) ?? undefined, save: (state) => item.setValue(state ?? null) };
}

const FIRST_DELAY_MS = 30_000;
const MAX_DELAY_MS = 30 * 60_000;

/**
 * Backs off after 429 and 5xx replies: the server's Retry-After when it gives one, otherwise
 * 30 s doubling up to 30 min. While backing off no request is sent at all. Persisted, so a
 * restarted service worker does not hammer a struggling server.
 */
export class Backoff {
  constructor(
    private readonly service: ServiceName,
    private readonly store: BackoffStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws a `server-busy` problem while we are backing off. */
  async check(): Promise<void> {
    const state = await this.store.load();
    if (state && state.until > this.now()) {
      throw new ProblemError({
        kind: 'server-busy',
        service: this.service,
        status: state.status ?? 503,
        retryAt: state.until,
      });
    }
  }

  async recordFailure(status: number, retryAfterHeader: string | null): Promise<number> {
    const previous = await this.store.load();
    const failures = (previous?.failures ?? 0) + 1;
    const exponential = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (failures - 1));
    const delay = Math.min(MAX_DELAY_MS, parseRetryAfter(retryAfterHeader, this.now()) ?? exponential);
    const until = this.now() + delay;
    await this.store.save({ failures, until, status });
    return until;
  }

  async recordSuccess(): Promise<void> {
    if (await this.store.load()) await this.store.save(undefined);
  }
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
