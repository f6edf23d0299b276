import type { z } from 'zod';
import type { Backoff } from '../net/backoff';
import { readEnvelope } from '../net/envelope';
import { fetchText, parseReply } from '../net/fetch-json';
import { InFlight } from '../net/in-flight';
import { ProblemError, type Problem } from '../problems';
import { FLAVOUR_NAMES, type CiviFlavour } from './flavour';
import { isV3Error, v3Envelope, v3ErrorSchema, v3ReplySchema, v4Envelope, v4ErrorSchema, v4ReplySchema } from './schemas';

const service = 'civiCrm';
const REQUEST_TIMEOUT_MS = 20_000;
/** Records asked for per page. */
export const PAGE_SIZE = 200;
/** A list longer than this many pages is a server fault, not a choir. */
const MAX_PAGES = 100;

export type { CiviFlavour };

/** Where extern/rest.php lives on a Drupal 7 or Backdrop site, the CMSs whose clean URLs we use. */
export const LEGACY_REST_PATH = '/sites/all/modules/civicrm/extern/rest.php';

/**
 * How Descant signs its requests: the member's own CiviCRM session in this browser, or an API
 * key (AuthX's `X-Civi-Auth`, with the site key when the site's guard asks for it). The legacy
 * endpoint always needs both keys.
 */
export type CiviAuth = { kind: 'session' } | { kind: 'api-key'; apiKey: string; siteKey?: string };

export interface CiviCrmClientOptions {
  /** The site, e.g. https://crm.stcecilia.org (already permitted). */
  origin: string;
  auth: CiviAuth;
  backoff: Backoff;
  fetch?: typeof fetch;
}

/** Params for one read, in each API's own terms. */
export interface ReadParams {
  v4: Record<string, unknown>;
  v3: Record<string, unknown>;
}

/**
 * The route for this flavour is not there (404, or the CMS answering with a page of its own): a
 * sign that the site speaks another flavour, which detection then tries.
 */
export class NotThisFlavourError extends Error {
  constructor(readonly flavour: CiviFlavour) {
    super(`CiviCRM does not answer ${flavour} here`);
    this.name = 'NotThisFlavourError';
  }
}

/**
 * The choir's CiviCRM, read-only, through the documented AJAX endpoints. Every request either
 * carries `X-Requested-With: XMLHttpRequest` (the header CiviCRM requires before it accepts a
 * session cookie from script) or a credential that exempts it, so none is ever flagged as CSRF.
 */
export class CiviCrmClient {
  private readonly inFlight = new InFlight();

  constructor(private readonly options: CiviCrmClientOptions) {}

  /** One page of records of an entity. */
  async get(flavour: CiviFlavour, entity: string, params: ReadParams): Promise<unknown[]> {
    const endpoint = `${entity}.get (${FLAVOUR_NAMES[flavour]})`;
    const url = this.urlFor(flavour, entity, params);
    return this.inFlight.run(url, () => this.send(flavour, endpoint, url));
  }

  /** Every record, page after page, each checked against `schema` (the path names the failing record). */
  async getAll<S extends z.ZodType>(flavour: CiviFlavour, entity: string, params: ReadParams, schema: S): Promise<z.output<S>[]> {
    const rows: z.output<S>[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const offset = page * PAGE_SIZE;
      const values = await this.get(flavour, entity, {
        v4: { ...params.v4, limit: PAGE_SIZE, offset },
        v3: { ...params.v3, sequential: 1, options: { ...(params.v3.options as object), limit: PAGE_SIZE, offset } },
      });
      values.forEach((value, index) => rows.push(parseReply(schema, value, service, `${entity}.get`, ['values', offset + index])));
      if (values.length < PAGE_SIZE) return rows;
    }
    throw new ProblemError({ kind: 'bad-response', service, endpoint: `${entity}.get`, detail: `more than ${MAX_PAGES} pages` });
  }

  private urlFor(flavour: CiviFlavour, entity: string, params: ReadParams): string {
    const { origin, auth } = this.options;
    if (flavour === 'api4') return `${origin}/civicrm/ajax/api4/${entity}/get?${new URLSearchParams({ params: JSON.stringify(params.v4) })}`;
    const query = new URLSearchParams({ entity, action: 'get', json: JSON.stringify(params.v3) });
    if (flavour === 'api3') return `${origin}/civicrm/ajax/rest?${query}`;
    if (auth.kind !== 'api-key' || !auth.siteKey) throw new ProblemError({ kind: 'token-expired', service });
    query.set('key', auth.siteKey);
    query.set('api_key', auth.apiKey);
    return `${origin}${LEGACY_REST_PATH}?${query}`;
  }

  private async send(flavour: CiviFlavour, endpoint: string, url: string): Promise<unknown[]> {
    await this.options.backoff.check();
    const { response, text } = await fetchText({
      service,
      endpoint,
      url,
      timeoutMs: REQUEST_TIMEOUT_MS,
      ...(this.options.fetch && { fetch: this.options.fetch }),
      init: { credentials: this.options.auth.kind === 'session' && flavour !== 'legacy' ? 'include' : 'omit', headers: this.headers(flavour), cache: 'no-store' },
    });
    const status = response.status;
    if (status === 429 || status === 502 || status === 503 || status === 504) {
      const retryAt = await this.options.backoff.recordFailure(status, response.headers.get('Retry-After'));
      throw new ProblemError({ kind: 'server-busy', service, status, retryAt });
    }
    await this.options.backoff.recordSuccess();
    // AuthX refuses a credential with a plain-text "HTTP 401 <reason>".
    if (status === 401) throw new ProblemError(credentialRefused(text.replace(/^HTTP 401\s*/, '').trim(), endpoint));
    if (status === 404) throw new NotThisFlavourError(flavour);
    const body = parseJson(text);
    if (body === undefined) throw htmlOrGarbage(text, status, flavour, endpoint);
    return flavour === 'api4' ? readV4(body, status, endpoint) : readV3(body, status, endpoint);
  }

  private headers(flavour: CiviFlavour): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (flavour === 'legacy') return headers;
    // CiviCRM refuses a cookie-authenticated AJAX call without this, as suspected CSRF.
    headers['X-Requested-With'] = 'XMLHttpRequest';
    const { auth } = this.options;
    if (auth.kind === 'api-key') {
      headers['X-Civi-Auth'] = `Bearer ${auth.apiKey}`;
      if (auth.siteKey) headers['X-Civi-Key'] = auth.siteKey;
    }
    return headers;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Not JSON. A page with a password field is the CMS asking the member to sign in; any other
 * page on a 403 is the CMS saying no; any other page at all means this route is not the API
 * (the CMS or CiviCRM answered with a page of its own). Anything else is a broken reply.
 */
function htmlOrGarbage(text: string, status: number, flavour: CiviFlavour, endpoint: string): Error {
  if (!text.trimStart().startsWith('<')) {
    return new ProblemError({ kind: 'bad-response', service, endpoint, detail: status >= 400 ? `HTTP ${status}` : 'JSON cut short or malformed' });
  }
  if (/type=["']?password/i.test(text)) return new ProblemError({ kind: 'signed-out', service });
  if (status === 403) return new ProblemError({ kind: 'forbidden', service, endpoint });
  if (/<\?xml|<ResultSet/i.test(text)) return new ProblemError({ kind: 'bad-response', service, endpoint, detail: 'XML instead of JSON' });
  return new NotThisFlavourError(flavour);
}

function readV4(body: unknown, status: number, endpoint: string): unknown[] {
  if (status >= 400) {
    const error = v4ErrorSchema.safeParse(body);
    const message = error.success ? error.data.error_message : `HTTP ${status}`;
    if (status === 403) throw new ProblemError({ kind: 'forbidden', service, endpoint });
    throw new ProblemError({ kind: 'service-error', service, endpoint, message });
  }
  const { values } = parseReply(v4ReplySchema, body, service, endpoint);
  readEnvelope(body, v4Envelope, service, endpoint);
  return values;
}

function readV3(body: unknown, status: number, endpoint: string): unknown[] {
  if (isV3Error(body)) {
    const error = parseReply(v3ErrorSchema, body, service, endpoint);
    throw new ProblemError(v3Problem(error.error_message, error.error_code, endpoint));
  }
  if (status >= 400) throw new ProblemError({ kind: 'bad-response', service, endpoint, detail: `HTTP ${status}` });
  const { values } = parseReply(v3ReplySchema, body, service, endpoint);
  readEnvelope(body, v3Envelope, service, endpoint);
  return values;
}

/** APIv3 errors all come with HTTP 200; their code and words say which kind they are. */
function v3Problem(message: string, code: string | number | undefined, endpoint: string): Problem {
  if (code === 'unauthorized' || /permission check failed|permission denied/i.test(message)) return { kind: 'forbidden', service, endpoint };
  if (/failed to authenticate key|mandatory param '?(api_)?key|site key|invalid credential/i.test(message)) return credentialRefused(message, endpoint);
  return { kind: 'service-error', service, endpoint, message };
}

function credentialRefused(message: string, endpoint: string): Problem {
  if (/invalid credential|expired|failed to authenticate|mandatory param/i.test(message)) return { kind: 'token-expired', service };
  return { kind: 'service-error', service, endpoint, message };
}
