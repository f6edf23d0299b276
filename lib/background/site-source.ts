import browser from 'webextension-polyfill';
import { hostPattern } from '../net/host-pattern';
import { waitAfterFailures } from '../net/retry-wait';
import type { WxtStorageItem } from 'wxt/utils/storage';
import { keepRead, readKeptCache } from './kept-cache';
import { ProblemError, describeForLog, toProblem, type Problem, type ServiceName } from '../problems';
import type { CacheItem, SourceStatus } from '../store';
import { MINUTE } from '../time';

export interface SiteSourceOptions<T extends { origin: string }> {
  service: ServiceName;
  /** The site's origin from the choir profile, or undefined when the choir has none set up. */
  origin: () => Promise<string | undefined>;
  cache: CacheItem<T>;
  status: WxtStorageItem<SourceStatus, Record<string, unknown>>;
  /** After this long the cache is refreshed behind the scenes; before it, nothing is sent. */
  maxAge: number;
  /** Reads everything afresh from the (permitted) site; `cached` is the last copy, if from this site. */
  read: (origin: string, cached: T | undefined, force: boolean) => Promise<T>;
  now?: () => number;
}

/** After 1, 2, 3, 4 or more failed reads in a row: how long reads nobody asked for wait. */
const RETRY_WAITS = [1, 2, 5, 15].map((minutes) => minutes * MINUTE);

export function retryWait(failures: number): number {
  return waitAfterFailures(RETRY_WAITS, failures);
}

/**
 * One of the choir's own sites (HarmonySite, CiviCRM) kept in the cache, stale-while-revalidate:
 * one refresh at a time, nothing sent while the cache is fresh, and a failed refresh keeps the
 * cache and records why for the popup and Settings to explain. After a failed read, whatever the
 * reason, reads nobody asked for (page loads, the alarm) wait longer each time (retryWait), and the
 * wait is kept in storage so a restarted service worker keeps it; a forced read (the member's
 * Refresh, new settings, a sign-in) tries at once.
 */
export class SiteSource<T extends { origin: string }> {
  private running: Promise<Problem | undefined> | undefined;
  private queued: Promise<Problem | undefined> | undefined;

  constructor(private readonly options: SiteSourceOptions<T>) {}

  refresh({ force = false }: { force?: boolean } = {}): Promise<Problem | undefined> {
    if (!this.running) {
      const run = this.run(force).finally(() => {
        if (this.running === run) this.running = undefined;
      });
      this.running = run;
      return run;
    }
    if (!force) return this.running;
    // The read under way may have started before what made this one forced (new settings, a
    // sign-in), so one more follows it; further forced asks meanwhile share that one.
    this.queued ??= this.running.then(() => {
      this.queued = undefined;
      return this.refresh({ force: true });
    });
    return this.queued;
  }

  private async run(force: boolean): Promise<Problem | undefined> {
    const { service, cache, status, maxAge, now = Date.now } = this.options;
    const origin = await this.options.origin();
    const kept = await readKeptCache(cache);
    if (!origin) {
      // The choir took the site out of its profile: what was read from it goes too.
      if (kept) await Promise.all([cache.setValue(null), cache.removeMeta()]);
      return undefined;
    }
    const sameSite = kept?.data.origin === origin ? kept : null;
    if (sameSite && now() - sameSite.checkedAt < maxAge && !force) return undefined;
    const last = await status.getValue();
    if (!force && last.problem && last.problemAt !== undefined && now() - last.problemAt < retryWait(last.failures ?? 1)) return last.problem;
    try {
      if (!(await browser.permissions.contains({ origins: [hostPattern(origin)] }))) {
        throw new ProblemError({ kind: 'permission-missing', service, origin });
      }
      const data = await this.options.read(origin, sameSite?.data, force);
      await keepRead(cache, kept, data, now());
      // Only what changed is written: a clear status stays as it is.
      if (Object.keys(last).length > 0) await status.setValue({});
      return undefined;
    } catch (error) {
      if (!(error instanceof ProblemError)) console.error(`[Descant] ${service} refresh failed`, error);
      const problem = toProblem(error, service, 'refresh');
      console.warn(`[Descant] ${describeForLog(problem)}`);
      await status.setValue({ problem, problemAt: now(), failures: (last.failures ?? 0) + 1 });
      return problem;
    }
  }
}
