import { z } from 'zod';
import { firstHalf, htmlReply, JSON_CONTENT_TYPE, redirectReply, type Reply } from './http';
import { errorPage, maintenancePage, signedOutErrorPage } from './pages';

/**
 * Faults a test can switch on to see how the extension copes. They apply to JSON endpoints
 * only, never to the login pages or the /__sim control API.
 */

export type FaultBehaviour =
  | { kind: 'none' }
  | { kind: 'signed-out'; as: 'login-redirect' | '401' | '403' }
  | { kind: '429'; retryAfterSeconds?: number }
  | { kind: '500' }
  | { kind: '503' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'truncated-json' }
  | { kind: 'wrong-types' }
  /** The payload as it should be, beside envelope fields the wrapper is not documented to hold. */
  | { kind: 'odd-envelope' }
  | { kind: 'html-instead-of-json' };

export interface FaultScope {
  /** Only these JSON endpoint paths (no query), e.g. ['/shift.json']; a trailing * matches a prefix. */
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
  z.object({ kind: z.literal('signed-out'), as: z.enum(['login-redirect', '401', '403']), ...scope }),
  z.object({ kind: z.literal('429'), retryAfterSeconds: z.number().int().nonnegative().optional(), ...scope }),
  z.object({ kind: z.literal('500'), ...scope }),
  z.object({ kind: z.literal('503'), ...scope }),
  z.object({ kind: z.literal('slow'), delayMs: z.number().nonnegative(), ...scope }),
  z.object({ kind: z.literal('truncated-json'), ...scope }),
  z.object({ kind: z.literal('wrong-types'), ...scope }),
  z.object({ kind: z.literal('odd-envelope'), ...scope }),
  z.object({ kind: z.literal('html-instead-of-json'), ...scope }),
]);

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

  current(): Fault {
    return this.fault;
  }

  /** The fault for a request to `path`, counting it against `times`; undefined when none applies. */
  take(path: string): Fault | undefined {
    const fault = this.fault;
    if (fault.kind === 'none' || !matchesPath(fault.paths, path)) return undefined;
    this.remaining--;
    if (this.remaining <= 0) this.clear();
    return fault;
  }
}

function matchesPath(paths: string[] | undefined, path: string): boolean {
  if (!paths) return true;
  return paths.some((pattern) => (pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : pattern === path));
}

/** Faults that replace the reply outright, before the caller is even identified. */
export function replyInsteadOf(fault: Fault): Reply | undefined {
  switch (fault.kind) {
    case 'signed-out':
      if (fault.as === 'login-redirect') return redirectReply('/login');
      return htmlReply(Number(fault.as), signedOutErrorPage(Number(fault.as)));
    case '429':
      return htmlReply(429, errorPage(429, 'Too many requests'), { 'Retry-After': String(fault.retryAfterSeconds ?? 30) });
    case '500':
      return htmlReply(500, errorPage(500, 'We’re sorry, but something went wrong.'));
    case '503':
      return htmlReply(503, errorPage(503, 'Three Rings is temporarily unavailable.'));
    case 'html-instead-of-json':
      return htmlReply(200, maintenancePage());
    default:
      return undefined;
  }
}

/** Faults that damage a good JSON reply; other replies (redirects, 403, 404) pass through. */
export function damage(fault: Fault, reply: Reply): Reply {
  if (reply.status !== 200 || reply.headers['Content-Type'] !== JSON_CONTENT_TYPE) return reply;
  if (fault.kind === 'truncated-json') {
    return { ...reply, body: firstHalf(reply.body) };
  }
  if (fault.kind === 'wrong-types') return { ...reply, body: JSON.stringify(withWrongTypes(JSON.parse(reply.body))) };
  if (fault.kind === 'odd-envelope') return { ...reply, body: JSON.stringify({ ...(JSON.parse(reply.body) as object), ...ODD_ENVELOPE }) };
  return reply;
}

/** What other APIs wrap a payload in, each of a type nobody could rely on. */
const ODD_ENVELOPE = { status: 200, count: null, meta: 'none' };

type Json = Record<string, unknown>;

/** Valid JSON in which some fields have the wrong type, per endpoint. */
export function withWrongTypes(body: unknown): unknown {
  if (!body || typeof body !== 'object') return body;
  const top = body as Json;
  const eachOf = (key: string, change: (item: Json) => Json) =>
    Array.isArray(top[key]) ? { ...top, [key]: (top[key] as Json[]).map(change) } : undefined;
  return (
    eachOf('shifts', (shift) => ({
      ...shift,
      start_datetime: Date.parse(String(shift.start_datetime)),
      duration: { seconds: shift.duration },
      ...('volunteer_shifts' in shift && { volunteer_shifts: 'see volunteers' }),
      ...('volunteers' in shift && { volunteers: 'see volunteer_shifts' }),
    })) ??
    eachOf('volunteers', (volunteer) => ({ ...volunteer, id: { value: volunteer.id }, name: 12345, roles: 'Everyone', volunteer_properties: {} })) ??
    eachOf('events', (event) => ({ ...event, name: true, date: Date.parse(String(event.date)) })) ??
    eachOf('news_items', (item) => ({ ...item, title: 42, created_at: Date.parse(String(item.created_at)), sticky: 'yes' })) ??
    (top.volunteer ? { volunteer: { ...(top.volunteer as Json), name: ['not', 'a', 'string'], volunteer_properties: 'none' } } : undefined) ??
    (top.news_item ? { news_item: { ...(top.news_item as Json), title: 42 } } : undefined) ??
    (top.event ? { event: { ...(top.event as Json), date: 20260101 } } : undefined) ??
    { unexpected: top }
  );
}
