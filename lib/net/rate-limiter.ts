import { ProblemError, type ServiceName } from '../problems';

/** One request in the log: when it was sent and, once known, when its reply had arrived. */
export interface RequestLogEntry {
  id: string;
  sentAt: number;
  doneAt?: number;
}

/** Where the log lives. Extension storage makes the limit hold across service-worker restarts. */
export interface RequestLogStore {
  load(): Promise<RequestLogEntry[]>;
  save(entries: RequestLogEntry[]): Promise<void>;
}

export interface RateLimiterOptions {
  service: ServiceName;
  limit: number;
  windowMs: number;
  /** After this long a request with no recorded end (its worker died) is taken to have ended. */
  maxRequestMs: number;
  store: RequestLogStore;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RequestSlot {
  /** Call when the reply (or failure) has arrived. */
  done(): Promise<void>;
}

/**
 * A sliding-window limiter: at most `limit` requests in any `windowMs`, across everything that
 * shares the store. The server sees a request somewhere between our send and our receipt of the
 * reply, so a slot stays counted until `windowMs` after its reply: that keeps the limit true
 * however slow the network is. Every change goes through one queue, so callers never race.
 */
export class RateLimiter {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: RateLimiterOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /**
   * Takes a slot, waiting up to `maxWaitMs` for one. Throws a `rate-limited` problem, with the
   * time a slot frees up, rather than wait longer (a service worker may not live that long).
   */
  acquire(maxWaitMs = 0): Promise<RequestSlot> {
    const deadline = this.now() + maxWaitMs;
    return this.serialised(async () => {
      for (;;) {
        const entries = this.prune(await this.options.store.load());
        const freeAt = this.nextFreeAt(entries);
        if (freeAt <= this.now()) {
          const entry: RequestLogEntry = { id: crypto.randomUUID(), sentAt: this.now() };
          await this.options.store.save([...entries, entry]);
          return { done: () => this.markDone(entry.id) };
        }
        if (freeAt > deadline) {
          throw new ProblemError({ kind: 'rate-limited', service: this.options.service, retryAt: freeAt });
        }
        await this.sleep(freeAt - this.now());
      }
    });
  }

  /** When the next slot frees up (now or in the past if one is free). */
  async nextSlotAt(): Promise<number> {
    return this.serialised(async () => this.nextFreeAt(this.prune(await this.options.store.load())));
  }

  private markDone(id: string): Promise<void> {
    return this.serialised(async () => {
      const entries = await this.options.store.load();
      await this.options.store.save(
        entries.map((entry) => (entry.id === id ? { ...entry, doneAt: this.now() } : entry)),
      );
    });
  }

  /** A request still in flight counts until it ends, which is now at the earliest. */
  private endOf(entry: RequestLogEntry): number {
    return entry.doneAt ?? this.now();
  }

  private prune(entries: RequestLogEntry[]): RequestLogEntry[] {
    const now = this.now();
    return entries
      .map((entry) =>
        entry.doneAt === undefined && now - entry.sentAt > this.options.maxRequestMs
          ? { ...entry, doneAt: entry.sentAt + this.options.maxRequestMs }
          : entry,
      )
      .filter((entry) => entry.doneAt === undefined || now - entry.doneAt < this.options.windowMs);
  }

  private nextFreeAt(entries: RequestLogEntry[]): number {
    if (entries.length < this.options.limit) return this.now();
    const ends = entries.map((entry) => this.endOf(entry)).sort((a, b) => a - b);
    // The oldest `entries.length - limit + 1` must leave the window before a new one may start.
    return ends[entries.length - this.options.limit]! + this.options.windowMs;
  }

  private serialised<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
