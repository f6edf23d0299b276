import { z } from 'zod';
import { firstHalf, htmlReply, JSON_CONTENT_TYPE, type Reply } from '../three-rings/http';
import { loginPage } from './pages';

/**
 * Faults a test can switch on to see how the extension copes. They apply to `/api` only, never
 * to the site's pages or the /__sim control API.
 */

export type FaultBehaviour =
  | { kind: 'none' }
  /** Every token is refused, the browser session's and the API sign-in's alike. */
  | { kind: 'signed-out' }
  /** The browser's session id is refused as a token; API tokens still work. */
  | { kind: 'refuse-session-token' }
  /** Every API token issued so far runs out (for good); new ones from `authorise` work. */
  | { kind: 'expire-tokens' }
  /** The API's own error shape: "Database temporarily unavailable". */
  | { kind: 'error-status' }
  | { kind: 'empty-table'; table: string }
  /** The table answers with exactly one record, sent as an object rather than an array. */
  | { kind: 'single-record'; table: string }
  /** The record key before 2023: the table's singular name, spaces as underscores. */
  | { kind: 'old-array-key' }
  | { kind: '429'; retryAfterSeconds?: number }
  | { kind: '500' }
  | { kind: '503' }
  | { kind: 'slow'; delayMs: number }
  /** The login page, with status 200. */
  | { kind: 'html-instead-of-json' }
  | { kind: 'truncated-json' }
  | { kind: 'wrong-types' };

export interface FaultScope {
  /**
   * Only these API calls, written `endpoint` or `endpoint/table` (`authorise`, `browse/members`);
   * a trailing * matches a prefix (`browse/*`). Faults with a `table` match only browsing it.
   */
  paths?: string[];
  /** Only the next N matching requests; then the fault clears itself. */
  times?: number;
}

export type Fault = FaultBehaviour & FaultScope;

const scope = {
  paths: z.array(z.string()).optional(),
  times: z.number().int().positive().optional(),
};

export const faultSchema: z.ZodType<Fault> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none'), ...scope }),
  z.object({ kind: z.literal('signed-out'), ...scope }),
  z.object({ kind: z.literal('refuse-session-token'), ...scope }),
  z.object({ kind: z.literal('expire-tokens'), ...scope }),
  z.object({ kind: z.literal('error-status'), ...scope }),
  z.object({ kind: z.literal('empty-table'), table: z.string(), ...scope }),
  z.object({ kind: z.literal('single-record'), table: z.string(), ...scope }),
  z.object({ kind: z.literal('old-array-key'), ...scope }),
  z.object({ kind: z.literal('429'), retryAfterSeconds: z.number().int().nonnegative().optional(), ...scope }),
  z.object({ kind: z.literal('500'), ...scope }),
  z.object({ kind: z.literal('503'), ...scope }),
  z.object({ kind: z.literal('slow'), delayMs: z.number().nonnegative(), ...scope }),
  z.object({ kind: z.literal('html-instead-of-json'), ...scope }),
  z.object({ kind: z.literal('truncated-json'), ...scope }),
  z.object({ kind: z.literal('wrong-types'), ...scope }),
]);

/** One request to /api, as faults see it. */
export interface ApiCall {
  endpoint: string;
  table?: string;
}

const NO_FAULT: Fault = { kind: 'none' };

/** The current fault and how many more requests it applies to. */
export class FaultSwitch {
  private fault: Fault = NO_FAULT;
  private remaining = Infinity;

  set(fault: Fault): void {
    this.fault = fault;
    this.remaining = fault.times ?? Infinity;
  }

  clear(): void {
    this.set(NO_FAULT);
  }

  /** The fault for this call, counting it against `times`; undefined when none applies. */
  take(call: ApiCall): Fault | undefined {
    const fault = this.fault;
    if (fault.kind === 'none' || !matches(fault, call)) return undefined;
    this.remaining--;
    if (this.remaining <= 0) this.clear();
    return fault;
  }
}

function matches(fault: Fault, call: ApiCall): boolean {
  if ('table' in fault && (call.endpoint !== 'browse' || call.table !== fault.table)) return false;
  if (!fault.paths) return true;
  const path = call.table ? `${call.endpoint}/${call.table}` : call.endpoint;
  return fault.paths.some((pattern) => (pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : pattern === path));
}

/** Faults that replace the reply outright, before the token is even looked at. */
export function replyInsteadOf(fault: Fault): Reply | undefined {
  switch (fault.kind) {
    case '429':
      return { status: 429, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': String(fault.retryAfterSeconds ?? 30) }, body: '<h1>Too Many Requests</h1>' };
    case '500':
      return { status: 500, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: '<h1>Internal Server Error</h1>' };
    case '503':
      return { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: '<h1>Service Unavailable</h1><p>The site is down for maintenance.</p>' };
    case 'html-instead-of-json':
      return htmlReply(200, loginPage());
    default:
      return undefined;
  }
}

/** Faults that damage a JSON reply; XML and replaced replies pass through. */
export function damage(fault: Fault, reply: Reply): Reply {
  if (reply.headers['Content-Type'] !== JSON_CONTENT_TYPE) return reply;
  if (fault.kind === 'truncated-json') {
    return { ...reply, body: firstHalf(reply.body) };
  }
  if (fault.kind === 'wrong-types') return { ...reply, body: JSON.stringify(withWrongTypes(JSON.parse(reply.body))) };
  return reply;
}

type Json = Record<string, unknown>;

/** Valid JSON that no documented reply looks like: counts as number arrays, a token that is not text. */
function withWrongTypes(body: Json): Json {
  if (body.records) {
    const records = body.records as Json;
    const counts = records['@attributes'] as Json;
    return { ...body, records: { ...records, '@attributes': { ...counts, available: [Number(counts.available)], count: Number(counts.count) } } };
  }
  if (body.token) return { ...body, token: { value: body.token } };
  if (body.config) return { ...body, config: Object.keys(body.config as Json) };
  return { ...body, error: 500 };
}
