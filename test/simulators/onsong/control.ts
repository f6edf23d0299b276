import { z } from 'zod';
import { jsonReply, type Reply } from '../three-rings/http';
import { faultSchema, type OnSongFault } from './faults';
import { MIN_TOKEN_LENGTH } from './tokens';

/**
 * The /__sim control API, for a browser-driving harness that has only the URL, and for the
 * buttons on the control page. Bodies are JSON, or a urlencoded form from the page (which is
 * then sent back to `/` with a 303). Bad input is a 400 with zod's message.
 */

export interface SimControls {
  nextSong(): string;
  allowPending(): string[];
  setCurrentSong(id: string): void;
  setCurrentSet(id: string | null): void;
  setFault(fault: OnSongFault | null): void;
  registerToken(token: string): void;
  expireToken(token: string): void;
  reset(): void;
  requests(): unknown[];
  tokens(): { pending: string[]; registered: string[] };
  state(): Record<string, unknown>;
}

const songBody = z.object({ id: z.string().min(1, 'id must be a song ID') });
/** From the page, "(none)" comes as an empty id. */
const setBody = z.object({ id: z.preprocess((id) => (id === '' ? null : id), z.string().nullable()) });
const tokenBody = z.object({ token: z.string().min(MIN_TOKEN_LENGTH, `token must have at least ${MIN_TOKEN_LENGTH} characters`) });
/** The fault itself or null, or the same wrapped as {"fault": …}. */
const faultBody = z.union([faultSchema, z.null(), z.strictObject({ fault: faultSchema.nullable() }).transform(({ fault }) => fault)]);

export async function answerControl(method: string, pathname: string, contentType: string, rawBody: string, controls: SimControls): Promise<Reply> {
  const fromPage = contentType.startsWith('application/x-www-form-urlencoded');
  const body = parseBody(rawBody, fromPage);
  const done = (value: Record<string, unknown>): Reply => (fromPage ? { status: 303, headers: { Location: '/' }, body: '' } : jsonReply(200, { ok: true, ...value }));
  const route = `${method} ${pathname}`;

  if (route === 'GET /__sim/requests') return jsonReply(200, controls.requests());
  if (route === 'GET /__sim/tokens') return jsonReply(200, controls.tokens());
  if (route === 'GET /__sim/state') return jsonReply(200, controls.state());
  if (method !== 'POST') return jsonReply(404, { error: `no control route ${route}` });
  if (body === INVALID) return jsonReply(400, { error: 'the body must be JSON' });

  try {
    switch (pathname) {
      case '/__sim/next':
        return done({ songId: controls.nextSong() });
      case '/__sim/allow':
        return done({ allowed: controls.allowPending() });
      case '/__sim/reset':
        controls.reset();
        return done({});
      case '/__sim/song': {
        const { id } = songBody.parse(body);
        controls.setCurrentSong(id);
        return done({ songId: id });
      }
      case '/__sim/set': {
        const { id } = setBody.parse(body);
        controls.setCurrentSet(id);
        return done({ setId: id });
      }
      case '/__sim/fault': {
        const fault = faultBody.parse(body);
        controls.setFault(fault);
        return done({ fault });
      }
      case '/__sim/register': {
        const { token } = tokenBody.parse(body);
        controls.registerToken(token);
        return done({ token });
      }
      case '/__sim/expire': {
        const { token } = tokenBody.parse(body);
        controls.expireToken(token);
        return done({ token });
      }
      default:
        return jsonReply(404, { error: `no control route ${route}` });
    }
  } catch (error) {
    // A zod failure, or an unknown song or set ID.
    const message = error instanceof z.ZodError ? z.prettifyError(error) : error instanceof Error ? error.message : String(error);
    return jsonReply(400, { error: message });
  }
}

const INVALID = Symbol('invalid body');

function parseBody(text: string, fromPage: boolean): unknown {
  if (fromPage) return Object.fromEntries(new URLSearchParams(text));
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}
