import type { z } from 'zod';
import type { Backoff } from '../net/backoff';
import { fetchJson, parseReply, type Interpretation } from '../net/fetch-json';
import { InFlight } from '../net/in-flight';
import { ProblemError, type Problem } from '../problems';
import {
  authoriseSchema,
  browseSchema,
  configSchema,
  recordsOf,
  replySchema,
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
    if (reply['@attributes'].status === 'error') {
      throw new ProblemError({ kind: 'service-error', service, endpoint: 'authorise', message: String(reply.error || '') });
    }
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
      const reply = parseReply(browseSchema, await this.call('browse', query), service, endpoint);
      const { available, count } = reply.records['@attributes'];
      const found = recordsOf(reply.records);
      if (found.rows.length === 0 && count > 0) {
        throw new ProblemError({ kind: 'bad-response', service, endpoint, detail: `records.record: missing, though count is ${count}` });
      }
      // The path names the record as it sits in that page's reply.
      found.rows.forEach((row, index) => rows.push(parseReply(tableSchemas[table], row, service, endpoint, ['records', found.key, index])));
      start += found.rows.length;
      if (found.rows.length === 0 || start > available) return rows as TableRecord<T>[];
    }
    throw new ProblemError({ kind: 'bad-response', service, endpoint, detail: `more than ${MAX_PAGES} pages` });
  }

  /** The site's settings that the API shares (name, time zone…). */
  async config(): Promise<Record<string, string | undefined>> {
    const reply = parseReply(configSchema, await this.call('config', {}), service, 'config');
    return reply.config ?? {};
  }

  /** Tries each credential in turn; only sign-in refusals move on to the next. */
  private async call(endpoint: 'browse' | 'config', query: Query): Promise<z.output<typeof replySchema>> {
    const credentials = await this.options.credentials();
    if (credentials.length === 0) throw new ProblemError({ kind: 'signed-out', service });
    for (const credential of credentials) {
      const params = new URLSearchParams({ endpoint, output: 'json', ...query, token: credential.token });
      const key = `${credential.kind} ${params}`;
      const reply = await this.inFlight.run(key, () =>
        this.send(endpoint, { url: `${this.options.origin}/api?${params}`, credentials: credential.kind === 'session' ? 'include' : 'omit' }),
      );
      if (reply['@attributes'].status === 'okay') return reply;
      const message = String(reply.error || '');
      if (reply['@attributes'].status !== 'error') {
        throw new ProblemError({ kind: 'bad-response', service, endpoint, detail: `status "${reply['@attributes'].status}"` });
      }
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
  ): Promise<z.output<typeof replySchema>> {
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
