import type { z } from 'zod';
import { readEnvelope, type EnvelopeFields } from '../net/envelope';
import { fetchText, parseReply } from '../net/fetch-json';
import { ProblemError, type Problem } from '../problems';
import { authEnvelope, authReplySchema, errorReplySchema, pingReplySchema, sectionsSchema, songSchema, stateSchema } from './schemas';

export interface OnSongDevice {
  /** e.g. http://192.168.1.20 or http://ipad.local:5076 */
  origin: string;
  token: string;
}

/** An iPad on the same network answers at once; one that is asleep never does. */
const REQUEST_TIMEOUT_MS = 4_000;
/** OnSong's error texts that mean the iPad does not (or no longer) know our token. */
const NOT_PAIRED = /^(not registered|no token|invalid token length|token not found)$/i;
export const NOT_ACCEPTING_USERS = /not accepting users/i;

/**
 * OnSong Connect on the choir's iPad, documented endpoints only, all under /api/<token>. Any
 * reply may be `{"error": "…"}`, whatever its HTTP status, and is turned into a Problem.
 */
export class OnSongClient {
  constructor(
    readonly device: OnSongDevice,
    private readonly options: { apiKey?: string; fetch?: typeof fetch } = {},
  ) {}

  /** `PUT /auth`: asks the iPad to accept our token; the member may have to tap Allow first. */
  register(name: string): Promise<z.output<typeof authReplySchema>> {
    return this.call('PUT', 'auth', authReplySchema, { body: { name }, envelope: authEnvelope });
  }

  /** `GET /auth`: whether the iPad still knows our token. */
  checkPairing(): Promise<z.output<typeof authReplySchema>> {
    return this.call('GET', 'auth', authReplySchema, { envelope: authEnvelope });
  }

  /** `DELETE /auth`: forgets our token on the iPad. */
  unregister(): Promise<z.output<typeof authReplySchema>> {
    return this.call('DELETE', 'auth', authReplySchema, { envelope: authEnvelope });
  }

  ping(): Promise<z.output<typeof pingReplySchema>> {
    return this.call('GET', 'ping', pingReplySchema);
  }

  /**
   * `HEAD /state`, the documented cheap poll: its Last-Modified (and Date, to tell a change in
   * the last second, which a one-second date cannot show twice). Undefined when the iPad did
   * not say; the caller then compares what `GET /state` says instead.
   */
  async stateVersion(): Promise<{ lastModified: string; date?: string } | undefined> {
    const { response } = await this.send('HEAD', 'state');
    if (!response.ok) return undefined; // a HEAD carries no error text: GET /state will say
    const lastModified = response.headers.get('last-modified');
    const date = response.headers.get('date');
    return lastModified ? { lastModified, ...(date && { date }) } : undefined;
  }

  state() {
    return this.call('GET', 'state', stateSchema);
  }

  song(id: string) {
    return this.call('GET', `songs/${encodeURIComponent(id)}`, songSchema);
  }

  /** Labelled sections with chords inline in [brackets]; the popup hides them when asked. */
  sections(id: string) {
    return this.call('GET', `songs/${encodeURIComponent(id)}/sections`, sectionsSchema, { query: { with_sections: 'true', with_chords: 'true' } });
  }

  private async call<S extends z.ZodType>(
    method: string,
    endpoint: string,
    schema: S,
    { query, body, envelope }: { query?: Record<string, string>; body?: unknown; envelope?: EnvelopeFields } = {},
  ): Promise<z.output<S>> {
    const { response, text } = await this.send(method, endpoint, query, body);
    let reply: unknown;
    try {
      reply = JSON.parse(text);
    } catch {
      console.warn(`[Descant] OnSong /${endpoint} answered HTTP ${response.status} with something that is not JSON`, text.slice(0, 200));
      throw new ProblemError({ kind: 'bad-response', service: 'onSong', endpoint: `/${endpoint}`, detail: response.ok ? 'JSON cut short or malformed' : `HTTP ${response.status}` });
    }
    // An error whose message is not text is still an error: parsing it reports the path.
    if (hasError(reply)) throw new ProblemError(problemFromError(parseReply(errorReplySchema, reply, 'onSong', `/${endpoint}`).error, endpoint));
    if (!response.ok) throw new ProblemError({ kind: 'bad-response', service: 'onSong', endpoint: `/${endpoint}`, detail: `HTTP ${response.status}` });
    const payload = parseReply(schema, reply, 'onSong', `/${endpoint}`);
    if (envelope) readEnvelope(reply, envelope, 'onSong', `/${endpoint}`);
    return payload;
  }

  private send(method: string, endpoint: string, query: Record<string, string> = {}, body?: unknown): Promise<{ response: Response; text: string }> {
    const url = new URL(`${this.device.origin}/api/${encodeURIComponent(this.device.token)}/${endpoint}`);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    // The parameter's name is not public (shared/reference/onsong-api-and-peers.md, 1.3): a guess.
    if (this.options.apiKey) url.searchParams.set('api_key', this.options.apiKey);
    return fetchText({
      service: 'onSong',
      endpoint: `/${endpoint}`,
      url: url.href,
      timeoutMs: REQUEST_TIMEOUT_MS,
      ...(this.options.fetch && { fetch: this.options.fetch }),
      init: {
        method,
        credentials: 'omit',
        cache: 'no-store',
        ...(body !== undefined && { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
      },
    });
  }
}

function hasError(reply: unknown): boolean {
  return typeof reply === 'object' && reply !== null && !Array.isArray(reply) && (reply as { error?: unknown }).error != null;
}

function problemFromError(message: string, endpoint: string): Problem {
  if (NOT_PAIRED.test(message.trim())) return { kind: 'token-expired', service: 'onSong' };
  return { kind: 'service-error', service: 'onSong', endpoint: `/${endpoint}`, message };
}
