import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { firstHalf, htmlReply, jsonReply, type Reply } from '../three-rings/http';
import type { SafeHtml } from '../three-rings/html';

/**
 * Faults a test can switch on to see how the extension copes. They apply to the API routes only
 * (APIv4, APIv3, extern/rest.php), never to the CMS pages, and only while the route's flavour
 * is switched on.
 */

export type ApiFlavour = 'api4' | 'api3' | 'legacy';

export type FaultBehaviour =
  /** v4: HTTP 500 with the generic "Sorry an error occurred"; v3 and legacy: HTTP 500 with is_error 1. */
  | { kind: '500' }
  /** HTTP 503 `{"status_code":503,"status_message":"Temporarily unavailable for maintenance."}` */
  | { kind: '503-maintenance' }
  /** HTTP 429 from something in front of the site, with Retry-After. */
  | { kind: '429'; retryAfterSeconds?: number }
  /** HTTP 200 with the CMS's home page (no login form). */
  | { kind: 'html-instead-of-json' }
  /** The first half of the JSON. */
  | { kind: 'truncated-json' }
  /** Valid JSON of the wrong shape: `values` not an array (v4) or not an object or array (v3), `count` a word. */
  | { kind: 'wrong-types' }
  /**
   * Successes with odd envelopes and good values: v4's `count` null and `countFetched` text; v3's
   * `is_error` left out and `count` text. Errors pass through.
   */
  | { kind: 'odd-envelope' }
  /** v3 and legacy only: `{"is_error":1,"error_message":…}` with HTTP 200. */
  | { kind: 'v3-error'; message?: string }
  | { kind: 'slow'; delayMs: number };

export interface FaultScope {
  /** Only these calls, written `Entity/action` (`Contact/get`); a trailing * matches a prefix (`Membership*`). */
  paths?: string[];
  /** Only these flavours. */
  flavours?: ApiFlavour[];
  /** Only the next N matching requests; then the fault clears itself. */
  times?: number;
}

export type Fault = FaultBehaviour & FaultScope;

const scope = {
  paths: z.array(z.string()).optional(),
  flavours: z.array(z.enum(['api4', 'api3', 'legacy'])).optional(),
  times: z.number().int().positive().optional(),
};

export const faultSchema: z.ZodType<Fault> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('500'), ...scope }),
  z.object({ kind: z.literal('503-maintenance'), ...scope }),
  z.object({ kind: z.literal('429'), retryAfterSeconds: z.number().int().nonnegative().optional(), ...scope }),
  z.object({ kind: z.literal('html-instead-of-json'), ...scope }),
  z.object({ kind: z.literal('truncated-json'), ...scope }),
  z.object({ kind: z.literal('wrong-types'), ...scope }),
  z.object({ kind: z.literal('odd-envelope'), ...scope }),
  z.object({ kind: z.literal('v3-error'), message: z.string().optional(), ...scope }),
  z.object({ kind: z.literal('slow'), delayMs: z.number().nonnegative(), ...scope }),
]);

/** One API request, as faults see it. */
export interface ApiCall {
  flavour: ApiFlavour;
  entity: string;
  action: string;
}

/** The current fault (if any) and how many more requests it applies to. */
export class FaultSwitch {
  private fault: Fault | undefined;
  private remaining = Infinity;

  set(fault: Fault | null): void {
    this.fault = fault ?? undefined;
    this.remaining = fault?.times ?? Infinity;
  }

  clear(): void {
    this.set(null);
  }

  /** The fault for this call, counting it against `times`; undefined when none applies. */
  take(call: ApiCall): Fault | undefined {
    const fault = this.fault;
    if (!fault || !matches(fault, call)) return undefined;
    this.remaining--;
    if (this.remaining <= 0) this.clear();
    return fault;
  }
}

function matches(fault: Fault, call: ApiCall): boolean {
  if (fault.kind === 'v3-error' && call.flavour === 'api4') return false;
  if (fault.flavours && !fault.flavours.includes(call.flavour)) return false;
  if (!fault.paths) return true;
  const path = `${call.entity}/${call.action}`;
  return fault.paths.some((pattern) => (pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : pattern === path));
}

/** What CiviCRM says without `view debug output`: a generic message and an error id for the log. */
export function genericErrorMessage(): string {
  const id = randomBytes(6).toString('hex').match(/.{4}/g)!.join('-');
  return `Sorry an error occurred and your request was not completed. (Error ID: ${id})`;
}

/** Faults that replace the reply outright, before anything else is looked at. */
export function replyInsteadOf(fault: Fault, flavour: ApiFlavour, cmsPage: () => SafeHtml): Reply | undefined {
  switch (fault.kind) {
    case '500':
      return flavour === 'api4'
        ? jsonReply(500, { error_code: '1', error_message: genericErrorMessage(), status: 500 })
        : jsonReply(500, { is_error: 1, error_message: genericErrorMessage() });
    case '503-maintenance':
      return jsonReply(503, { status_code: 503, status_message: 'Temporarily unavailable for maintenance.' });
    case '429':
      return { status: 429, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': String(fault.retryAfterSeconds ?? 30) }, body: '<h1>Too Many Requests</h1>' };
    case 'html-instead-of-json':
      return htmlReply(200, cmsPage());
    case 'v3-error':
      return jsonReply(200, { is_error: 1, error_message: fault.message ?? 'DB Error: unknown error' });
    default:
      return undefined;
  }
}

/** Faults that damage a JSON reply (success or error); XML, HTML and plain text pass through. */
export function damage(fault: Fault, reply: Reply): Reply {
  if (!reply.headers['Content-Type']?.startsWith('application/json')) return reply;
  if (fault.kind === 'truncated-json') {
    return { ...reply, body: firstHalf(reply.body) };
  }
  if (fault.kind === 'wrong-types') return { ...reply, body: JSON.stringify(withWrongTypes(JSON.parse(reply.body))) };
  if (fault.kind === 'odd-envelope') return { ...reply, body: JSON.stringify(withOddEnvelope(JSON.parse(reply.body))) };
  return reply;
}

function withOddEnvelope(body: Json): Json {
  if (!('values' in body)) return body;
  if (body.version === 4) return { ...body, count: null, countFetched: String(body.countFetched) };
  const { is_error: _dropped, ...rest } = body;
  return { ...rest, count: String(body.count) };
}

type Json = Record<string, unknown>;

/** v4's `values` keyed by id (not an array); v3's `values` the word PHP prints for an array; counts as words. */
function withWrongTypes(body: Json): Json {
  if (body.version === 4 && Array.isArray(body.values)) {
    const keyed = Object.fromEntries((body.values as Json[]).map((value, index) => [String(value.id ?? index), value]));
    return { ...body, values: keyed, count: 'all', countFetched: 'all' };
  }
  if ('values' in body) return { ...body, values: 'Array', count: 'many' };
  return { ...body, error_message: 500, is_error: 'yes' };
}
