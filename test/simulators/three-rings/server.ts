import type { Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Clock, clockFrom, systemClock } from '../../clock';
import { runIfCli, serveHttps, stopServer } from '../serve';
import {
  type Caller,
  checkPassword,
  DEMO_API_KEY,
  DEMO_PASSWORD,
  expiredSessionCookie,
  identify,
  SessionStore,
  sessionCookie,
} from './auth';
import { DEMO_USERNAME, generateSimData, SIGNED_IN_VOLUNTEER_ID, type SimData } from './data';
import { damage, type Fault, faultSchema, FaultSwitch, replyInsteadOf } from './faults';
import { htmlReply, jsonReply, readBody, redirectReply, type Reply, sendReply } from './http';
import { handleJsonRequest, isJsonRequest, type JsonShapeOptions } from './json';
import { isCalendarDate, londonDate } from './london-time';
import { directoryPage, loginPage, notFoundPage, overviewPage, rotaMonthPage, volunteerPage } from './pages';
import { maxRequestsInWindow, type RecordedRequest, RequestLog } from './request-log';

/**
 * A local HTTPS server that speaks Three Rings (www.3r.org.uk) as far as Descant uses it: the
 * login form and session cookie, the documented JSON endpoints, and the HTML pages the content
 * scripts read. Tests switch faults on through `setFault` or POST /__sim/fault.
 */

export { DEMO_API_KEY, DEMO_PASSWORD, DEMO_USERNAME, SIGNED_IN_VOLUNTEER_ID, maxRequestsInWindow };
export { SESSION_COOKIE } from './auth';
export type { Fault, RecordedRequest, SimData };
export type { SimEvent, SimNewsItem, SimRole, SimRota, SimShift, SimVolunteer, SimVolunteerShift } from './data';

export interface ThreeRingsSimOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 1. The same seed and clock reading give the same data. */
  seed?: number;
  /** Default 120; 60 to 2000. */
  volunteerCount?: number;
  /**
   * The sim's "now" (default the system clock): data is generated around it, date defaults
   * ("today"), the request log's times and `lastSignInAt` follow it.
   */
  clock?: Clock;
  /** Whether the demo volunteer may use /stats/export_rotas.json (default false: 403). */
  statsAccess?: boolean;
  /** shift.json people list shape; default 'volunteer_shifts'. */
  shiftShape?: JsonShapeOptions['shiftShape'];
  /** shift.json rota shape; default 'object'. */
  rotaShape?: JsonShapeOptions['rotaShape'];
}

export interface ThreeRingsSim {
  /** https://127.0.0.1:PORT */
  url: string;
  port: number;
  /** Live: handlers read it on every request, so edits show up in later replies. */
  data: SimData;
  setFault(fault: Fault): void;
  requests(): RecordedRequest[];
  /** Clears the fault and the request log; data and sessions stay. */
  reset(): void;
  /** Ends every session, as when the member signs out or their session times out; clears `lastSignInAt`. */
  signOutAll(): void;
  /** When the login form last signed the member in (epoch ms, the sim's clock); undefined if never since `signOutAll`. */
  lastSignInAt(): number | undefined;
  close(): Promise<void>;
}

export async function startThreeRingsSimulator(options: ThreeRingsSimOptions = {}): Promise<ThreeRingsSim> {
  const clock = options.clock ?? systemClock;
  const data = generateSimData({ seed: options.seed ?? 1, volunteerCount: options.volunteerCount ?? 120, now: clock() });
  const site = new SimulatedSite(data, clock, {
    statsAccess: options.statsAccess ?? false,
    shiftShape: options.shiftShape ?? 'volunteer_shifts',
    rotaShape: options.rotaShape ?? 'object',
  });

  const { server, port } = await serveHttps('three-rings', ['www.3r.org.uk'], options.port, (request, response) => site.handle(request, response), clock);
  site.port = port;

  return {
    url: `https://127.0.0.1:${port}`,
    port,
    data,
    setFault: (fault) => site.faults.set(faultSchema.parse(fault)),
    requests: () => site.log.all(),
    reset: () => site.reset(),
    signOutAll: () => site.signOutAll(),
    lastSignInAt: () => site.lastSignInAt,
    close: () => site.close(server),
  };
}

class SimulatedSite {
  readonly faults = new FaultSwitch();
  readonly log = new RequestLog();
  readonly sessions = new SessionStore();
  /** Set once listening; the control API only answers to this port on localhost. */
  port = 0;
  /** When the login form last signed someone in, epoch ms by the sim's clock. */
  lastSignInAt: number | undefined;
  /** Cancels slow-fault delays when the server closes. */
  private readonly closing = new AbortController();

  constructor(
    readonly data: SimData,
    private readonly clock: Clock,
    private readonly shapes: JsonShapeOptions,
  ) {}

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'https://www.3r.org.uk');
    if (url.pathname === '/__sim' || url.pathname.startsWith('/__sim/')) {
      return sendReply(response, await this.control(request, url));
    }
    if (isJsonRequest(url)) return this.serveJson(request, response, url);
    const { reply, setCookie } = await this.page(request, url);
    sendReply(response, reply, setCookie ? { 'Set-Cookie': setCookie } : {});
  }

  reset(): void {
    this.faults.clear();
    this.log.clear();
  }

  signOutAll(): void {
    this.sessions.endAll();
    this.lastSignInAt = undefined;
  }

  async close(server: Server): Promise<void> {
    this.closing.abort();
    await stopServer(server);
  }

  // -------------------------------------------------------------------------------------------
  // JSON endpoints: faults, then the caller, then the endpoint; every request is logged.

  private async serveJson(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const arrivedAt = this.clock().getTime();
    const identification = identify(request, this.sessions);
    let reply: Reply;
    try {
      reply = await this.jsonReply(request, url, identification.caller);
    } catch (error) {
      if (this.closing.signal.aborted) return void response.destroy();
      throw error;
    }
    sendReply(response, reply);
    this.log.record({
      at: arrivedAt,
      method: request.method ?? 'GET',
      path: request.url ?? url.pathname,
      userAgent: request.headers['user-agent'] ?? '',
      hasSession: identification.hasSession,
      ...(request.headers.authorization !== undefined && { authorization: request.headers.authorization }),
      status: reply.status,
    });
  }

  private async jsonReply(request: IncomingMessage, url: URL, caller: Caller | undefined): Promise<Reply> {
    const fault = this.faults.take(url.pathname);
    if (fault?.kind === 'slow') await sleep(fault.delayMs, undefined, { signal: this.closing.signal });
    const replacement = fault && replyInsteadOf(fault);
    if (replacement) return replacement;
    if (request.method !== 'GET') return jsonReply(405, { status: 405, error: 'Method Not Allowed' });
    // Like Rails: a signed-out request is sent to the login page, which fetch then follows.
    if (!caller) return redirectReply('/login');
    const reply = handleJsonRequest({ url, caller, data: this.data, options: this.shapes, nowMs: this.clock().getTime() });
    return fault ? damage(fault, reply) : reply;
  }

  // -------------------------------------------------------------------------------------------
  // HTML pages and signing in

  private async page(request: IncomingMessage, url: URL): Promise<{ reply: Reply; setCookie?: string }> {
    const { pathname } = url;
    const method = request.method ?? 'GET';
    const identification = identify(request, this.sessions);

    if (pathname === '/login') {
      return { reply: identification.hasSession ? redirectReply('/') : htmlReply(200, loginPage()) };
    }
    if (pathname === '/auth' && method === 'POST') {
      const form = new URLSearchParams(await readBody(request));
      const username = form.get('account_session[username]') ?? '';
      const volunteerId = checkPassword(username, form.get('account_session[password]') ?? '');
      if (volunteerId === undefined) return { reply: htmlReply(200, loginPage({ failed: true, username })) };
      this.lastSignInAt = this.clock().getTime();
      return { reply: redirectReply('/'), setCookie: sessionCookie(this.sessions.create(volunteerId)) };
    }
    if (pathname === '/logout') {
      if (identification.sessionToken) this.sessions.end(identification.sessionToken);
      return { reply: redirectReply('/login'), setCookie: expiredSessionCookie() };
    }

    const me = identification.caller && this.data.volunteers.find((v) => v.id === identification.caller?.volunteerId);
    if (!me) return { reply: redirectReply('/login') };
    if (method !== 'GET') return { reply: htmlReply(404, notFoundPage(me)) };

    const nowMs = this.clock().getTime();
    if (pathname === '/') return { reply: htmlReply(200, overviewPage(this.data, me, nowMs)) };
    if (pathname === '/rota') return { reply: htmlReply(200, rotaMonthPage(this.data, me, londonDate(nowMs))) };
    const rotaDate = /^\/rota\/for\/([^/]+)(?:\/[^/]*)?$/.exec(pathname)?.[1];
    if (rotaDate !== undefined) {
      // Any view (week, rolling week…) gets the month view, the one whose markup we know.
      const date = normaliseDate(decodeURIComponent(rotaDate));
      if (date) return { reply: htmlReply(200, rotaMonthPage(this.data, me, date)) };
    }
    if (pathname === '/directory') return { reply: htmlReply(200, directoryPage(this.data, me)) };
    const volunteerKey = /^\/directory\/([^/]+)$/.exec(pathname)?.[1];
    const volunteer = volunteerKey && this.data.volunteers.find((v) => String(v.id) === volunteerKey || v.username === volunteerKey);
    if (volunteer) return { reply: htmlReply(200, volunteerPage(me, volunteer)) };
    return { reply: htmlReply(404, notFoundPage(me)) };
  }

  // -------------------------------------------------------------------------------------------
  // Control API, for tests that only have the URL (e.g. a browser-driving harness)

  private async control(request: IncomingMessage, url: URL): Promise<Reply> {
    const host = request.headers.host ?? '';
    // Never reachable as www.3r.org.uk, so the extension under test cannot see or use it.
    if (host !== `127.0.0.1:${this.port}` && host !== `localhost:${this.port}`) return htmlReply(404, notFoundPage());
    const route = `${request.method ?? 'GET'} ${url.pathname}`;
    switch (route) {
      case 'GET /__sim/requests':
        return jsonReply(200, this.log.all());
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
        this.signOutAll();
        return jsonReply(200, { ok: true });
      default:
        return jsonReply(404, { error: `no control route ${route}` });
    }
  }
}

/** Accepts YYYY-MM-DD and the site's unpadded YYYY-M-D. */
function normaliseDate(text: string): string | undefined {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (!match) return undefined;
  const date = `${match[1]}-${match[2]?.padStart(2, '0')}-${match[3]?.padStart(2, '0')}`;
  return isCalendarDate(date) ? date : undefined;
}

// ---------------------------------------------------------------------------------------------
// CLI: npx tsx test/simulators/three-rings/server.ts --port 8443 [--seed 1] [--volunteers 120]
//      [--stats-access] [--shift-shape volunteers] [--rota-shape string] [--now 2027-03-28T00:59:00Z]

async function main(argv: string[]) {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const number = (flag: string) => (value(flag) === undefined ? undefined : Number(value(flag)));
  // --now starts the sim's clock at that instant, running at the real pace from there.
  const now = value('--now');
  const sim = await startThreeRingsSimulator({
    clock: now === undefined ? systemClock : clockFrom(now),
    port: number('--port') ?? 8443,
    seed: number('--seed'),
    volunteerCount: number('--volunteers'),
    statsAccess: argv.includes('--stats-access'),
    shiftShape: value('--shift-shape') === 'volunteers' ? 'volunteers' : undefined,
    rotaShape: value('--rota-shape') === 'string' ? 'string' : undefined,
  });
  console.log(`Three Rings simulator listening on ${sim.url}`);
  console.log(`  log in as ${DEMO_USERNAME} / ${DEMO_PASSWORD}, or send "Authorization: APIKEY ${DEMO_API_KEY}"`);
  console.log(`  map www.3r.org.uk to 127.0.0.1:${sim.port} in the browser under test`);
  return sim;
}

runIfCli(import.meta.url, main);
