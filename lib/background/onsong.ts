import browser, { type Runtime } from 'webextension-polyfill';
import type { FollowUpdate, PairOutcome } from '../messages';
import type { NowPlaying } from '../model';
import { generateToken, parseDeviceAddress } from '../onsong/address';
import { NOT_ACCEPTING_USERS, OnSongClient, type OnSongDevice } from '../onsong/client';
import { normaliseNowPlaying } from '../onsong/normalise';
import type { SectionsReply, SongReply } from '../onsong/schemas';
import { waitAfterFailures } from '../net/retry-wait';
import { ProblemError, toProblem, type Problem } from '../problems';
import { featureSwitches, lastNowPlaying, onSongDevice, onSongPairing, resolveOnSongDevice } from '../store';
import { isFeatureOn } from '../features/registry';
import { onSongApiKeyFor } from '../secrets';

/** Pairing: OnSong asks the member to tap Allow; we ask again every 2 s for a minute meanwhile. */
const PAIR_RETRY_MS = 2_000;
const PAIR_GIVE_UP_MS = 60_000;
/** While the popup is open: a HEAD every 0.8 s follows the iPad within about a second. */
const POLL_MS = 800;
/**
 * After 1, 2, 3, 4 or more failed ticks in a row, ask this much later, until the iPad answers
 * again: an iPad that is asleep or gone is not asked every 0.8 s, yet one that wakes is seen
 * within seconds while the member looks at the popup.
 */
const POLL_AFTER_FAILURES_MS = [1_000, 2_000, 3_000, 5_000];
/** What the iPad is told we are called, on its Allow prompt. */
const DEVICE_NAME = 'Descant';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Pairs with the iPad at a typed address: finds the port OnSong answers on (80, then 5076),
 * asks it to register a new token, and keeps asking while the member taps Allow.
 */
export async function pairWithDevice(address: string): Promise<PairOutcome> {
  const parsed = parseDeviceAddress(address);
  if (!parsed) return { badAddress: true };
  if (!parsed.onLocalNetwork) return { notLocal: true };
  if (!(await browser.permissions.contains({ origins: [parsed.permissionPattern] }))) {
    return { problem: { kind: 'permission-missing', service: 'onSong', origin: parsed.permissionPattern.replace(/\/\*$/, '') } };
  }
  const token = generateToken();
  const startedAt = Date.now();
  await onSongPairing.setValue({ state: 'looking', startedAt });
  try {
    let lastProblem: Problem | undefined;
    for (const origin of parsed.candidates) {
      const client = new OnSongClient({ origin, token }, { apiKey: await onSongApiKeyFor(origin) });
      const first = await tryRegister(client);
      if (first === 'paired') return await savePairing(client.device);
      if (first === 'waiting') return await waitForAllow(client, startedAt);
      lastProblem = first;
      // Nothing there, or not OnSong: try the next port. Anything else is OnSong's own answer.
      if (first.kind !== 'offline' && first.kind !== 'timeout' && first.kind !== 'bad-response') break;
    }
    return { problem: lastProblem ?? { kind: 'offline', service: 'onSong' } };
  } finally {
    await onSongPairing.setValue(null);
  }
}

async function waitForAllow(client: OnSongClient, startedAt: number): Promise<PairOutcome> {
  await onSongPairing.setValue({ state: 'waiting-for-allow', origin: client.device.origin, startedAt });
  while (Date.now() - startedAt < PAIR_GIVE_UP_MS) {
    await sleep(PAIR_RETRY_MS);
    const outcome = await tryRegister(client);
    if (outcome === 'paired') return savePairing(client.device);
    if (outcome !== 'waiting' && outcome.kind !== 'offline' && outcome.kind !== 'timeout') return { problem: outcome };
  }
  return { allowTimedOut: true };
}

async function tryRegister(client: OnSongClient): Promise<'paired' | 'waiting' | Problem> {
  try {
    await client.register(DEVICE_NAME);
    return 'paired';
  } catch (error) {
    const problem = toProblem(error, 'onSong', '/auth');
    return problem.kind === 'service-error' && NOT_ACCEPTING_USERS.test(problem.message) ? 'waiting' : problem;
  }
}

async function savePairing(device: OnSongDevice): Promise<PairOutcome> {
  await onSongDevice.setValue({ ...device, pairedAt: Date.now() });
  await lastNowPlaying.setValue(null);
  return { origin: device.origin };
}

/** Forgets the pairing here, and tells the iPad to forget it too if it can be reached. */
export async function unpairDevice(): Promise<void> {
  const device = await onSongDevice.getValue();
  await onSongDevice.setValue(null);
  await lastNowPlaying.setValue(null);
  if (!device) return;
  try {
    await new OnSongClient(device, { apiKey: await onSongApiKeyFor(device.origin) }).unregister();
  } catch (error) {
    console.info('[Descant] the iPad could not be told to forget the pairing', error);
  }
}

/** `GET /auth`: whether the iPad in use still knows our token; undefined when it does. */
export async function checkPairing(): Promise<Problem | undefined> {
  const device = await resolveOnSongDevice();
  if (!device) return { kind: 'token-expired', service: 'onSong' };
  try {
    await new OnSongClient(device, { apiKey: await onSongApiKeyFor(device.origin) }).checkPairing();
    return undefined;
  } catch (error) {
    return toProblem(error, 'onSong', '/auth');
  }
}

/**
 * Follows the iPad for as long as the popup holds the port open: a cheap `HEAD /state` each
 * tick, `GET /state` when it changed, and the song itself only when a new one is up. Nothing
 * is asked once the popup has closed.
 *
 * Every OnSong read is one the member asked for: this one while they look at the popup, the
 * others from Settings' buttons. The background never reads the iPad on its own, so no failure
 * count is kept in storage: a popup opened again tries at once.
 */
export function followNowPlaying(port: Runtime.Port): void {
  let open = true;
  port.onDisconnect.addListener(() => (open = false));
  const post = (update: Omit<FollowUpdate, 'at'>) => {
    if (open) port.postMessage({ ...update, at: Date.now() });
  };
  void (async () => {
    // Switched off in Settings: the iPad is not asked anything.
    if (!isFeatureOn(await featureSwitches.getValue(), 'nowPlaying')) return port.disconnect();
    const device = await resolveOnSongDevice();
    if (!device) return post({ notConfigured: true });
    const follower = new NowPlayingFollower(new OnSongClient(device, { apiKey: await onSongApiKeyFor(device.origin) }));
    const tick = async (): Promise<boolean> => {
      try {
        const changed = await follower.check();
        if (changed && open) {
          post({ nowPlaying: changed });
          await lastNowPlaying.setValue({ data: changed, fetchedAt: Date.now() });
        }
        return true;
      } catch (error) {
        if (!(error instanceof ProblemError)) console.warn('[Descant] OnSong', error);
        follower.forget();
        post({ problem: toProblem(error, 'onSong', '/state') });
        return false;
      }
    };
    await pollWhileOpen(tick, () => open);
  })();
}

/** The wait before the next tick: 0.8 s while the iPad answers, longer after each failure in a row. */
export function followWait(failures: number): number {
  return failures === 0 ? POLL_MS : waitAfterFailures(POLL_AFTER_FAILURES_MS, failures);
}

export interface PollTimers {
  sleep: (ms: number) => Promise<void>;
  now: () => number;
}

/**
 * Runs `tick` (true when the iPad answered) for as long as `open()` says, each tick starting
 * `followWait` after the one before began; an answer resets the count of failures.
 */
export async function pollWhileOpen(tick: () => Promise<boolean>, open: () => boolean, timers: PollTimers = { sleep, now: Date.now }): Promise<void> {
  let failures = 0;
  while (open()) {
    const started = timers.now();
    failures = (await tick()) ? 0 : failures + 1;
    await timers.sleep(Math.max(0, followWait(failures) - (timers.now() - started)));
  }
}

/** What was last seen, so each tick asks only for what changed. */
class NowPlayingFollower {
  private version: string | undefined;
  private song: { id: string; details: SongReply; sections: SectionsReply } | undefined;
  private shown: string | undefined;

  constructor(private readonly client: OnSongClient) {}

  /** After a problem, the next answer is shown even if it is the same as before. */
  forget(): void {
    this.version = undefined;
    this.shown = undefined;
  }

  /** The new view when something changed, else undefined. */
  async check(): Promise<NowPlaying | undefined> {
    const version = await this.client.stateVersion();
    const key = version && !changedInTheLastSecond(version) ? version.lastModified : undefined;
    if (key && key === this.version) return undefined;
    const state = await this.client.state();
    const id = state.song?.ID;
    if (id && id !== this.song?.id) {
      const [details, sections] = await Promise.all([this.client.song(id), this.client.sections(id)]);
      this.song = { id, details, sections };
    }
    const current = id && this.song?.id === id ? this.song : undefined;
    const nowPlaying = normaliseNowPlaying(state, current?.details, current?.sections ?? []);
    this.version = key;
    const shown = JSON.stringify(nowPlaying);
    if (shown === this.shown) return undefined;
    this.shown = shown;
    return nowPlaying;
  }
}

/**
 * Last-Modified has one-second resolution: a second change within the same second would not
 * show in it. While the state changed in the last second, compare what GET /state says too.
 */
function changedInTheLastSecond({ lastModified, date }: { lastModified: string; date?: string }): boolean {
  const modified = Date.parse(lastModified);
  const now = date ? Date.parse(date) : Date.now();
  return Number.isNaN(modified) || Number.isNaN(now) || now - modified <= 1_000;
}
