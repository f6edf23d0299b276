import type { Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Clock, clockFrom, systemClock } from '../../clock';
import { runIfCli, serveHttps, stopServer } from '../serve';
import type { SimVolunteer } from '../three-rings/data';
import { htmlReply, jsonReply, parseCookies, readBody, redirectReply, type Reply, sendReply } from '../three-rings/http';
import { type ApiBody, apiError, authorised, browseReply, configReply, toXml } from './api';
import {
  checkPassword,
  expiredSessionCookie,
  HARMONYSITE_DEMO_PASSWORD,
  HARMONYSITE_DEMO_USERNAME,
  type Login,
  SECTION_LEADER_PASSWORD,
  SECTION_LEADER_USERNAME,
  SESSION_COOKIE,
  SessionStore,
  sessionCookie,
  TokenStore,
} from './auth';
import { generateHarmonySiteData, type HarmonySiteData, type Row } from './data';
import { type ApiCall, damage, type Fault, faultSchema, FaultSwitch, replyInsteadOf } from './faults';
import { eventPage, eventsPage, homePage, loginPage, memberListFragment, memberListPage, memberProfilePage, membersOnlyPage, notFoundPage } from './pages';

/**
 * A local HTTPS server that behaves like a choir's HarmonySite as far as Descant uses it: the
 * web login and its PHP session cookie, the member pages the badges go on, and `/api` with the
 * quirks in shared/reference/harmonysite-and-civicrm-api.md §A. Faults apply to `/api` only.
 */

export { HARMONYSITE_DEMO_PASSWORD, HARMONYSITE_DEMO_USERNAME, SECTION_LEADER_PASSWORD, SECTION_LEADER_USERNAME, SESSION_COOKIE };
export { SERVER_PAGE_LIMIT } from './api';
export type { Fault, HarmonySiteData, Row };

export const DEFAULT_HOST = 'stcecilia.harmonysite.test';

export interface HarmonySiteSimOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The site's host name, for the certificate and config; default stcecilia.harmonysite.test. */
  host?: string;
  /** Default 1. The same seed, volunteers and clock reading give the same data. */
  seed?: number;
  /** The Three Rings simulator's volunteers, most of whom become members (see `data.truth`). */
  volunteers?: readonly SimVolunteer[];
  /** About how many members in all (default: the volunteers who are members, and one in ten more). */
  memberCount?: number;
  /** How long a token from `authorise` lasts; default an hour. */
  tokenTtlMs?: number;
  /** Refuse the browser's session id as a token, always (as the fault of that name does). */
  refuseSessionToken?: boolean;
  /** The sim's "now" (default the system clock): dates are generated around it; tokens expire and requests are logged by it. */
  clock?: Clock;
}

export type TokenKind = 'session' | 'api' | 'none' | 'invalid';

/** One request to /api. */
export interface RecordedApiRequest {
  /** When it arrived, epoch ms by the sim's clock. */
  at: number;
  method: string;
  endpoint: string;
  table?: string;
  /** It carried a PHPSESSID cookie (signed in or not). */
  hasCookie: boolean;
  /** What `token` was: a web session's id, one from `authorise` (even if expired), none, or unknown. */
  tokenKind: TokenKind;
  /** HTTP status, after any fault. */
  status: number;
  /** The reply's own status, when the API answered in its own shape. */
  apiStatus?: 'okay' | 'error';
  userAgent: string;
}

export interface HarmonySiteSim {
  /** https://127.0.0.1:PORT */
  url: string;
  port: number;
  /** Live: handlers read it on every request, so edits show up in later replies. */
  data: HarmonySiteData;
  setFault(fault: Fault): void;
  requests(): RecordedApiRequest[];
  /** Clears the fault and the request log; data, sessions and tokens stay. */
  reset(): void;
  /** Ends every web session, as when the member logs out or the session times out. */
  signOutAll(): void;
  close(): Promise<void>;
}

export async function startHarmonySiteSimulator(options: HarmonySiteSimOptions = {}): Promise<HarmonySiteSim> {
  const host = options.host ?? DEFAULT_HOST;
  const clock = options.clock ?? systemClock;
  const data = generateHarmonySiteData({ seed: options.seed ?? 1, volunteers: options.volunteers, memberCount: options.memberCount, now: clock() });
  const site = new SimulatedHarmonySite(data, host, new TokenStore(options.tokenTtlMs ?? 3_600_000, clock), options.refuseSessionToken ?? false, clock);

  const { server, port } = await serveHttps('harmonysite', [host], options.port, (request, response) => site.handle(request, response), clock);
  site.port = port;

  return {
    url: `https://127.0.0.1:${port}`,
    port,
    data,
    setFault: (fault) => site.faults.set(faultSchema.parse(fault)),
    requests: () => site.log.map((entry) => ({ ...entry })),
    reset: () => site.reset(),
    signOutAll: () => site.sessions.endAll(),
    close: () => site.close(server),
  };
}

class SimulatedHarmonySite {
  readonly faults = new FaultSwitch();
  readonly sessions = new SessionStore();
  log: RecordedApiRequest[] = [];
  /** Set once listening; the control API only answers to this port on localhost. */
  port = 0;
  /** Cancels slow-fault delays when the server closes. */
  private readonly closing = new AbortController();

  constructor(
    readonly data: HarmonySiteData,
    private readonly host: string,
    private readonly tokens: TokenStore,
    private readonly refuseSessionToken: boolean,
    private readonly clock: Clock,
  ) {}

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `https://${this.host}`);
    if (url.pathname === '/__sim' || url.pathname.startsWith('/__sim/')) return sendReply(response, await this.control(request, url));
    if (url.pathname === '/api') return this.serveApi(request, response, url);
    const { reply, setCookie } = await this.page(request, url);
    sendReply(response, reply, setCookie ? { 'Set-Cookie': setCookie } : {});
  }

  reset(): void {
    this.faults.clear();
    this.log = [];
  }

  async close(server: Server): Promise<void> {
    this.closing.abort();
    await stopServer(server);
  }

  // -------------------------------------------------------------------------------------------
  // /api: GET query or POST form (POST wins, as PHP's $_REQUEST); faults, then the token, then
  // the endpoint. Every request is logged.

  private async serveApi(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const at = this.clock().getTime();
    const params = new URLSearchParams(url.search);
    if (request.method === 'POST') for (const [name, value] of new URLSearchParams(await readBody(request))) params.set(name, value);
    const call: ApiCall = { endpoint: params.get('endpoint') ?? '', ...(params.get('table') !== null && { table: params.get('table')! }) };
    const cookieSession = parseCookies(request.headers.cookie).get(SESSION_COOKIE);
    const token = params.get('token') ?? '';

    let answer: { reply: Reply; apiStatus?: 'okay' | 'error' };
    try {
      answer = await this.apiAnswer(params, call, token, cookieSession);
    } catch (error) {
      if (this.closing.signal.aborted) return void response.destroy();
      throw error;
    }
    sendReply(response, answer.reply);
    this.log.push({
      at,
      method: request.method ?? 'GET',
      ...call,
      hasCookie: cookieSession !== undefined,
      tokenKind: !token ? 'none' : this.sessions.get(token) ? 'session' : this.tokens.has(token) ? 'api' : 'invalid',
      status: answer.reply.status,
      ...(answer.apiStatus && { apiStatus: answer.apiStatus }),
      userAgent: request.headers['user-agent'] ?? '',
    });
  }

  private async apiAnswer(params: URLSearchParams, call: ApiCall, token: string, cookieSession: string | undefined): Promise<{ reply: Reply; apiStatus?: 'okay' | 'error' }> {
    const fault = this.faults.take(call);
    if (fault?.kind === 'slow') await sleep(fault.delayMs, undefined, { signal: this.closing.signal });
    if (fault?.kind === 'expire-tokens') this.tokens.expireAll();
    const replacement = fault && replyInsteadOf(fault);
    if (replacement) return { reply: replacement };
    const body = this.apiBody(params, call, token, cookieSession, fault);
    const reply: Reply =
      params.get('output') === 'json' ? jsonReply(200, body) : { status: 200, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: toXml(body) };
    return { reply: fault ? damage(fault, reply) : reply, apiStatus: body['@attributes'].status };
  }

  private apiBody(params: URLSearchParams, call: ApiCall, token: string, cookieSession: string | undefined, fault: Fault | undefined): ApiBody {
    if (fault?.kind === 'error-status') return apiError('Database temporarily unavailable');
    if (call.endpoint === 'authorise') {
      const login = checkPassword(this.data, params.get('username') ?? '', params.get('password') ?? '');
      return login ? authorised(this.tokens.issue(login)) : apiError('Invalid username or password');
    }
    if (call.endpoint !== 'browse' && call.endpoint !== 'config') return apiError(`Unknown endpoint: ${call.endpoint}`);
    if (!token) return apiError('No token');
    const login = this.loginFor(token, cookieSession, fault);
    if (!login) return apiError('Invalid or expired token');
    return call.endpoint === 'config' ? configReply(this.host) : browseReply(this.data, params, login, fault);
  }

  /** A web session's id is a token only with that session's own cookie; otherwise one from `authorise`. */
  private loginFor(token: string, cookieSession: string | undefined, fault: Fault | undefined): Login | undefined {
    if (fault?.kind === 'signed-out') return undefined;
    const session = this.sessions.get(token);
    if (!session) return this.tokens.valid(token);
    const refused = this.refuseSessionToken || fault?.kind === 'refuse-session-token';
    return token === cookieSession && !refused ? session : undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Web pages and signing in

  private async page(request: IncomingMessage, url: URL): Promise<{ reply: Reply; setCookie?: string }> {
    const params = url.searchParams;
    const sessionId = parseCookies(request.headers.cookie).get(SESSION_COOKIE);

    if (url.pathname === '/dbaction.php') {
      const form = request.method === 'POST' ? new URLSearchParams(await readBody(request)) : params;
      const action = form.get('action') ?? params.get('action');
      if (action === 'Logout') {
        if (sessionId) this.sessions.end(sessionId);
        return { reply: redirectReply('/dbpage.php?pg=login'), setCookie: expiredSessionCookie() };
      }
      if (action !== 'Login' || request.method !== 'POST') return { reply: htmlReply(404, notFoundPage()) };
      const login = checkPassword(this.data, form.get('username') ?? '', form.get('password') ?? '');
      if (!login) return { reply: htmlReply(200, loginPage(true)) };
      return { reply: redirectReply('/dbpage.php?pg=membersonly'), setCookie: sessionCookie(this.sessions.create(login)) };
    }

    const login = this.sessions.get(sessionId);
    const me = login && this.member(String(login.memberId));
    if (url.pathname === '/') return { reply: htmlReply(200, homePage(me)) };
    if (url.pathname !== '/dbpage.php') return { reply: htmlReply(404, notFoundPage(me)) };
    const pg = params.get('pg');
    if (pg === 'login') return { reply: htmlReply(200, loginPage()) };
    if (!me) return { reply: redirectReply('/dbpage.php?pg=login') };
    return { reply: this.membersPage(params, me) };
  }

  private membersPage(params: URLSearchParams, me: Row): Reply {
    const pg = params.get('pg');
    const dbase = params.get('dbase');
    if (pg === 'membersonly') return htmlReply(200, membersOnlyPage(me));
    if (pg === 'events') return htmlReply(200, eventsPage(this.data, me));
    if (pg === 'admin' && dbase === 'members') {
      const grouping = params.get('grouping') ? Number(params.get('grouping')) : undefined;
      if (params.get('fragment') !== '1') return htmlReply(200, memberListPage(this.data, me, grouping));
      return htmlReply(200, memberListFragment(this.data, grouping, Math.max(1, Number(params.get('page')) || 1)));
    }
    const id = params.get('id') ?? '';
    const member = pg === 'view' && dbase === 'members' ? this.member(id) : undefined;
    if (member) return htmlReply(200, memberProfilePage(this.data, me, member));
    const event = pg === 'view' && dbase === 'events' ? this.data.events.find((row) => row.id === id) : undefined;
    if (event) return htmlReply(200, eventPage(this.data, me, event));
    return htmlReply(404, notFoundPage(me));
  }

  private member(id: string): Row | undefined {
    return this.data.members.find((member) => member.id === id);
  }

  // -------------------------------------------------------------------------------------------
  // Control API, for tests that only have the URL (e.g. a browser-driving harness)

  private async control(request: IncomingMessage, url: URL): Promise<Reply> {
    const host = request.headers.host ?? '';
    // Never reachable under the site's own name, so the extension under test cannot see or use it.
    if (host !== `127.0.0.1:${this.port}` && host !== `localhost:${this.port}`) return htmlReply(404, notFoundPage());
    const route = `${request.method ?? 'GET'} ${url.pathname}`;
    switch (route) {
      case 'GET /__sim/requests':
        return jsonReply(200, this.log);
      case 'POST /__sim/fault': {
        let body: unknown;
        try {
          body = JSON.parse(await readBody(request));
        } catch {
          return jsonReply(400, { error: 'body must be Fault JSON' });
        }
        const fault = faultSchema.safeParse(body);
        if (!fault.success) return jsonReply(400, { error: 'not a Fault', issues: fault.error.issues });
        this.faults.set(fault.data);
        return jsonReply(200, { ok: true, fault: fault.data });
      }
      case 'POST /__sim/reset':
        this.reset();
        return jsonReply(200, { ok: true });
      case 'POST /__sim/signout-all':
        this.sessions.endAll();
        return jsonReply(200, { ok: true });
      default:
        return jsonReply(404, { error: `no control route ${route}` });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// CLI: npx tsx test/simulators/harmonysite/server.ts --port 8444 [--seed 1] [--host stcecilia.harmonysite.test]
//      [--now 2027-03-28T00:59:00Z]

async function main(argv: string[]) {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  // --now starts the sim's clock at that instant, running at the real pace from there.
  const now = value('--now');
  const sim = await startHarmonySiteSimulator({
    clock: now === undefined ? systemClock : clockFrom(now),
    port: Number(value('--port') ?? 8444),
    seed: value('--seed') === undefined ? undefined : Number(value('--seed')),
    host: value('--host'),
  });
  const host = value('--host') ?? DEFAULT_HOST;
  console.log(`HarmonySite simulator listening on ${sim.url}`);
  console.log(`  log in as ${HARMONYSITE_DEMO_USERNAME} / ${HARMONYSITE_DEMO_PASSWORD} (or ${SECTION_LEADER_USERNAME} / ${SECTION_LEADER_PASSWORD})`);
  console.log(`  map ${host} to 127.0.0.1:${sim.port} in the browser under test`);
  return sim;
}

runIfCli(import.meta.url, main);
