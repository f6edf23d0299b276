import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Clock, clockFrom, systemClock } from '../../clock';
import { runIfCli, stopServer } from '../serve';
import { htmlReply, readBody, type Reply, sendReply } from '../three-rings/http';
import { answerApi, parseApiPath } from './api';
import { answerControl, type SimControls } from './control';
import { generateOnSongData, type OnSongData, type SimSet, type SimSong } from './data';
import { faultSchema, type OnSongFault, replyInsteadOf, spoil } from './faults';
import { IPadScreen } from './ipad';
import { controlPage } from './page';
import { type Pairing, TokenRegistry } from './tokens';

/**
 * A local plain-HTTP server that behaves like OnSong Connect, the REST API the OnSong app serves
 * on a choir's iPad (shared/reference/onsong-api-and-peers.md, 1.3–1.7): pairing by a token the
 * client makes up and the member allows, the state to poll, songs with their sections, and sets.
 * A control page at `/` stands in for the iPad's screen; tests drive it through the returned
 * object or POST /__sim/….
 */

export { HOSTILE_SONG_TITLE, LONG_SONG_TITLE, RIGHT_TO_LEFT_SONG_TITLE, TRANSPOSED_SONG_TITLE } from './catalogue';
export { CONCERT_SET_TITLE, SUNDAY_SET_TITLE } from './data';
export { ERROR_STATUS } from './api';
export { MIN_TOKEN_LENGTH } from './tokens';
export type { OnSongData, SimSection, SimSet, SimSong } from './data';
export type { OnSongFault } from './faults';

export interface OnSongSimulatorOptions {
  /** 0 (the default) picks a free one. */
  port?: number;
  /** Listen address, default '127.0.0.1'. */
  host?: string;
  /** Default 1; the same seed gives the same data. */
  seed?: number;
  /**
   * How a new token's PUT /auth is treated: 'ask' (default: "Not Accepting Users" until
   * allowPending() is called, like a member who must tap Allow on the iPad), 'accept'
   * (registered at once).
   */
  pairing?: Pairing;
  /** The iPad's "now" (default the system clock): Last-Modified, Date, /ping and the request log follow it. */
  clock?: Clock;
}

export interface OnSongRequest {
  method: string;
  /** As sent, with the query. */
  path: string;
  /** Path without /api/<token> and without the query, e.g. "/state". */
  endpoint: string;
  token?: string;
  /** When it arrived, epoch ms by the sim's clock. */
  at: number;
  /** The status answered, after any fault; 0 when the socket was destroyed instead. */
  status: number;
}

export interface OnSongSimulator {
  port: number;
  /** e.g. 'http://127.0.0.1:5076' */
  origin: string;
  /** Live: handlers read it on every request, so edits show up in later replies. */
  data: { songs: SimSong[]; sets: SimSet[] };
  /** The member taps Allow on the iPad: the pending token(s) become registered; their next PUT /auth answers {"success":"Token Registered"}. */
  allowPending(): void;
  /** Tokens that asked and wait for Allow. */
  pendingTokens(): string[];
  registeredTokens(): string[];
  /** e.g. a token from a choir profile: registered without asking. Throws if shorter than 32 characters. */
  registerToken(token: string): void;
  /** The token is forgotten (expired after 30 days without an API key): every call with it answers 401 {"error":"Not Registered"}. */
  expireToken(token: string): void;
  /** Changes what is up on the iPad; bumps Last-Modified. Throws for an unknown ID. */
  setCurrentSong(songId: string): void;
  /** Moves to the next song of the current set (wraps), returns its id. */
  nextSong(): string;
  /** Opens a set (its first song comes up unless the song on screen is in it), or closes it with null. */
  setCurrentSet(setId: string | null): void;
  currentSongId(): string;
  /** Null clears it. Throws (zod) for a fault that is not one. */
  setFault(fault: OnSongFault | null): void;
  requests(): OnSongRequest[];
  /** Forgets the request log (not tokens, state or the fault). */
  reset(): void;
  close(): Promise<void>;
}

export async function startOnSongSimulator(options: OnSongSimulatorOptions = {}): Promise<OnSongSimulator> {
  const data = generateOnSongData(options.seed ?? 1);
  const clock = options.clock ?? systemClock;
  const ipad = new SimulatedIPad(data, new TokenRegistry(options.pairing ?? 'ask'), clock);
  const host = options.host ?? '127.0.0.1';

  const server = createServer((request, response) => {
    // Every reply's Date is the iPad's clock, not Node's real one.
    response.setHeader('Date', clock().toUTCString());
    ipad.handle(request, response).catch((error: unknown) => {
      console.error('[onsong sim]', error);
      if (!response.headersSent) sendReply(response, { status: 500, headers: { 'Content-Type': 'text/plain' }, body: 'Simulator error' });
      else response.destroy();
    });
  });
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => ready());
  });
  const port = (server.address() as AddressInfo).port;
  const origin = `http://${originHost(host)}:${port}`;
  ipad.origin = origin;

  const { controls } = ipad;
  return {
    port,
    origin,
    data,
    allowPending: () => void controls.allowPending(),
    pendingTokens: () => controls.tokens().pending,
    registeredTokens: () => controls.tokens().registered,
    registerToken: controls.registerToken,
    expireToken: controls.expireToken,
    setCurrentSong: controls.setCurrentSong,
    nextSong: controls.nextSong,
    setCurrentSet: controls.setCurrentSet,
    currentSongId: () => ipad.screen.currentSongId(),
    setFault: controls.setFault,
    requests: () => ipad.log.map((entry) => ({ ...entry })),
    reset: controls.reset,
    close: () => ipad.close(server),
  };
}

/** Where a browser reaches a server listening on `host`. */
function originHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

class SimulatedIPad {
  readonly screen: IPadScreen;
  readonly log: OnSongRequest[] = [];
  origin = '';
  private fault: OnSongFault | null = null;
  /** Cancels slow-fault delays when the server closes. */
  private readonly closing = new AbortController();

  constructor(
    data: OnSongData,
    private readonly tokens: TokenRegistry,
    private readonly clock: Clock,
  ) {
    this.screen = new IPadScreen(data, clock);
  }

  readonly controls: SimControls = {
    nextSong: () => this.screen.nextSong(),
    allowPending: () => this.tokens.allowPending(),
    setCurrentSong: (id) => this.screen.setCurrentSong(id),
    setCurrentSet: (id) => this.screen.setCurrentSet(id),
    setFault: (fault) => {
      this.fault = fault === null ? null : faultSchema.parse(fault);
    },
    registerToken: (token) => this.tokens.register(token),
    expireToken: (token) => this.tokens.expire(token),
    reset: () => {
      this.log.length = 0;
    },
    requests: () => this.log.map((entry) => ({ ...entry })),
    tokens: () => ({
      pending: this.tokens.pendingEntries().map((entry) => entry.token),
      registered: this.tokens.registeredEntries().map((entry) => entry.token),
    }),
    state: () => ({
      currentSongId: this.screen.currentSongId(),
      currentSetId: this.screen.currentSetId(),
      lastModified: new Date(this.screen.changedAt).toUTCString(),
      fault: this.fault,
    }),
  };

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://onsong.invalid');
    const method = request.method ?? 'GET';
    if (url.pathname === '/__sim' || url.pathname.startsWith('/__sim/')) {
      const body = await readBody(request);
      return sendReply(response, await answerControl(method, url.pathname, request.headers['content-type'] ?? '', body, this.controls));
    }
    const api = parseApiPath(url.pathname);
    if (api) return this.serveApi(request, response, url, api);
    if (url.pathname === '/' && (method === 'GET' || method === 'HEAD')) return sendReply(response, htmlReply(200, this.page()));
    sendReply(response, { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' }, body: 'Not Found' });
  }

  async close(server: Server): Promise<void> {
    this.closing.abort();
    await stopServer(server);
  }

  // -------------------------------------------------------------------------------------------
  // /api/<token>/…: the fault first, then OnSong's answer; every request is logged.

  private async serveApi(request: IncomingMessage, response: ServerResponse, url: URL, api: { token?: string; endpoint: string }): Promise<void> {
    const method = request.method ?? 'GET';
    const entry = { method, path: request.url ?? url.pathname, endpoint: api.endpoint, ...(api.token !== undefined && { token: api.token }), at: this.clock().getTime() };
    const fault = this.fault;
    if (fault?.kind === 'unreachable') {
      this.log.push({ ...entry, status: 0 });
      request.socket.destroy();
      return;
    }
    const body = await readBody(request);
    if (fault?.kind === 'slow') {
      try {
        await sleep(fault.ms, undefined, { signal: this.closing.signal });
      } catch {
        return void response.destroy(); // the simulator is closing
      }
    }
    const reply: Reply =
      replyInsteadOf(fault) ?? spoil(fault, method === 'HEAD' ? 'GET' : method, api.endpoint, answerApi({ method, url, ...api, body }, { ipad: this.screen, tokens: this.tokens, origin: this.origin, clock: this.clock }));
    // Date beside Last-Modified lets a client tell a change in the last second (HTTP dates have no finer grain).
    sendReply(response, reply, { Date: this.clock().toUTCString() });
    this.log.push({ ...entry, status: reply.status });
  }

  private page() {
    const song = this.screen.findSong('current');
    const set = this.screen.findSet('current');
    return controlPage({
      song,
      set,
      setSongs: set ? this.screen.songsOf(set) : [],
      songs: this.screen.data.songs,
      sets: this.screen.data.sets,
      pending: this.tokens.pendingEntries(),
      registered: this.tokens.registeredEntries(),
      fault: this.fault,
      lastModified: new Date(this.screen.changedAt).toUTCString(),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// CLI: npx tsx test/simulators/onsong/server.ts --port 5076 [--seed 1] [--pairing accept] [--host 0.0.0.0]
//      [--now 2027-03-28T00:59:00Z]

async function main(argv: string[]) {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const pairing = value('--pairing');
  if (pairing !== undefined && pairing !== 'ask' && pairing !== 'accept') throw new Error('--pairing must be ask or accept');
  // --now starts the iPad's clock at that instant, running at the real pace from there.
  const now = value('--now');
  const sim = await startOnSongSimulator({
    clock: now === undefined ? systemClock : clockFrom(now),
    port: Number(value('--port') ?? 5076),
    seed: value('--seed') === undefined ? undefined : Number(value('--seed')),
    host: value('--host'),
    pairing,
  });
  console.log(sim.origin);
  console.log(`  OnSong Connect simulator: the API is under ${sim.origin}/api/<token>/…; open ${sim.origin}/ for the iPad's screen.`);
  return sim;
}

runIfCli(import.meta.url, main);
