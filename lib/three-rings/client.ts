import type { z } from 'zod';
import type { ChoirEvent, Shift, Volunteer } from '../model';
import type { Backoff } from '../net/backoff';
import { readEnvelope } from '../net/envelope';
import { fetchJson, type Interpretation } from '../net/fetch-json';
import { InFlight } from '../net/in-flight';
import type { RateLimiter } from '../net/rate-limiter';
import type { Problem } from '../problems';
import { THREE_RINGS_ORIGIN } from './origin';
import { normaliseEvent, normaliseShifts, normaliseVolunteer } from './normalise';
import {
  directoryResponseSchema,
  eventsResponseSchema,
  shiftsResponseSchema,
  volunteerResponseSchema,
} from './schemas';

const REQUEST_TIMEOUT_MS = 20_000;

export interface DateRange {
  /** Calendar dates, YYYY-MM-DD. */
  from: string;
  to: string;
}

export interface ThreeRingsClientOptions {
  limiter: RateLimiter;
  backoff: Backoff;
  /** An API key replaces the session cookie for members who prefer one. */
  apiKey: () => Promise<string | undefined>;
  userAgent: string;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  /** How long the caller will wait for a rate-limit slot before giving up (default: not at all). */
  maxQueueMs?: number;
}

/**
 * Three Rings, through its documented JSON endpoints only, with the member's own browser
 * session (or API key). Every request passes the shared rate limiter and backoff; identical
 * requests in flight at once are sent once.
 */
export class ThreeRingsClient {
  private readonly inFlight = new InFlight();

  constructor(private readonly options: ThreeRingsClientOptions) {}

  async shifts(range: DateRange, options?: RequestOptions): Promise<Shift[]> {
    const query = { start_date: range.from, end_date: range.to };
    const reply = await this.get('/shift.json', query, shiftsResponseSchema, options);
    return normaliseShifts(reply.shifts);
  }

  /** Needs a stats-capable role: ordinary members get a `forbidden` problem. */
  async exportRotas(range: DateRange, options?: RequestOptions): Promise<Shift[]> {
    const query = { start_date: range.from, end_date: range.to };
    const reply = await this.get('/stats/export_rotas.json', query, shiftsResponseSchema, options, 'forbidden');
    return normaliseShifts(reply.shifts);
  }

  async events(range: DateRange, options?: RequestOptions): Promise<ChoirEvent[]> {
    const query = { start_date: range.from, end_date: range.to };
    const reply = await this.get('/events.json', query, eventsResponseSchema, options);
    return reply.events.map(normaliseEvent).sort((a, b) => a.date.localeCompare(b.date));
  }

  async directory(options?: RequestOptions): Promise<Volunteer[]> {
    const reply = await this.get('/directory.json', {}, directoryResponseSchema, options);
    return reply.volunteers.map(normaliseVolunteer);
  }

  async volunteer(id: number, options?: RequestOptions): Promise<Volunteer> {
    const reply = await this.get(`/directory/${id}`, { format: 'json' }, volunteerResponseSchema, options);
    return normaliseVolunteer(reply.volunteer);
  }

  private get<S extends z.ZodObject>(
    path: string,
    query: Record<string, string>,
    schema: S,
    options: RequestOptions = {},
    forbiddenMeans: 'signed-out' | 'forbidden' = 'signed-out',
  ): Promise<z.output<S>> {
    const url = new URL(path, THREE_RINGS_ORIGIN);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    return this.inFlight.run(url.href, () => this.send(url, path, schema, options, forbiddenMeans));
  }

  private async send<S extends z.ZodObject>(
    url: URL,
    endpoint: string,
    schema: S,
    options: RequestOptions,
    forbiddenMeans: 'signed-out' | 'forbidden',
  ): Promise<z.output<S>> {
    const { limiter, backoff } = this.options;
    await backoff.check();
    const slot = await limiter.acquire(options.maxQueueMs ?? 0);
    try {
      const apiKey = await this.options.apiKey();
      const reply = await fetchJson(
        {
          service: 'threeRings',
          endpoint,
          url: url.href,
          schema,
          timeoutMs: REQUEST_TIMEOUT_MS,
          fetch: this.options.fetch,
          recogniseHtml: (html) =>
            /account_session\[password\]|type=["']?password/i.test(html) ? { kind: 'signed-out', service: 'threeRings' } : undefined,
          init: {
            // An API key is sent instead of, never alongside, the session cookie.
            credentials: apiKey ? 'omit' : 'include',
            headers: {
              Accept: 'application/json',
              'User-Agent': this.options.userAgent,
              ...(apiKey && { Authorization: `APIKEY ${apiKey}` }),
            },
          },
        },
        (response) => this.interpret(response, endpoint, forbiddenMeans),
      );
      // The wrappers are documented to hold their payload alone: whatever else comes is logged.
      readEnvelope(reply, {}, 'threeRings', endpoint, { documentedKeys: Object.keys(schema.shape) });
      return reply;
    } finally {
      await slot.done();
    }
  }

  private async interpret(
    response: Response,
    endpoint: string,
    forbiddenMeans: 'signed-out' | 'forbidden',
  ): Promise<Interpretation> {
    const service = 'threeRings';
    const status = response.status;
    if (status === 429 || status >= 500) {
      const retryAt = await this.options.backoff.recordFailure(status, response.headers.get('Retry-After'));
      return { kind: 'server-busy', service, status, retryAt } satisfies Problem;
    }
    await this.options.backoff.recordSuccess();
    if (status === 401) return { kind: 'signed-out', service };
    if (status === 403) return forbiddenMeans === 'forbidden' ? { kind: 'forbidden', service, endpoint } : { kind: 'signed-out', service };
    // Signed out, the site redirects to its login page, which fetch follows.
    if (response.redirected && /^\/(login|auth)\b/.test(new URL(response.url).pathname)) {
      return { kind: 'signed-out', service };
    }
    return 'json';
  }
}
