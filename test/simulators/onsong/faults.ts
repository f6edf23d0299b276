import { z } from 'zod';
import { firstHalf, jsonReply, type Reply } from '../three-rings/http';

/**
 * Ways an iPad lets the extension down. A fault applies to every /api request until it is
 * cleared (never to the control page or /__sim); only one is on at a time.
 */
export type OnSongFault =
  /** Sockets are destroyed without a reply: the iPad is asleep, or on another network. */
  | { kind: 'unreachable' }
  /** Every /api call answers {"error": message} with this status. */
  | { kind: 'error-status'; status: number; message: string }
  /** {"error": message} with HTTP 200: a client must read the body, not only the status. */
  | { kind: 'error-with-200'; message: string }
  /**
   * GET /state and /songs/*: a good reply is cut off half-way, and an error loses its closing
   * quote (`{"error":"Not Registered}`), as in the docs' own example.
   */
  | { kind: 'malformed-json' }
  /** HEAD and GET /state come without Last-Modified. */
  | { kind: 'no-last-modified' }
  /** Every /api reply waits this long first. */
  | { kind: 'slow'; ms: number };

export const faultSchema: z.ZodType<OnSongFault> = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('unreachable') }),
  z.strictObject({ kind: z.literal('error-status'), status: z.number().int().min(400).max(599), message: z.string() }),
  z.strictObject({ kind: z.literal('error-with-200'), message: z.string() }),
  z.strictObject({ kind: z.literal('malformed-json') }),
  z.strictObject({ kind: z.literal('no-last-modified') }),
  z.strictObject({ kind: z.literal('slow'), ms: z.number().int().min(0).max(600_000) }),
]);

/** Faults that answer in place of the API, whatever was asked. */
export function replyInsteadOf(fault: OnSongFault | null): Reply | undefined {
  if (fault?.kind === 'error-status') return jsonReply(fault.status, { error: fault.message });
  if (fault?.kind === 'error-with-200') return jsonReply(200, { error: fault.message });
  return undefined;
}

/** Faults that spoil the API's own reply to `method endpoint`. */
export function spoil(fault: OnSongFault | null, method: string, endpoint: string, reply: Reply): Reply {
  if (fault?.kind === 'no-last-modified' && endpoint === '/state') {
    const { 'Last-Modified': _dropped, ...headers } = reply.headers;
    return { ...reply, headers };
  }
  const spoilt = method === 'GET' && (endpoint === '/state' || endpoint.startsWith('/songs/'));
  if (fault?.kind === 'malformed-json' && spoilt) return { ...reply, body: malformed(reply.body) };
  return reply;
}

function malformed(body: string): string {
  const error = /^\{"error":"(.*)"\}$/s.exec(body);
  if (error) return `{"error":"${error[1]}}`;
  return firstHalf(body);
}
