import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { createTlsIdentity } from '../tls';
import { htmlReply, jsonReply, parseCookies, readBody, redirectReply, sendReply, type Reply } from '../three-rings/http';
import type { SimVolunteer } from '../three-rings/data';
import { apiError, authorised, browse, config, HIDDEN_FROM_SECTION_LEADER, type ApiReply } from './api';
import { generateHarmonySiteData, memberName, type HarmonySiteData } from './data';
import { faultSchema, type Fault } from './faults';
import { eventPage, eventsPage, loginPage, memberListFragment, memberListPage, memberProfilePage, membersOnlyPage, notFoundPage } from './pages';

/**
 * A local HTTPS server that behaves like a choir's HarmonySite as far as Descant uses it: the
 * web login and its PHP session cookie, the member pages the badges go on, and `/api` with the
 * quirks in shared/reference/harmonysite-and-civicrm-api.md §A. Faults apply to `/api` only.
 */

export const HARMONYSITE_DEMO_USERNAME = 'demo';
export const HARMONYSITE_DEMO_PASSWORD = 'choir';
/** A login that may not read `memberships`: its browse answers okay, with no records. */
export const SECTION_LEADER_USERNAME = 'section-leader';
export const SESSION_COOKIE = 'PHPSESSID';
export type { Fault, HarmonySiteData };

export interface HarmonySiteSimOptions {
  port?: number;
  host?: string;
  seed?: number;
  /** The Three Rings simulator's volunteers, most of whom become members. */
  volunteers?: SimVolunteer[];
  /** How long an API sign-in's token lasts (default an hour). */
  tokenTtlMs?: number;
}

export interface RecordedApiRequest {
  at: number;
  endpoint: string;
  table?: string;
  hasCookie: boolean;
  tokenKind: 'session' | 'api' | 'none' | 'invalid';
  status: string;
  userAgent: string;
}

export interface HarmonySiteSim {
  url: string;
  port: number;
  data: HarmonySiteData;
  setFault(fault: Fault): void;
  requests(): RecordedApiRequest[];
  /** Clears the fault and the request log; data, sessions and tokens stay. */
  reset(): void;
  close(): Promise<void>;
}

interface Login {
  username: string;
  memberId: number;
}

export async function startHarmonySiteSimulator(options: HarmonySiteSimOptions = {}): Promise<HarmonySiteSim> {
  const host = options.host ?? 'stcecilia.harmonysite.test';
  const site = new SimulatedHarmonySite(generateHarmonySiteData(options.seed ?? 1, options.volunteers, new Date()), options.tokenTtlMs ?? 3_600_000);
  const server: Server = createServer(await createTlsIdentity([host]), (request, response) => {
    site.handle(request, response).catch((error: unknown) => {
      console.error('[harmonysite sim]', error);
      if (!response.headersSent) sendReply(response, { status: 500, headers: { 'Content-Type': 'text/plain' }, body: 'Simulator error' });
    });
  });
  await new Promise<void>((ready) => server.listen(options.port ?? 0, '127.0.0.1', ready));
  const port = (server.address() as AddressInfo).port;
  site.port = port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    data: site.data,
    setFault: (fault) => (site.fault = faultSchema.parse(fault)),
    requests: () => [...site.log],
    reset: () => {
      site.fault = { kind: 'none' };
      site.log = [];
    },
    close: () => new Promise<void>((done) => server.close(() => done()).closeAllConnections()),
  };
}

class SimulatedHarmonySite {
  fault: Fault = { kind: 'none' };
  log: RecordedApiRequest[] = [];
  port = 0;
  private readonly sessions = new Map<string, Login>();
  private readonly tokens = new Map<string, Login & { expiresAt: number }>();

  constructor(
    readonly data: HarmonySiteData,
    private readonly tokenTtlMs: number,
  ) {}

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'https://harmonysite.invalid');
    if (url.pathname.startsWith('/__sim/')) return sendReply(response, await this.control(request, url));
    if (url.pathname === '/api') return this.api(request, url, response);
    const { reply, setCookie } = await this.page(request, url);
    sendReply(response, reply, setCookie ? { 'Set-Cookie': setCookie } : {});
  }

  private signedIn(request: IncomingMessage): { sessionId?: string; login?: Login } {
    const sessionId = parseCookies(request.headers.cookie).get(SESSION_COOKIE);
    return { sessionId, login: sessionId ? this.sessions.get(sessionId) : undefined };
  }

  private async page(request: IncomingMessage, url: URL): Promise<{ reply: Reply; setCookie?: string }> {
    const params = url.searchParams;
    if (url.pathname === '/dbaction.php') {
      const form = request.method === 'POST' ? new URLSearchParams(await readBody(request)) : params;
      if (form.get('action') === 'Logout') {
        const { sessionId } = this.signedIn(request);
        if (sessionId) this.sessions.delete(sessionId);
        return { reply: redirectReply('/dbpage.php?pg=login'), setCookie: `${SESSION_COOKIE}=deleted; Path=/; Max-Age=0; Secure; HttpOnly` };
      }
      const login = this.checkPassword(form.get('username') ?? '', form.get('password') ?? '');
      if (!login) return { reply: htmlReply(200, loginPage(true)) };
      const sessionId = randomBytes(16).toString('hex');
      this.sessions.set(sessionId, login);
      return { reply: redirectReply('/dbpage.php?pg=membersonly'), setCookie: `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; Secure; SameSite=Lax` };
    }
    if (params.get('pg') === 'login') return { reply: htmlReply(200, loginPage()) };
    const { login } = this.signedIn(request);
    if (!login) return { reply: redirectReply('/dbpage.php?pg=login') };
    const page = params.get('pg');
    const dbase = params.get('dbase');
    const record = (rows: Record<string, string>[]) => rows.find((row) => row.id === params.get('id'));
    if (url.pathname === '/' || page === 'membersonly') return { reply: htmlReply(200, membersOnlyPage(memberName(this.member(login)))) };
    if (page === 'admin' && dbase === 'members') {
      const fragment = params.get('fragment') === '1';
      return { reply: htmlReply(200, fragment ? memberListFragment(this.data, Number(params.get('page') ?? '2')) : memberListPage(this.data)) };
    }
    if (page === 'events') return { reply: htmlReply(200, eventsPage(this.data)) };
    const member = page === 'view' && dbase === 'members' ? record(this.data.members) : undefined;
    if (member) return { reply: htmlReply(200, memberProfilePage(this.data, member)) };
    const event = page === 'view' && dbase === 'events' ? record(this.data.events) : undefined;
    if (event) return { reply: htmlReply(200, eventPage(this.data, event)) };
    return { reply: htmlReply(404, notFoundPage()) };
  }

  private async api(request: IncomingMessage, url: URL, response: ServerResponse): Promise<void> {
    const params = request.method === 'POST' ? new URLSearchParams(await readBody(request)) : url.searchParams;
    const endpoint = params.get('endpoint') ?? '';
    const { sessionId } = this.signedIn(request);
    const token = params.get('token') ?? '';
    const tokenKind = this.tokenKind(token, sessionId);
    const record = (status: string) =>
      this.log.push({ at: Date.now(), endpoint, ...(params.get('table') && { table: params.get('table')! }), hasCookie: !!sessionId, tokenKind, status, userAgent: request.headers['user-agent'] ?? '' });

    const fault = this.fault;
    if (fault.kind === 'slow') await sleep(fault.delayMs);
    const httpFault = this.httpFault(fault);
    if (httpFault) {
      record(String(httpFault.status));
      return sendReply(response, httpFault);
    }
    const body = this.answer(endpoint, params, tokenKind, token, sessionId);
    record(String((body['@attributes'] as { status: string }).status));
    if (params.get('output') !== 'json') return sendReply(response, { status: 200, headers: { 'Content-Type': 'text/xml' }, body: '<api status="error"><error>Only JSON is simulated</error></api>' });
    const text = JSON.stringify(this.damage(body, fault));
    sendReply(response, { status: 200, headers: { 'Content-Type': 'application/json' }, body: fault.kind === 'truncated-json' ? text.slice(0, Math.floor(text.length / 2)) : text });
  }

  private answer(endpoint: string, params: URLSearchParams, tokenKind: RecordedApiRequest['tokenKind'], token: string, sessionId: string | undefined): ApiReply {
    if (endpoint === 'authorise') {
      const login = this.checkPassword(params.get('username') ?? '', params.get('password') ?? '');
      if (!login) return apiError('Invalid username or password');
      // Tokens carry characters that arrive URL-encoded, as the reference warns.
      const issued = `${randomBytes(12).toString('base64url')}%2F${randomBytes(4).toString('hex')}`;
      this.tokens.set(decodeURIComponent(issued), { ...login, expiresAt: Date.now() + this.tokenTtlMs });
      return authorised(issued);
    }
    if (tokenKind === 'none') return apiError('No token');
    const login = this.loginFor(tokenKind, token, sessionId);
    if (!login) return apiError('Invalid or expired token');
    if (this.fault.kind === 'error-status') return apiError('Database temporarily unavailable');
    if (endpoint === 'config') return config('St Cecilia Singers');
    if (endpoint !== 'browse') return apiError(`Unknown endpoint "${endpoint}"`);
    const canSee = (table: string) => login.username !== SECTION_LEADER_USERNAME || !HIDDEN_FROM_SECTION_LEADER.has(table);
    return browse(this.data, params, this.fault, canSee);
  }

  private tokenKind(token: string, sessionId: string | undefined): RecordedApiRequest['tokenKind'] {
    if (!token) return 'none';
    if (sessionId && token === sessionId && this.sessions.has(sessionId)) return 'session';
    return this.tokens.has(token) ? 'api' : 'invalid';
  }

  private loginFor(kind: RecordedApiRequest['tokenKind'], token: string, sessionId: string | undefined): Login | undefined {
    const fault = this.fault.kind;
    if (fault === 'signed-out') return undefined;
    if (kind === 'session') return fault === 'refuse-session-token' ? undefined : this.sessions.get(sessionId!);
    const issued = kind === 'api' ? this.tokens.get(token) : undefined;
    if (!issued || fault === 'expire-tokens' || issued.expiresAt < Date.now()) return undefined;
    return issued;
  }

  private httpFault(fault: Fault): Reply | undefined {
    switch (fault.kind) {
      case '429':
        return { status: 429, headers: { 'Content-Type': 'text/plain', ...(fault.retryAfterSeconds !== undefined && { 'Retry-After': String(fault.retryAfterSeconds) }) }, body: 'Too many requests' };
      case '500':
      case '503':
        return { status: Number(fault.kind), headers: { 'Content-Type': 'text/html' }, body: '<h1>Server error</h1>' };
      case 'html-instead-of-json':
        return htmlReply(200, loginPage());
      default:
        return undefined;
    }
  }

  /** `wrong-types`: the counts become numbers in an array, which no documented reply has. */
  private damage(body: ApiReply, fault: Fault): ApiReply {
    if (fault.kind !== 'wrong-types' || !body.records) return body;
    const records = body.records as { '@attributes': Record<string, unknown> };
    return { ...body, records: { ...records, '@attributes': { ...records['@attributes'], available: [1, 2] } } };
  }

  private checkPassword(username: string, password: string): Login | undefined {
    if (password !== HARMONYSITE_DEMO_PASSWORD || ![HARMONYSITE_DEMO_USERNAME, SECTION_LEADER_USERNAME].includes(username)) return undefined;
    return { username, memberId: Number(this.data.members[0]?.id ?? 1) };
  }

  private member(login: Login) {
    return this.data.members.find((member) => Number(member.id) === login.memberId) ?? this.data.members[0]!;
  }

  private async control(request: IncomingMessage, url: URL): Promise<Reply> {
    const hostHeader = request.headers.host ?? '';
    if (hostHeader !== `127.0.0.1:${this.port}` && hostHeader !== `localhost:${this.port}`) return htmlReply(404, notFoundPage());
    if (url.pathname === '/__sim/requests') return jsonReply(200, this.log);
    if (url.pathname === '/__sim/fault' && request.method === 'POST') {
      const fault = faultSchema.safeParse(JSON.parse((await readBody(request)) || 'null'));
      if (!fault.success) return jsonReply(400, { error: 'not a Fault', issues: fault.error.issues });
      this.fault = fault.data;
      return jsonReply(200, { ok: true });
    }
    return jsonReply(404, { error: 'no such control route' });
  }
}

// CLI: npx tsx test/simulators/harmonysite/server.ts --port 8444 [--seed 1] [--host …]
const isCli = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isCli) {
  const argv = process.argv.slice(2);
  const value = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  const sim = await startHarmonySiteSimulator({ port: Number(value('--port') ?? 8444), seed: Number(value('--seed') ?? 1), host: value('--host') });
  console.log(`HarmonySite simulator on ${sim.url}; log in as ${HARMONYSITE_DEMO_USERNAME} / ${HARMONYSITE_DEMO_PASSWORD}`);
}
