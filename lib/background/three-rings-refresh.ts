import type { ThreeRingsClient } from '../three-rings/client';
import { cachedDirectory, cachedEvents, cachedShifts, threeRingsStatus, type CacheItem } from '../store';
import { ProblemError, describeForLog, toProblem, type Problem } from '../problems';
import { addDays, localDateKey, MINUTE } from '../time';
import { keepRead, readKeptCache } from './kept-cache';

/**
 * How far ahead the rota is read. The popup's rota shows 7 days and my shifts 14; the data health
 * page looks 30 days ahead for shifts of people who are no longer current members.
 */
export const SHIFT_DAYS_AHEAD = 30;
const EVENT_DAYS_AHEAD = 60;
/** After this long cached data is refreshed behind the scenes; before it, no request is sent. */
const SHIFTS_MAX_AGE = 5 * MINUTE;
const EVENTS_MAX_AGE = 30 * MINUTE;
const DIRECTORY_MAX_AGE = 60 * MINUTE;

export interface RefreshOptions {
  /** The member asked for it: ignore how fresh the cache is (the rate limit still applies). */
  force?: boolean;
  /** How long to wait for a rate-limit slot: a member looking at the popup waits a little. */
  maxQueueMs?: number;
}

export interface RefreshOutcome {
  requested: number;
  problem?: Problem;
}

/**
 * Keeps the cached Three Rings data fresh (stale-while-revalidate): pages show the cache at once
 * and listen for the new data this writes. A failed refresh leaves the cache alone and records why.
 */
export class ThreeRingsRefresher {
  private running: Promise<RefreshOutcome> | undefined;

  constructor(
    private readonly client: ThreeRingsClient,
    /** The directory is only fetched when something uses it: matching people to HarmonySite. */
    private readonly wantsDirectory: () => Promise<boolean> = async () => false,
    private readonly now: () => number = Date.now,
  ) {}

  /** Calls made while one is running join it, unless forced while the running one was not. */
  refresh(options: RefreshOptions = {}): Promise<RefreshOutcome> {
    if (!this.running) {
      this.running = this.run(options).finally(() => (this.running = undefined));
    } else if (options.force) {
      this.running = this.running.then(() => this.run(options)).finally(() => (this.running = undefined));
    }
    return this.running;
  }

  private async run({ force = false, maxQueueMs = 0 }: RefreshOptions): Promise<RefreshOutcome> {
    const today = localDateKey(this.now());
    const request = { maxQueueMs };
    const tasks = [
      this.refreshOne(cachedShifts, SHIFTS_MAX_AGE, force, async () => {
        const range = { from: addDays(today, -1), to: addDays(today, SHIFT_DAYS_AHEAD) };
        return { ...range, shifts: await this.client.shifts(range, request) };
      }),
      this.refreshOne(cachedEvents, EVENTS_MAX_AGE, force, () =>
        this.client.events({ from: today, to: addDays(today, EVENT_DAYS_AHEAD) }, request),
      ),
    ];
    if (await this.wantsDirectory()) {
      tasks.push(this.refreshOne(cachedDirectory, DIRECTORY_MAX_AGE, force, () => this.client.directory(request)));
    }
    let requested = 0;
    let problem: Problem | undefined;
    // One after the other: if the first finds us signed out, the second is not worth sending.
    for (const task of tasks) {
      if (problem) break;
      const result = await task();
      requested += result.requested;
      problem = result.problem;
    }
    await this.recordOutcome(problem, requested);
    return { requested, ...(problem && { problem }) };
  }

  private refreshOne<T>(cache: CacheItem<T>, maxAge: number, force: boolean, load: () => Promise<T>) {
    return async (): Promise<{ requested: number; problem?: Problem }> => {
      const kept = await readKeptCache(cache);
      if (!force && kept && this.now() - kept.checkedAt < maxAge) return { requested: 0 };
      try {
        const data = await load();
        await keepRead(cache, kept, data, this.now());
        return { requested: 1 };
      } catch (error) {
        if (!(error instanceof ProblemError)) console.error('[Descant] Three Rings refresh failed', error);
        return { requested: 1, problem: toProblem(error, 'threeRings', 'refresh') };
      }
    };
  }

  private async recordOutcome(problem: Problem | undefined, requested: number): Promise<void> {
    if (problem) {
      console.warn(`[Descant] ${describeForLog(problem)}`);
      await threeRingsStatus.setValue({ problem, problemAt: this.now() });
    } else if (requested > 0 && Object.keys(await threeRingsStatus.getValue()).length > 0) {
      // Only what changed is written: a clear status stays as it is.
      await threeRingsStatus.setValue({});
    }
  }
}
