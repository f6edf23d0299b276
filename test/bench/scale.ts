/**
 * The scale benchmark, in real Chromium with the built extension: a choir with 2,000 volunteers,
 * 2,000 HarmonySite members and 5,000 CiviCRM contacts, read into Descant's caches from the three
 * simulated sites with the member signed in to each. It reports how long the background takes to
 * build the people index (from the measures it records, median over rebuilds), the background's
 * JS heap once the index and both sites' badge answers are made, the bytes Descant keeps in
 * storage, the bytes one forced refresh writes when nothing changed and when one contact did, and
 * how long the data health page takes to build its findings and draw them, against an empty page.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { startThreeRingsSimulator } from '../simulators/three-rings/server';
import { HARMONYSITE_DEMO_PASSWORD, HARMONYSITE_DEMO_USERNAME, startHarmonySiteSimulator } from '../simulators/harmonysite/server';
import { CIVICRM_DEMO_PASSWORD, CIVICRM_DEMO_USERNAME, startCiviCrmSimulator } from '../simulators/civicrm/server';
import { launchExtensionBrowser, type ExtensionApi, type ExtensionBrowser, type TestPage } from '../e2e/harness';
import type { DriverTestPage } from '../e2e/harness/page';
import { refreshAndWaitOn } from '../e2e/harness/extension-state';
import { signInToThreeRings } from '../tools/three-rings-session';
import { HARMONYSITE_HOST, signInToHarmonySite } from '../tools/harmonysite-session';
import { CIVICRM_HOST, signInToCiviCrm } from '../tools/civicrm-session';
import { MEASURES } from '@/lib/background/measures';
import { HEALTH_MEASURES } from '@/lib/health/findings';
import { median } from './stats';

const VOLUNTEERS = 2_000;
const MEMBERS = 2_000;
const CONTACTS = 5_000;
const REBUILDS = 9;
/** The background is done once nothing has happened for this long (see settled). */
const SETTLED_MS = 3_000;
const BLANK_PAGE = 'blank.html';
/** What the blank page records (its script, in withBlankPage): its start to the frame after its load. */
const BLANK_DRAWN = 'descant:blank-drawn';
const HEALTH_PAGE = 'health.html';
const HEALTH_ROUNDS = 7;
const CACHES = ['threeRings.directory', 'harmonySite.data', 'civiCrm.data'];
/** Where the background keeps each site's badge answer (lib/badge-answers.ts, which needs an extension to load). */
const BADGE_ANSWER_KEYS = ['badges.threeRings', 'badges.harmonySite'];
/** A decision about two records that exist nowhere: writing it and taking it back rebuilds the index and changes nothing else. */
const NO_ONE_KEPT_APART = [{ a: { source: 'threeRings', id: 0 }, b: { source: 'harmonySite', id: 0 }, linked: false }];

export interface ScaleBenchmark {
  /** What Descant held once the sites were read. */
  held: { volunteers: number; members: number; contacts: number };
  indexReadMs: number;
  indexBuildMs: number;
  /** Every build's time, for the spread. */
  indexBuildsMs: number[];
  /** After a garbage collection, in MB (10^6 bytes). */
  heapUsedMb: number;
  bytesInUse: { local: number; session: number };
  unchangedRefresh: StorageWrites;
  oneContactChanged: StorageWrites;
  healthPage: HealthPageBenchmark;
}

/** The data health page opened HEALTH_ROUNDS times, each after an open of the blank page to measure it against. */
export interface HealthPageBenchmark {
  /** The page's "All" count. */
  findings: number;
  /** The findings it drew at first (one page of them). */
  drawnFindings: number;
  /** The first open asks for findings nobody asked for yet: the background works them out then. */
  opens: HealthPageOpen[];
  /** Each open's navigation start to the blank page's frame after its load, in ms. */
  blankMs: number[];
  /** Each time the background worked the findings out (the first open's, and any after a minute). */
  backgroundBuildMs: number[];
  /** Each ask the background answered, from the ask's arrival to its answer (the page's asks take longer by their messaging). */
  backgroundAnswerMs: number[];
}

/** One open of the health page, from the measures it records (HEALTH_MEASURES), in ms. */
export interface HealthPageOpen {
  /** Navigation start to its script's ask: loading, parsing and running its modules. */
  scriptStartMs: number;
  /** Its ask for the report, until the background's answer came (healthReport). */
  askMs: number;
  /** Preact's first render, before the browser lays it out. */
  renderMs: number;
  /** Navigation start to the frame after the findings were rendered. */
  drawnMs: number;
}

/** Bytes written per stored item ("local:civiCrm.data"), as Chrome counts them: key and JSON value. */
export type StorageWrites = Record<string, number>;

export async function runScaleBenchmark(): Promise<ScaleBenchmark> {
  const threeRings = await startThreeRingsSimulator({ volunteerCount: VOLUNTEERS });
  const harmonySite = await startHarmonySiteSimulator({ volunteers: threeRings.data.volunteers, memberCount: MEMBERS });
  const civiCrm = await startCiviCrmSimulator({ volunteers: threeRings.data.volunteers, members: harmonySite.data, contactCount: CONTACTS });
  const sites = [threeRings, harmonySite, civiCrm];
  const extensionDir = withBlankPage();
  const browser = await launchExtensionBrowser('chromium', {
    hostMap: { 'www.3r.org.uk': threeRings.port, [HARMONYSITE_HOST]: harmonySite.port, [CIVICRM_HOST]: civiCrm.port },
    extensionDir,
  });
  try {
    await signInToThreeRings(browser);
    await signInToHarmonySite(browser, HARMONYSITE_DEMO_USERNAME, HARMONYSITE_DEMO_PASSWORD);
    await signInToCiviCrm(browser, CIVICRM_DEMO_USERNAME, CIVICRM_DEMO_PASSWORD);
    const page = await browser.openExtensionPage(BLANK_PAGE);
    await refreshAndWaitOn(page, CACHES, 60_000);
    await waitForBadgeAnswers(page);
    const held = await heldCounts(page);

    const builds = await rebuildIndex(browser, page);
    await waitForBadgeAnswers(page);
    const heapUsedMb = await backgroundHeapMb(browser);
    const bytesInUse = await storageBytesInUse(page);
    const healthPage = await openHealthPages(browser);

    const unchangedRefresh = await writesOfOneRefresh(browser, page, sites);
    const contact = civiCrm.data.contacts.find((row) => row.contact_type === 'Individual' && !row.is_deleted && row.email)!;
    contact.email = `changed.${contact.email}`;
    const oneContactChanged = await writesOfOneRefresh(browser, page, sites);
    return { held, indexReadMs: median(builds.read), indexBuildMs: median(builds.build), indexBuildsMs: builds.build, heapUsedMb, bytesInUse, unchangedRefresh, oneContactChanged, healthPage };
  } finally {
    await browser.close();
    await Promise.all(sites.map((site) => site.close()));
    rmSync(extensionDir, { recursive: true, force: true });
  }
}

/**
 * The build with one empty page added, to work from: Settings, where the other benchmarks
 * work, matches everyone again on every change, which at this scale keeps it busy for seconds.
 */
function withBlankPage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'descant-bench-'));
  cpSync('.output/chrome-mv3', dir, { recursive: true });
  writeFileSync(join(dir, BLANK_PAGE), '<!doctype html><meta charset="utf-8"><title>blank</title><script type="module" src="/blank.js"></script>\n');
  // Marks its first frame after load as the health page marks the frame after its findings (extension pages allow no inline script).
  writeFileSync(join(dir, 'blank.js'), `addEventListener('load', () => requestAnimationFrame(() => setTimeout(() => performance.measure('${BLANK_DRAWN}'), 0)));\n`);
  return dir;
}

function heldCounts(page: TestPage): Promise<ScaleBenchmark['held']> {
  return page.evaluate(async (keys) => {
    const api = (globalThis as { chrome?: unknown }).chrome as ExtensionApi;
    const [directory, harmonySite, civiCrm] = keys;
    const stored = (await api.storage.local.get(keys)) as Record<string, { data: unknown[] & { members: unknown[]; contacts: unknown[] } }>;
    return { volunteers: stored[directory!]!.data.length, members: stored[harmonySite!]!.data.members.length, contacts: stored[civiCrm!]!.data.contacts.length };
  }, CACHES);
}

/** Waits until the background has kept both sites' badge answers, which it works out from the index. */
async function waitForBadgeAnswers(page: TestPage): Promise<void> {
  await page.waitUntil(
    async (keys) => {
      const api = (globalThis as { chrome?: unknown }).chrome as ExtensionApi;
      const kept = await api.storage.session.get(keys);
      return keys.every((key) => kept[key]);
    },
    BADGE_ANSWER_KEYS,
    60_000,
  );
}

/**
 * Rebuilds the index REBUILDS times, each by a change to the manual links (an input of the index)
 * that concerns nobody, and returns how long each read of the inputs and each build took.
 */
async function rebuildIndex(browser: ExtensionBrowser, page: TestPage): Promise<{ read: number[]; build: number[] }> {
  const durations = (names: typeof MEASURES) => ({
    read: performance.getEntriesByName(names.peopleIndexRead).map((entry) => entry.duration),
    build: performance.getEntriesByName(names.peopleIndexBuild).map((entry) => entry.duration),
  });
  const before = (await browser.evaluateInBackground!(durations, MEASURES)).build.length;
  for (let rebuild = 1; rebuild <= REBUILDS; rebuild++) {
    await page.evaluate(async (links) => {
      const api = (globalThis as { chrome?: unknown }).chrome as ExtensionApi;
      await api.storage.local.set({ 'people.links': links });
    }, rebuild % 2 ? NO_ONE_KEPT_APART : []);
    const deadline = Date.now() + 30_000;
    while ((await browser.evaluateInBackground!(durations, MEASURES)).build.length < before + rebuild) {
      if (Date.now() > deadline) throw new Error('the background did not rebuild the people index');
      await pause(100);
    }
    await settled(browser, () => 0);
  }
  const all = await browser.evaluateInBackground!(durations, MEASURES);
  return { read: all.read.slice(before), build: all.build.slice(before) };
}

/**
 * Opens the blank page and the health page in turn, each in a new tab, HEALTH_ROUNDS times: the
 * two alternate so that whatever slows the machine for a while slows both alike.
 */
async function openHealthPages(browser: ExtensionBrowser): Promise<HealthPageBenchmark> {
  const result: HealthPageBenchmark = { findings: 0, drawnFindings: 0, opens: [], blankMs: [], backgroundBuildMs: [], backgroundAnswerMs: [] };
  for (let round = 0; round < HEALTH_ROUNDS; round++) {
    result.blankMs.push(await blankPageDrawnMs(browser));
    const { findings, drawnFindings, ...open } = await openHealthPage(browser);
    result.opens.push(open);
    [result.findings, result.drawnFindings] = [findings, drawnFindings];
  }
  const durations = (name: string) => browser.evaluateInBackground!((measure) => performance.getEntriesByName(measure).map((entry) => entry.duration), name);
  result.backgroundBuildMs = await durations(MEASURES.healthFindingsBuild);
  result.backgroundAnswerMs = await durations(MEASURES.healthReportAnswer);
  return result;
}

async function blankPageDrawnMs(browser: ExtensionBrowser): Promise<number> {
  const page = await browser.openExtensionPage(BLANK_PAGE);
  try {
    await page.waitUntil((name) => performance.getEntriesByName(name).length > 0, BLANK_DRAWN);
    return await page.evaluate((name) => performance.getEntriesByName(name)[0]!.duration, BLANK_DRAWN);
  } finally {
    await page.close();
  }
}

/** One open of the health page, read from its measures and what it shows. */
async function openHealthPage(browser: ExtensionBrowser): Promise<HealthPageOpen & { findings: number; drawnFindings: number }> {
  const page = await browser.openExtensionPage(HEALTH_PAGE);
  try {
    await page.waitUntil((names) => performance.getEntriesByName(names.drawn).length > 0, HEALTH_MEASURES, 60_000);
    return await page.evaluate((names) => {
      // The first ask is the one drawn; the page asks again once it watches.
      // (No named function in here: tsx would wrap it in a helper the page does not have.)
      const [asked, rendered, drawn] = [names.asked, names.rendered, names.drawn].map((name) => performance.getEntriesByName(name)[0]!);
      return {
        scriptStartMs: asked!.startTime,
        askMs: asked!.duration,
        renderMs: rendered!.duration,
        drawnMs: drawn!.duration,
        findings: Number(document.querySelector<HTMLElement>('.kind-option[data-kind="all"]')?.dataset.count ?? 0),
        drawnFindings: document.querySelectorAll('.finding').length,
      };
    }, HEALTH_MEASURES);
  } finally {
    await page.close();
  }
}

/** The service worker's used JS heap after a garbage collection, through DevTools' protocol. */
async function backgroundHeapMb(browser: ExtensionBrowser): Promise<number> {
  const tab = (await browser.openPage('about:blank')) as DriverTestPage;
  const page = tab.page as Page;
  const cdp = await page.context().newCDPSession(page);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const worker = targetInfos.find((target) => target.type === 'service_worker' && target.url.startsWith(browser.extensionOrigin));
    if (!worker) throw new Error('the extension service worker is not running');
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false });
    const inWorker = workerSession(cdp, sessionId);
    await inWorker('HeapProfiler.collectGarbage');
    const { usedSize } = (await inWorker('Runtime.getHeapUsage')) as { usedSize: number };
    await cdp.send('Target.detachFromTarget', { sessionId });
    return usedSize / 1e6;
  } finally {
    await cdp.detach().catch(() => undefined);
    await tab.close();
  }
}

/** Sends protocol commands to a target attached to without flattening, as Playwright's sessions are per page. */
function workerSession(cdp: CDPSession, sessionId: string): (method: string) => Promise<unknown> {
  let nextId = 1;
  const waiting = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    if (event.sessionId !== sessionId) return;
    const reply = JSON.parse(event.message) as { id?: number; result?: unknown; error?: unknown };
    const waiter = reply.id === undefined ? undefined : waiting.get(reply.id);
    if (reply.error) waiter?.reject(new Error(`${JSON.stringify(reply.error)}`));
    else waiter?.resolve(reply.result);
  });
  return (method) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) }).catch(reject);
    });
}

function storageBytesInUse(page: TestPage): Promise<ScaleBenchmark['bytesInUse']> {
  return page.evaluate(async () => {
    const api = (globalThis as { chrome?: unknown }).chrome as ExtensionApi & { storage: { session: { getBytesInUse(keys: null): Promise<number> } } };
    return { local: await api.storage.local.getBytesInUse(null), session: await api.storage.session.getBytesInUse(null) };
  });
}

/** Asks for one forced refresh, as the popup's Refresh does, and adds up what storage says was written until all is quiet. */
async function writesOfOneRefresh(browser: ExtensionBrowser, page: TestPage, sites: { requests(): unknown[]; reset(): void }[]): Promise<StorageWrites> {
  for (const site of sites) site.reset();
  await page.evaluate(() => {
    const api = (globalThis as { chrome?: unknown }).chrome as ExtensionApi;
    const record = { written: {} as Record<string, number>, changes: 0 };
    (globalThis as { descantWrites?: typeof record }).descantWrites = record;
    api.storage.onChanged.addListener((changes: Record<string, { newValue?: unknown }>, area: string) => {
      record.changes++;
      for (const [key, change] of Object.entries(changes)) {
        if (change.newValue === undefined) continue; // removed: nothing written
        const bytes = key.length + new TextEncoder().encode(JSON.stringify(change.newValue)).length;
        record.written[`${area}:${key}`] = (record.written[`${area}:${key}`] ?? 0) + bytes;
      }
    });
    void api.runtime.sendMessage({ type: 'refresh', force: true });
  });
  const record = () => page.evaluate(() => (globalThis as { descantWrites?: { written: Record<string, number>; changes: number } }).descantWrites!);
  await settled(browser, async () => sites.reduce((sum, site) => sum + site.requests().length, 0) + (await record()).changes, () => sites.every((site) => site.requests().length > 0));
  const { written } = await record();
  await page.goto(page.url()); // drops the listener
  return written;
}

/**
 * Waits until the background is done: for SETTLED_MS, `activity` (requests to the sites, storage
 * changes) has not moved and the service worker has answered at once each time it was asked, so
 * it had nothing queued. A worker busy matching people answers late.
 */
async function settled(browser: ExtensionBrowser, activity: () => number | Promise<number>, started: () => boolean = () => true): Promise<void> {
  let last = await activity();
  let lastActiveAt = Date.now();
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    await pause(250);
    const askedAt = Date.now();
    await browser.evaluateInBackground!(() => 0);
    const busy = Date.now() - askedAt > 100;
    const now = await activity();
    if (busy || now !== last || !started()) [last, lastActiveAt] = [now, Date.now()];
    else if (Date.now() - lastActiveAt > SETTLED_MS) return;
  }
  throw new Error('the background never settled');
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
