import type { z } from 'zod';
import type { Backoff } from '../net/backoff';
import { readEnvelope, type Envelope, type EnvelopeFields } from '../net/envelope';
import { fetchJson, parseReply, type Interpretation } from '../net/fetch-json';
import { InFlight } from '../net/in-flight';
import { ProblemError, type Problem } from '../problems';
import {
  authoriseSchema,
  browseEnvelope,
  browseSchema,
  configSchema,
  errorSchema,
  recordsOf,
  replySchema,
  statusField,
  tableSchemas,
  type TableName,
  type TableRecord,
} from './schemas';

const service = 'harmonySite';
const REQUEST_TIMEOUT_MS = 20_000;
/** Records asked for per page; the site may send fewer, and `count` says how many it did. */
const PAGE_SIZE = 100;
/** A table longer than this many pages is a server fault, not a choir. */
const MAX_PAGES = 200;

/** A token to try: the browser's own session first, then the one kept from an API sign-in. */
export interface Credential {
  kind: 'session' | 'api';
  token: string;
}

export interface HarmonySiteClientOptions {
  /** The choir's site, e.g. https://stcecilia.harmonysite.com (already permitted). */
  origin: string;
  backoff: Backoff;
  /** In the order to try them; the session comes first so members need no extra sign-in. */
  credentials: () => Promise<Credential[]>;
  /** Called when the kept API token is refused, so it is forgotten. */
  onApiTokenRefused: () => Promise<void>;
  userAgent: string;
  fetch?: typeof fetch;
}

export interface BrowseOptions {
  /** Field filters, e.g. `{ Member: '12' }`; field names are case-sensitive. */
  filters?: Record<string, string>;
  /** Raw database values instead of display values (dates as YYYY-MM-DD…). */
  raw?: boolean;
}

type Query = Record<string, string>;
type Reply = z.output<typeof replySchema>;
type ApiEndpoint = 'authorise' | 'browse' | 'config';
type WithStatus<F extends EnvelopeFields> = F & { status: typeof statusField };

/** Where each endpoint's reply keeps its payload. */
const PAYLOAD_KEYS: Record<ApiEndpoint, string> = { authorise: 'token', browse: 'records', config: 'config' };

/** A reply read: its envelope when the site said okay, else the site's own message. */
type Reading<F extends EnvelopeFields> = { ok: true; envelope: Envelope<WithStatus<F>> } | { ok: false; message: string };

interface ApiRequest {
  url?: string;
  method?: 'POST';
  body?: URLSearchParams;
  credentials: RequestCredentials;
}

/**
 * The choir's HarmonySite, through its documented `/api` endpoints only (authorise, browse,
 * config). Identical requests in flight at once are sent once; 429/5xx back off.
 */
export class HarmonySiteClient {
  private readonly inFlight = new InFlight();

  constructor(private readonly options: HarmonySiteClientOptions) {}

  /**
   * The one-time API sign-in: the password goes to the site once and only the token comes back.
   * Sent without cookies, so the member's own web session is left exactly as it was.
   */
  async authorise(username: string, password: string): Promise<string> {
    const body = new URLSearchParams({ endpoint: 'authorise', output: 'json', username, password });
    const reply = await this.send('authorise', { method: 'POST', body, credentials: 'omit' });
    const reading = readReply(reply, 'authorise', 'authorise', {});
    if (!reading.ok) throw new ProblemError({ kind: 'service-error', service, endpoint: 'authorise', message: reading.message });
    const { token } = parseReply(authoriseSchema, reply, service, 'authorise');
    // Tokens may arrive URL-encoded (%2F…); keep them decoded and let URLSearchParams encode.
    return safeDecode(token);
  }

  /** Every record of a table the login may see, page after page until `available` is reached. */
  async browse<T extends TableName>(table: T, options: BrowseOptions = {}): Promise<TableRecord<T>[]> {
    const endpoint = `browse ${table}`;
    const rows: unknown[] = [];
    for (let page = 0, start = 1; page < MAX_PAGES; page++) {
      const query: Query = { table, n: String(PAGE_SIZE), startrec: String(start), ...options.filters };
      if (options.raw) query.raw = '1';
      const { reply, envelope } = await this.call('browse', query, endpoint, browseEnvelope);
      const { records } = parseReply(browseSchema, reply, service, endpoint);
      const found = recordsOf(records, envelope.singular);
      const count = envelope.count ?? found.rows.length;
      if (found.rows.length === 0 && count > 0) {
        throw new ProblemError({ kind: 'bad-response', service, endpoint, detail: `records.record: missing, though count is ${count}` });
      }
      // The path names the record as it sits in that page's reply.
      found.rows.forEach((row, index) => rows.push(parseReply(tableSchemas[table], row, service, endpoint, ['records', found.key, index])));
      start += found.rows.length;
      // Without a readable total, only an empty page says the table has ended.
      if (found.rows.length === 0 || start > (envelope.available ?? Infinity)) return rows as TableRecord<T>[];
    }
    throw new ProblemError({ kind: 'bad-response', service, endpoint, detail: `more than ${MAX_PAGES} pages` });
  }

  /** The site's settings that the API shares (name, time zone…). */
  async config(): Promise<Record<string, string | undefined>> {
    const { reply } = await this.call('config', {}, 'config', {});
    return parseReply(configSchema, reply, service, 'config').config ?? {};
  }

  /**
   * Tries each credential in turn; only sign-in refusals move on to the next. `name` names the
   * call in logs; `fields` are the envelope read beside the payload.
   */
  private async call<F extends EnvelopeFields>(endpoint: 'browse' | 'config', query: Query, name: string, fields: F): Promise<{ reply: Reply; envelope: Envelope<WithStatus<F>> }> {
    const credentials = await this.options.credentials();
    if (credentials.length === 0) throw new ProblemError({ kind: 'signed-out', service });
    for (const credential of credentials) {
      const params = new URLSearchParams({ endpoint, output: 'json', ...query, token: credential.token });
      const key = `${credential.kind} ${params}`;
      // Read inside the shared request, so a reply shared by two callers logs its oddities once.
      const { reply, reading } = await this.inFlight.run(key, async () => {
        const reply = await this.send(endpoint, { url: `${this.options.origin}/api?${params}`, credentials: credential.kind === 'session' ? 'include' : 'omit' });
        return { reply, reading: readReply(reply, endpoint, name, fields) };
      });
      if (reading.ok) return { reply, envelope: reading.envelope };
      const { message } = reading;
      if (!isSignInRefusal(message)) throw new ProblemError({ kind: 'service-error', service, endpoint, message });
      if (credential.kind === 'api') {
        await this.options.onApiTokenRefused();
        throw new ProblemError({ kind: 'token-expired', service });
      }
    }
    throw new ProblemError({ kind: 'signed-out', service });
  }

  private async send(
    endpoint: string,
    { url = `${this.options.origin}/api`, method, body, credentials }: ApiRequest,
  ): Promise<Reply> {
    await this.options.backoff.check();
    return fetchJson(
      {
        service,
        endpoint,
        url,
        schema: replySchema,
        timeoutMs: REQUEST_TIMEOUT_MS,
        fetch: this.options.fetch,
        recogniseHtml: (html) => (/type=["']?password/i.test(html) ? { kind: 'signed-out', service } : undefined),
        init: { method, body, credentials, headers: { Accept: 'application/json', 'User-Agent': this.options.userAgent } },
      },
      (response) => this.interpret(response),
    );
  }

  private async interpret(response: Response): Promise<Interpretation> {
    const status = response.status;
    if (status === 429 || status >= 500) {
      const retryAt = await this.options.backoff.recordFailure(status, response.headers.get('Retry-After'));
      return { kind: 'server-busy', service, status, retryAt } satisfies Problem;
    }
    await this.options.backoff.recordSuccess();
    // The API is off until the choir asks HarmonySite for it: /api is then not found.
    if (status === 404) return { kind: 'api-disabled', service };
    if (status === 401 || status === 403) return { kind: 'signed-out', service };
    return 'json';
  }
}

/**
 * Whether a reply is data or the site's error. The status says; where it is not text, an `error`
 * field makes the reply an error and the payload alone makes it data. The envelope is read (and
 * its oddities logged) only beside a payload: an error reply has no counts to miss.
 */
function readReply<F extends EnvelopeFields>(reply: Reply, endpoint: ApiEndpoint, name: string, fields: F): Reading<F> {
  const payloadKey = PAYLOAD_KEYS[endpoint];
  const hasPayload = reply[payloadKey] !== undefined;
  const wanted = hasPayload ? { ...fields, status: statusField } : { status: statusField };
  const envelope = readEnvelope(reply, wanted, service, name) as Envelope<WithStatus<F>>;
  const status = envelope.status ?? (reply.error !== undefined ? 'error' : hasPayload ? 'okay' : undefined);
  if (status === 'okay') return { ok: true, envelope };
  if (status === 'error') return { ok: false, message: parseReply(errorSchema, reply, service, name).error };
  const detail = status === undefined ? `${payloadKey}: missing, and @attributes.status is not text` : `status "${status}"`;
  throw new ProblemError({ kind: 'bad-response', service, endpoint, detail });
}

/**
 * The error texts for a refused token are not documented; these words are the guess (see the
 * reference's open questions). Anything else is shown to the member as the site's own message.
 */
function isSignInRefusal(message: string): boolean {
  return /token|session|log ?in|authori[sz]|expired|not (signed|logged)/i.test(message);
}

function safeDecode(token: string): string {
  try {
    return decodeURIComponent(token);
  } catch {
    return token;
  }
}
