import type { Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Clock, clockFrom, systemClock } from '../../clock';
import { runIfCli, serveHttps, stopServer } from '../serve';
import { generateHarmonySiteData, type HarmonySiteData } from '../harmonysite/data';
import { generateSimData, type SimVolunteer } from '../three-rings/data';
import { htmlReply, parseCookies, readBody, redirectReply, type Reply, sendReply } from '../three-rings/http';
import { isV3ReadAction, parseV3Params, v3CsrfAlert, v3DoesNotExist, v3Error, v3Get, v3JsonReply, v3MustPost, type V3Result, v3Unauthorized, v3XmlReply } from './api3';
import { isV4ReadAction, parseV4Params, v4CsrfAlert, v4DoesNotExist, v4Error, v4Get, v4MustPost, v4Unauthorized } from './api4';
import {
  authenticateX,
  CIVICRM_DEMO_PASSWORD,
  CIVICRM_DEMO_USERNAME,
  CIVICRM_SITE_KEY,
  type CmsUser,
  contactIdOf,
  DEMO_API_KEY,
  expiredSessionCookie,
  mayUseAjaxRoutes,
  missingPermissions,
  NO_CIVI_API_KEY,
  NO_CIVI_PASSWORD,
  NO_CIVI_USERNAME,
  NO_MEMBERS_API_KEY,
  NO_MEMBERS_PASSWORD,
  NO_MEMBERS_USERNAME,
  sessionCookie,
  sessionCookieName,
  SessionStore,
  userByApiKey,
  userByPassword,
} from './auth';
import { type CiviCrmData, generateCiviCrmData } from './data';
import { ENTITY_NAMES, ENTITY_PERMISSIONS, type EntityName, isEntityName } from './entities';
import { type ApiCall, type ApiFlavour, damage, type Fault, faultSchema, FaultSwitch, replyInsteadOf } from './faults';
import { accessDeniedPage, dashboardPage, homePage, loginPage, notFoundPage } from './pages';

/**
 * A local HTTPS server that behaves like a choir's CiviCRM on Drupal as far as Descant uses it:
 * the CMS login and its session cookie, APIv4 and APIv3 at the AJAX routes with AuthX and the
 * CSRF rule, and the legacy extern/rest.php, as in shared/reference/harmonysite-and-civicrm-api.md
 * part B. Each API flavour can be switched off, as on a site too old for APIv4 or one whose
 * extern/ folder is blocked.
 */

export {
  CIVICRM_DEMO_PASSWORD,
  CIVICRM_DEMO_USERNAME,
  CIVICRM_SITE_KEY,
  DEMO_API_KEY,
  NO_CIVI_API_KEY,
  NO_CIVI_PASSWORD,
  NO_CIVI_USERNAME,
  NO_MEMBERS_API_KEY,
  NO_MEMBERS_PASSWORD,
  NO_MEMBERS_USERNAME,
};
export type { ApiFlavour, CiviCrmData, Fault };
export type { ContactRow, GroupContactRow, GroupRow, MembershipRow, TruthEntry } from './data';

export const CIVICRM_HOST = 'crm.stcecilia.test';
/** Where extern/rest.php lives on a Drupal 7 site. */
export const LEGACY_REST_PATH = '/sites/all/modules/civicrm/extern/rest.php';

export interface CiviCrmFlavours {
  api4: boolean;
  api3: boolean;
  legacy: boolean;
  /** APIv4 has the `email_primary` join (recent 5.x, says the reference); off, an older APIv4. */
  emailPrimary: boolean;
}

export interface CiviCrmSimOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The site's host name, for the certificate and the session cookie's name; default crm.stcecilia.test. */
  host?: string;
  /** Default 1. The same seed, volunteers, members and clock reading give the same data. */
  seed?: number;
  /** The Three Rings simulator's volunteers, about two in three of whom become contacts (see `data.truth`). */
  volunteers?: readonly SimVolunteer[];
  /** The HarmonySite simulator's data: some of its members who are not volunteers become contacts. */
  members?: HarmonySiteData;
  /** About how many contacts in all (default: about one supporter the CRM alone knows for every four others). */
  contactCount?: number;
  /** Which APIs answer; default all three. */
  flavours?: Partial<CiviCrmFlavours>;
  /** CIVICRM_SITE_KEY unless given. */
  siteKey?: string;
  /** The sim's "now" (default the system clock): membership dates lie around its day; requests are logged by it. */
  clock?: Clock;
}

export type RequestFlavour = ApiFlavour | 'page';
export type RequestAuth = 'session' | 'authx' | 'legacyrest' | 'none';

/** One request, API or page. */
export interface RecordedCiviRequest {
  /** When it arrived, epoch ms by the sim's clock. */
  at: number;
  method: string;
  /** The path without the query (which may hold keys). */
  path: string;
  flavour: RequestFlavour;
  entity?: string;
  action?: string;
  /** How the request was signed in: a CMS session cookie, AuthX (X-Civi-Auth or _authx), key + api_key, or not at all. */
  auth: RequestAuth;
  /** The CMS user it ran as. */
  user?: string;
  /** It carried `X-Requested-With: XMLHttpRequest`. */
  xRequestedWith: boolean;
  /** Refused as suspected CSRF. */
  flagged: boolean;
  /** HTTP status, after any fault. */
  status: number;
  /** The API params as the server decoded them (v4 `params`, v3 `json` and flat params). */
  params?: Record<string, unknown>;
}

export interface CiviCrmSim {
  port: number;
  /** https://127.0.0.1:PORT, for calling the server directly. */
  origin: string;
  /** https://crm.stcecilia.test (or the `host` given): what a browser under test is pointed at. */
  siteOrigin: string;
  /** Live: handlers read it on every request, so edits show up in later replies. */
  data: CiviCrmData;
  requests(): RecordedCiviRequest[];
  /** Clears the request log and the fault; data, sessions and flavours stay. */
  reset(): void;
  /** A fault for the API routes; null clears it. */
  setFault(fault: Fault | null): void;
  /** Switches API flavours on or off; those not named stay as they are. */
  setFlavours(flavours: Partial<CiviCrmFlavours>): void;
  flavours(): CiviCrmFlavours;
  close(): Promise<void>;
}

export async function startCiviCrmSimulator(options: CiviCrmSimOptions = {}): Promise<CiviCrmSim> {
  const host = options.host ?? CIVICRM_HOST;
  const clock = options.clock ?? systemClock;
  const data = generateCiviCrmData({ seed: options.seed ?? 1, volunteers: options.volunteers, members: options.members, contactCount: options.contactCount, now: clock() });
  const flavours: CiviCrmFlavours = { api4: true, api3: true, legacy: true, emailPrimary: true, ...options.flavours };
  const site = new SimulatedCiviCrm(data, host, options.siteKey ?? CIVICRM_SITE_KEY, flavours, clock);

  const { server, port } = await serveHttps('civicrm', [host], options.port, (request, response) => site.handle(request, response), clock);

  return {
    port,
    origin: `https://127.0.0.1:${port}`,
    siteOrigin: `https://${host}`,
    data,
    requests: () => site.log.map((entry) => ({ ...entry })),
    reset: () => site.reset(),
    setFault: (fault) => site.faults.set(fault === null ? null : faultSchema.parse(fault)),
    setFlavours: (changes) => Object.assign(site.flavours, changes),
    flavours: () => ({ ...site.flavours }),
    close: () => site.close(server),
  };
}

/** What a request was, as the server understood it; handlers fill in the log fields as they go. */
interface Exchange {
  request: IncomingMessage;
  method: string;
  url: URL;
  /** GET then POST form fields, POST winning (PHP's $_REQUEST). A JSON body adds nothing. */
  params: URLSearchParams;
  sessionId?: string;
  sessionUser?: CmsUser;
  xRequestedWith: boolean;
  entry: Omit<RecordedCiviRequest, 'at' | 'method' | 'path' | 'xRequestedWith' | 'status'>;
  setCookie?: string;
}

type Route = { flavour: 'api4'; entity: string; action: string } | { flavour: 'api3' } | { flavour: 'legacy' } | { flavour: 'page'; path: string };

class SimulatedCiviCrm {
  readonly faults = new FaultSwitch();
  readonly sessions = new SessionStore();
  log: RecordedCiviRequest[] = [];
  private readonly cookieName: string;
  /** Cancels slow-fault delays when the server closes. */
  private readonly closing = new AbortController();

  constructor(
    readonly data: CiviCrmData,
    private readonly host: string,
    private readonly siteKey: string,
    readonly flavours: CiviCrmFlavours,
    private readonly clock: Clock,
  ) {
    this.cookieName = sessionCookieName(host);
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = this.clock().getTime();
    const exchange = await this.exchangeFor(request);
    let reply: Reply;
    try {
      reply = await this.answer(exchange, routeOf(exchange.url, exchange.params));
    } catch (error) {
      if (this.closing.signal.aborted) return void response.destroy();
      throw error;
    }
    sendReply(response, reply, exchange.setCookie ? { 'Set-Cookie': exchange.setCookie } : {});
    this.log.push({
      at,
      method: exchange.method,
      path: exchange.url.pathname,
      ...exchange.entry,
      xRequestedWith: exchange.xRequestedWith,
      status: reply.status,
    });
  }

  reset(): void {
    this.faults.clear();
    this.log = [];
  }

  async close(server: Server): Promise<void> {
    this.closing.abort();
    await stopServer(server);
  }

  private async exchangeFor(request: IncomingMessage): Promise<Exchange> {
    const url = new URL(request.url ?? '/', `https://${this.host}`);
    const method = request.method ?? 'GET';
    const params = new URLSearchParams(url.search);
    const body = method === 'POST' ? await readBody(request) : '';
    if (isFormPost(request)) for (const [name, value] of new URLSearchParams(body)) params.set(name, value);
    const sessionId = parseCookies(request.headers.cookie).get(this.cookieName);
    const sessionUser = this.sessions.user(sessionId);
    return {
      request,
      method,
      url,
      params,
      ...(sessionId !== undefined && { sessionId }),
      ...(sessionUser && { sessionUser }),
      xRequestedWith: request.headers['x-requested-with'] === 'XMLHttpRequest',
      entry: { flavour: 'page', auth: sessionUser ? 'session' : 'none', ...(sessionUser && { user: sessionUser.username }), flagged: false },
    };
  }

  private async answer(exchange: Exchange, route: Route): Promise<Reply> {
    if (route.flavour === 'page') return this.page(exchange, route.path);
    const call: ApiCall =
      route.flavour === 'api4'
        ? { flavour: 'api4', entity: route.entity, action: route.action }
        : { flavour: route.flavour, entity: exchange.params.get('entity') ?? '', action: exchange.params.get('action') ?? '' };
    exchange.entry = { ...exchange.entry, flavour: call.flavour, entity: call.entity, action: call.action };
    if (!this.flavours[call.flavour]) return htmlReply(404, notFoundPage(exchange.url.pathname, exchange.sessionUser));

    const fault = this.faults.take(call);
    if (fault?.kind === 'slow') await sleep(fault.delayMs, undefined, { signal: this.closing.signal });
    const replacement = fault && replyInsteadOf(fault, call.flavour, () => homePage());
    if (replacement) return replacement;
    const reply = call.flavour === 'legacy' ? this.legacy(exchange, call) : this.ajax(exchange, call);
    return fault ? damage(fault, reply) : reply;
  }

  // -------------------------------------------------------------------------------------------
  // The AJAX routes: AuthX, then the route's permission, then the CSRF rule, then the call

  private ajax(exchange: Exchange, call: ApiCall): Reply {
    const authx = authenticateX({
      xCiviAuth: header(exchange.request, 'x-civi-auth'),
      xCiviKey: header(exchange.request, 'x-civi-key'),
      params: exchange.params,
      sessionUser: exchange.sessionUser,
      siteKey: this.siteKey,
    });
    if (authx.kind === 'refused') return { status: 401, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: `HTTP 401 ${authx.message}` };
    if (authx.kind === 'accepted') exchange.entry = { ...exchange.entry, auth: authx.flow === 'legacyrest' ? 'legacyrest' : 'authx', user: authx.user.username };
    const user = authx.kind === 'accepted' ? authx.user : exchange.sessionUser;
    if (!user || !mayUseAjaxRoutes(user)) return htmlReply(403, accessDeniedPage(user));

    const webService = exchange.method === 'OPTIONS' || exchange.xRequestedWith || authx.kind === 'accepted';
    if (!webService) {
      exchange.entry.flagged = true;
      return call.flavour === 'api4' ? v4CsrfAlert() : v3JsonReply(v3CsrfAlert(clientIp(exchange.request), header(exchange.request, 'referer') ?? ''));
    }
    return call.flavour === 'api4' ? this.v4Call(exchange, call, user) : v3JsonReply(this.v3Call(exchange, call, user));
  }

  private v4Call(exchange: Exchange, call: ApiCall, user: CmsUser): Reply {
    if (exchange.method === 'GET' && !isV4ReadAction(call.action)) return v4MustPost();
    const params = parseV4Params(exchange.params.get('params'));
    if (!params) return v4Error(500, 'Invalid JSON in params');
    exchange.entry.params = params;
    const entity = call.entity;
    if (!isEntityName(entity) || call.action !== 'get') return v4DoesNotExist(call.entity, call.action);
    if (missingPermissions(user, ENTITY_PERMISSIONS[entity]).length > 0) return v4Unauthorized();
    return v4Get(this.data, entity, params, this.flavours.emailPrimary);
  }

  /** APIv3, for /civicrm/ajax/rest and extern/rest.php alike. Entity names are not case-sensitive. */
  private v3Call(exchange: Exchange, call: ApiCall, user: CmsUser): V3Result {
    if (!call.entity) return v3Error('Mandatory key(s) missing from params array: entity');
    if (exchange.method === 'GET' && !isV3ReadAction(call.action)) return v3MustPost();
    const parsed = parseV3Params(exchange.params);
    if ('error' in parsed) return parsed.error;
    exchange.entry.params = parsed.params;
    const entity = v3EntityName(call.entity);
    if (!entity || call.action.toLowerCase() !== 'get') return v3DoesNotExist(call.entity, call.action);
    const needed = ENTITY_PERMISSIONS[entity];
    if (missingPermissions(user, needed).length > 0) return v3Unauthorized(entity, call.action, needed);
    return v3Get(this.data, entity, parsed.params);
  }

  // -------------------------------------------------------------------------------------------
  // extern/rest.php: the site key and a user's API key; no session, no CSRF rule. XML unless `json`.

  private legacy(exchange: Exchange, call: ApiCall): Reply {
    const result = this.legacyResult(exchange, call);
    const json = exchange.params.get('json');
    return json && json !== '0' ? v3JsonReply(result) : v3XmlReply(result);
  }

  private legacyResult(exchange: Exchange, call: ApiCall): V3Result {
    // Cookies play no part here, so neither does the CMS session.
    exchange.entry = { ...exchange.entry, auth: 'none' };
    delete exchange.entry.user;
    if (exchange.params.get('key') !== this.siteKey) return v3Error('Failed to authenticate key');
    const apiKey = exchange.params.get('api_key');
    if (!apiKey || apiKey.toLowerCase() === 'null') return v3Error("FATAL: mandatory param 'api_key' (user key) missing");
    const user = userByApiKey(apiKey);
    if (!user) return v3Error('Failed to authenticate key');
    exchange.entry = { ...exchange.entry, auth: 'legacyrest', user: user.username };
    return this.v3Call(exchange, call, user);
  }

  // -------------------------------------------------------------------------------------------
  // CMS pages

  private page(exchange: Exchange, path: string): Reply {
    const user = exchange.sessionUser;
    switch (path) {
      case '/':
        return htmlReply(200, homePage(user));
      case '/user/login':
        return exchange.method === 'POST' ? this.logIn(exchange) : htmlReply(200, loginPage());
      case '/user/logout':
        if (exchange.sessionId) this.sessions.end(exchange.sessionId);
        exchange.setCookie = expiredSessionCookie(this.cookieName);
        return redirectReply('/');
      case '/civicrm/dashboard':
        if (!user?.permissions.has('access CiviCRM')) return htmlReply(403, accessDeniedPage(user));
        return htmlReply(200, dashboardPage(user, this.contactName(user)));
      default:
        return htmlReply(404, notFoundPage(path, user));
    }
  }

  private logIn(exchange: Exchange): Reply {
    const user = userByPassword(exchange.params.get('name') ?? '', exchange.params.get('pass') ?? '');
    if (!user) return htmlReply(200, loginPage(true));
    if (exchange.sessionId) this.sessions.end(exchange.sessionId);
    exchange.setCookie = sessionCookie(this.cookieName, this.sessions.create(user.username));
    exchange.entry = { ...exchange.entry, auth: 'session', user: user.username };
    return redirectReply('/civicrm/dashboard?reset=1');
  }

  private contactName(user: CmsUser): string {
    const id = contactIdOf(this.data, user);
    return this.data.contacts.find((contact) => contact.id === id)?.display_name ?? user.username;
  }
}

/** Which part of the site a path is; `?q=civicrm/…` works as on a Drupal site without clean URLs. */
function routeOf(url: URL, params: URLSearchParams): Route {
  const q = params.get('q');
  const path = (url.pathname === '/' || url.pathname === '/index.php') && q ? `/${q.replace(/^\/+/, '')}` : url.pathname;
  const api4 = /^\/civicrm\/ajax\/api4(?:\/([^/]*))?(?:\/([^/]*))?\/?$/.exec(path);
  if (api4) return { flavour: 'api4', entity: decodeURIComponent(api4[1] ?? ''), action: decodeURIComponent(api4[2] ?? '') };
  if (path === '/civicrm/ajax/rest') return { flavour: 'api3' };
  if (path === LEGACY_REST_PATH) return { flavour: 'legacy' };
  return { flavour: 'page', path };
}

function v3EntityName(name: string): EntityName | undefined {
  return ENTITY_NAMES.find((entity) => entity.toLowerCase() === name.toLowerCase());
}

function isFormPost(request: IncomingMessage): boolean {
  return request.method === 'POST' && (request.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function clientIp(request: IncomingMessage): string {
  return (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
}

// ---------------------------------------------------------------------------------------------
// CLI: npx tsx test/simulators/civicrm/server.ts --port 8445 [--seed 1] [--host crm.stcecilia.test] [--volunteers 120]
//      [--now 2027-03-28T00:59:00Z]

async function main(argv: string[]) {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const seed = value('--seed') === undefined ? undefined : Number(value('--seed'));
  // With --volunteers N, the people are those the Three Rings and HarmonySite simulators make by default (seed 1).
  const volunteerCount = value('--volunteers') === undefined ? undefined : Number(value('--volunteers'));
  // --now starts the sim's clock at that instant, running at the real pace from there.
  const now = value('--now');
  const clock = now === undefined ? systemClock : clockFrom(now);
  const volunteers = volunteerCount ? generateSimData({ seed: 1, volunteerCount, now: clock() }).volunteers : undefined;
  const members = volunteers && generateHarmonySiteData({ seed: 1, volunteers, now: clock() });
  const host = value('--host') ?? CIVICRM_HOST;
  const sim = await startCiviCrmSimulator({ port: Number(value('--port') ?? 8445), seed, host, volunteers, members, clock });
  console.log(`CiviCRM simulator listening on ${sim.origin} (${sim.data.contacts.length} contacts)`);
  console.log(`  log in at /user/login as ${CIVICRM_DEMO_USERNAME} / ${CIVICRM_DEMO_PASSWORD} (or ${NO_MEMBERS_USERNAME}, ${NO_CIVI_USERNAME}; same password)`);
  console.log(`  API key ${DEMO_API_KEY}, site key ${CIVICRM_SITE_KEY}`);
  console.log(`  map ${host} to 127.0.0.1:${sim.port} in the browser under test`);
  return sim;
}

runIfCli(import.meta.url, main);
