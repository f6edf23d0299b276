/**
 * The badge benchmark, in real Chromium: a Three Rings directory of 2,000 volunteers, loaded
 * with Descant until every badge is on, against the same page in a browser with an empty
 * extension, in one run; and the longest main-thread task once our content script has started.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { startThreeRingsSimulator } from '../simulators/three-rings/server';
import { HARMONYSITE_DEMO_PASSWORD, HARMONYSITE_DEMO_USERNAME, startHarmonySiteSimulator } from '../simulators/harmonysite/server';
import { median } from './stats';
import { launchExtensionBrowser, type ExtensionApi, type ExtensionBrowser } from '../e2e/harness';
import type { DriverTestPage } from '../e2e/harness/page';
import { signInOnPage, signInToThreeRings } from '../tools/three-rings-session';
import { HARMONYSITE_HOST, signInToHarmonySite } from '../tools/harmonysite-session';

const VOLUNTEERS = 2_000;
const ROUNDS = 7;
const DIRECTORY = 'https://www.3r.org.uk/directory';

export interface BadgeBenchmark {
  volunteers: number;
  badges: number;
  withoutMs: number;
  withMs: number;
  ratio: number;
  longestTaskMs: number;
}

/** Records, in the page itself, when the last badge arrived. */
const RECORD_BADGES = `
  window.__badges = { count: 0, lastAt: 0 };
  new MutationObserver((mutations) => {
    for (const mutation of mutations) for (const node of mutation.addedNodes) {
      if (node.nodeType === 1 && node.hasAttribute('data-descant-badge')) { window.__badges.count++; window.__badges.lastAt = performance.now(); }
    }
  }).observe(document, { childList: true, subtree: true });`;

export async function runBadgeBenchmark(): Promise<BadgeBenchmark> {
  const threeRings = await startThreeRingsSimulator({ volunteerCount: VOLUNTEERS });
  const harmonySite = await startHarmonySiteSimulator({ volunteers: threeRings.data.volunteers });
  const hostMap = { 'www.3r.org.uk': threeRings.port, [HARMONYSITE_HOST]: harmonySite.port };
  const emptyExtension = writeEmptyExtension();
  const withDescant = await launchExtensionBrowser('chromium', { hostMap });
  const withoutDescant = await launchExtensionBrowser('chromium', { hostMap, extensionDir: emptyExtension });
  try {
    await signInToThreeRings(withDescant);
    await (await signInOnPage(withoutDescant)).close();
    await signInToHarmonySite(withDescant, HARMONYSITE_DEMO_USERNAME, HARMONYSITE_DEMO_PASSWORD);
    await fillCaches(withDescant);

    const without: number[] = [];
    const withBadges: number[] = [];
    let badges = 0;
    let longestTaskMs = 0;
    for (let round = 0; round < ROUNDS; round++) {
      without.push((await loadDirectory(withoutDescant, false)).doneMs);
      const run = await loadDirectory(withDescant, true);
      withBadges.push(run.doneMs);
      badges = run.badges;
      longestTaskMs = Math.max(longestTaskMs, run.longestTaskMs);
    }
    const withoutMs = median(without);
    const withMs = median(withBadges);
    return { volunteers: VOLUNTEERS, badges, withoutMs, withMs, ratio: withMs / withoutMs, longestTaskMs };
  } finally {
    await withDescant.close();
    await withoutDescant.close();
    await threeRings.close();
    await harmonySite.close();
    rmSync(emptyExtension, { recursive: true, force: true });
  }
}

/** Loads the directory; with Descant, waits until the badges have stopped arriving. */
async function loadDirectory(browser: ExtensionBrowser, expectBadges: boolean) {
  const testPage = (await browser.openPage('about:blank')) as DriverTestPage;
  const page = testPage.page as Page;
  await page.addInitScript(RECORD_BADGES);
  const cdp = await page.context().newCDPSession(page);
  const trace = expectBadges ? await startTrace(cdp) : undefined;
  try {
    await page.goto(DIRECTORY, { waitUntil: 'load' });
    if (expectBadges) await waitForBadgesToSettle(page);
    const timing = await page.evaluate(() => ({
      loadEnd: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
      ...(window as unknown as { __badges: { count: number; lastAt: number } }).__badges,
    }));
    return {
      doneMs: Math.max(timing.loadEnd, timing.lastAt),
      badges: timing.count,
      longestTaskMs: trace ? longestTaskAfterOurScript(await trace.stop()) : 0,
    };
  } finally {
    await cdp.detach().catch(() => undefined);
    await testPage.close();
  }
}

async function waitForBadgesToSettle(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const state = (window as unknown as { __badges: { count: number; lastAt: number } }).__badges;
      return state.count > 0 && performance.now() - state.lastAt > 1_000;
    },
    undefined,
    { timeout: 60_000, polling: 100 },
  );
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tid: number;
  args?: { data?: { url?: string; scriptName?: string } };
}

async function startTrace(cdp: CDPSession) {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'] },
  });
  return {
    async stop(): Promise<TraceEvent[]> {
      const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await complete;
      return events;
    },
  };
}

/**
 * The longest task on the page's main thread from the first moment our content script ran:
 * our own script work and the style, layout and paint our badges cause, whichever task they
 * fall in. (The page itself is static, so after that point the work is ours.)
 */
function longestTaskAfterOurScript(events: TraceEvent[]): number {
  const ours = events.filter((event) => (event.args?.data?.url ?? event.args?.data?.scriptName ?? '').startsWith('chrome-extension://'));
  if (ours.length === 0) return 0;
  const mainThread = ours[0]!.tid;
  const firstOurs = Math.min(...ours.map((event) => event.ts));
  const tasks = events.filter((event) => event.name === 'RunTask' && event.tid === mainThread && event.dur !== undefined && event.ts + event.dur! >= firstOurs);
  if (process.env.DESCANT_BENCH_DEBUG) {
    for (const task of [...tasks].sort((a, b) => b.dur! - a.dur!).slice(0, 3)) {
      const inside = events.filter((event) => event.tid === mainThread && event.ph === 'X' && event !== task && event.ts >= task.ts && event.ts + (event.dur ?? 0) <= task.ts + task.dur!);
      const byName = new Map<string, number>();
      for (const event of inside) byName.set(event.name, (byName.get(event.name) ?? 0) + (event.dur ?? 0) / 1000);
      console.log(`task ${(task.dur! / 1000).toFixed(1)} ms:`, [...byName].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([name, ms]) => `${name} ${ms.toFixed(1)}`).join(', '));
    }
  }
  return Math.max(0, ...tasks.map((task) => task.dur! / 1000));
}

/** Fetches the directory, shifts and members once, so every measured load reads the cache. */
async function fillCaches(browser: ExtensionBrowser): Promise<void> {
  const page = await browser.openExtensionPage('options.html');
  try {
    await page.evaluate(async () => {
      const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi;
      await api.runtime.sendMessage({ type: 'refresh', force: true });
      for (let tries = 0; tries < 300; tries++) {
        const stored = await api.storage.local.get(['threeRings.directory', 'harmonySite.data']);
        if (stored['threeRings.directory'] && stored['harmonySite.data']) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('the caches were never filled');
    });
  } finally {
    await page.close();
  }
}

/** An extension with nothing in it, so both browsers start the same way. */
function writeEmptyExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), 'descant-empty-extension-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'Empty', version: '1.0', background: { service_worker: 'background.js' } }));
  writeFileSync(join(dir, 'background.js'), '');
  return dir;
}

