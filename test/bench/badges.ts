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
import { launchExtensionBrowser, type ExtensionBrowser } from '../e2e/harness';
import type { DriverTestPage } from '../e2e/harness/page';
import { refreshAndWait } from '../e2e/harness/extension-state';
import { signInOnPage, signInToThreeRings } from '../tools/three-rings-session';
import { HARMONYSITE_HOST, signInToHarmonySite } from '../tools/harmonysite-session';

export const VOLUNTEERS = 2_000;
const ROUNDS = Number(process.env.DESCANT_BENCH_ROUNDS ?? 11);
export const DIRECTORY = 'https://www.3r.org.uk/directory';
const DEBUG = Boolean(process.env.DESCANT_BENCH_DEBUG);

export interface BadgeBenchmark {
  volunteers: number;
  badges: number;
  withoutMs: number;
  withMs: number;
  ratio: number;
  /** The longest task our content script caused (see longestTaskOfOurs), over all rounds. */
  ourLongestTaskMs: number;
  /** For context: the longest main-thread task of any kind, median over rounds. */
  longestTaskWithoutMs: number;
  longestTaskWithMs: number;
  /** For reference, the same ratio for the least any badges can cost (see writeReferenceExtension). */
  referenceRatios: { plainText: number; shadowRoots: number };
  /** The same load right after the browser stopped Descant's background (DevTools' ServiceWorker.stopWorker). */
  coldMs: number;
  coldRatio: number;
  coldOurLongestTaskMs: number;
  /** Person links in the first viewport with their badge at the load event, of those that get one, warm and cold (medians). */
  firstViewportAtLoad: { warm: string; cold: string };
  /** Scrolling the loaded page top to bottom, with Descant and with the empty extension. */
  scrolling: { with: ScrollFrames; without: ScrollFrames };
  /** For reference: the one layout that follows adding boxes to the table once it is laid out (see layoutAfterLoad). */
  layoutAfterLoadMs: { one: number; twenty: number };
}

export interface ScrollFrames {
  frames: number;
  over50: number;
  longestMs: number;
}

export const SCROLL_ROUNDS = 3;

export async function runBadgeBenchmark(): Promise<BadgeBenchmark> {
  const threeRings = await startThreeRingsSimulator({ volunteerCount: VOLUNTEERS });
  const harmonySite = await startHarmonySiteSimulator({ volunteers: threeRings.data.volunteers });
  const hostMap = { 'www.3r.org.uk': threeRings.port, [HARMONYSITE_HOST]: harmonySite.port };
  const emptyExtension = writeEmptyExtension();
  const withDescant = await launchExtensionBrowser('chromium', { hostMap });
  const withoutDescant = await launchExtensionBrowser('chromium', { hostMap, extensionDir: emptyExtension });
  const plainText = writeReferenceExtension(false);
  const shadowRoots = writeReferenceExtension(true);
  const references = [
    await launchExtensionBrowser('chromium', { hostMap, extensionDir: plainText }),
    await launchExtensionBrowser('chromium', { hostMap, extensionDir: shadowRoots }),
  ];
  try {
    await signInToThreeRings(withDescant);
    for (const browser of [withoutDescant, ...references]) await (await signInOnPage(browser)).close();
    await signInToHarmonySite(withDescant, HARMONYSITE_DEMO_USERNAME, HARMONYSITE_DEMO_PASSWORD);
    // Every measured load reads the cache.
    await refreshAndWait(withDescant, ['threeRings.directory', 'harmonySite.data'], 30_000);

    const without: number[] = [];
    const withBadges: number[] = [];
    let badges = 0;
    let ourLongestTaskMs = 0;
    const longestWithout: number[] = [];
    const longestWith: number[] = [];
    const referenceTimes: number[][] = [[], []];
    const cold: number[] = [];
    let coldOurLongestTaskMs = 0;
    const viewportWarm: number[][] = [];
    const viewportCold: number[][] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const [index, browser] of references.entries()) referenceTimes[index]!.push((await loadDirectory(browser, true)).doneMs);
      const plain = await loadDirectory(withoutDescant, false);
      without.push(plain.doneMs);
      longestWithout.push(plain.tasks.longestTaskMs);
      const run = await loadDirectory(withDescant, true);
      withBadges.push(run.doneMs);
      longestWith.push(run.tasks.longestTaskMs);
      badges = run.badges;
      ourLongestTaskMs = Math.max(ourLongestTaskMs, run.tasks.ourLongestMs);
      viewportWarm.push(run.firstViewport);
      await withDescant.restartBackground();
      const coldRun = await loadDirectory(withDescant, true);
      cold.push(coldRun.doneMs);
      coldOurLongestTaskMs = Math.max(coldOurLongestTaskMs, coldRun.tasks.ourLongestMs);
      viewportCold.push(coldRun.firstViewport);
    }
    const scrolls = { with: [] as ScrollFrames[], without: [] as ScrollFrames[] };
    for (let round = 0; round < SCROLL_ROUNDS; round++) {
      scrolls.without.push(await scrollDirectory(withoutDescant, false));
      scrolls.with.push(await scrollDirectory(withDescant, true));
    }
    const layoutAfterLoadMs = await layoutAfterLoad(withoutDescant);
    const inViewport = (counts: number[][]) => `${median(counts.map((count) => count[0]!))} of ${median(counts.map((count) => count[1]!))}`;
    const withoutMs = median(without);
    const withMs = median(withBadges);
    return {
      volunteers: VOLUNTEERS,
      badges,
      withoutMs,
      withMs,
      ratio: withMs / withoutMs,
      ourLongestTaskMs,
      longestTaskWithoutMs: median(longestWithout),
      longestTaskWithMs: median(longestWith),
      referenceRatios: { plainText: median(referenceTimes[0]!) / withoutMs, shadowRoots: median(referenceTimes[1]!) / withoutMs },
      coldMs: median(cold),
      coldRatio: median(cold) / withoutMs,
      coldOurLongestTaskMs,
      firstViewportAtLoad: { warm: inViewport(viewportWarm), cold: inViewport(viewportCold) },
      scrolling: { with: worstScroll(scrolls.with), without: worstScroll(scrolls.without) },
      layoutAfterLoadMs,
    };
  } finally {
    await withDescant.close();
    await withoutDescant.close();
    for (const browser of references) await browser.close();
    for (const dir of [plainText, shadowRoots]) rmSync(dir, { recursive: true, force: true });
    await threeRings.close();
    await harmonySite.close();
    rmSync(emptyExtension, { recursive: true, force: true });
  }
}

/**
 * Loads the directory; with Descant, waits until the badges have stopped arriving. Times come
 * from the trace, so nothing of ours runs in the page to take them: from the request for the
 * page to its load event or, if a badge changed after it, to the first paint after the last change.
 */
async function loadDirectory(browser: ExtensionBrowser, expectBadges: boolean) {
  const testPage = (await browser.openPage('about:blank')) as DriverTestPage;
  const page = testPage.page as Page;
  const cdp = await page.context().newCDPSession(page);
  const faces = await watchFaces(cdp);
  // Both loads are traced, so the tracing costs each the same.
  const trace = await startTrace(cdp);
  try {
    await page.goto(DIRECTORY, { waitUntil: 'load' });
    const atLoad = await faces.atLoad();
    const badges = expectBadges ? await waitForBadgesToSettle(page) : 0;
    const settled = await faces.now();
    const lastChangeAfterLoadMs = await faces.lastChangeAfterLoadMs();
    if (DEBUG && expectBadges) console.log(`  faces drawn on the whole page: ${await faces.allDrawn()} of ${badges} badges; last change ${lastChangeAfterLoadMs.toFixed(0)} ms after load`);
    const events = await trace.stop();
    return {
      doneMs: doneAfterRequest(events, lastChangeAfterLoadMs),
      badges,
      firstViewport: [atLoad, settled],
      tasks: longestTaskOfOurs(events, expectBadges ? 'with Descant' : 'without'),
    };
  } finally {
    await cdp.detach().catch(() => undefined);
    await testPage.close();
  }
}

/**
 * Counts the person links in the first viewport whose badge has its face drawn: at the load
 * event, and now; and tells when a badge last changed after the load event (a slot or face going
 * in). Faces are in closed shadow roots, so all this is done from the content script's own world
 * (Chromium gives it `chrome.dom.openOrClosedShadowRoot`), by a listener put there as soon as that
 * world exists. A reference extension's world serves as well; the empty one has none (no change).
 */
async function watchFaces(cdp: CDPSession) {
  // A full badge's face has its own host inside the badge's slot; a compact one is on the host.
  const drawn = String.raw`((host) => host && chrome.dom.openOrClosedShadowRoot(host.firstElementChild ?? host)?.querySelector('.badge'))`;
  const count = String.raw`(() => [...document.querySelectorAll('a[href^="/directory/"]')].filter((link) => {
    const host = link.nextElementSibling;
    return link.getBoundingClientRect().top < innerHeight && host?.hasAttribute('data-descant-badge') && ${drawn}(host);
  }).length)`;
  // After the load event the page is still: every change then is a badge's.
  const atLoad = String.raw`addEventListener('load', () => {
    globalThis.descantBenchAtLoad = ${count}();
    const loadedAt = performance.now();
    globalThis.descantBenchLastChange = 0;
    new MutationObserver(() => (globalThis.descantBenchLastChange = performance.now() - loadedAt)).observe(document, { childList: true, subtree: true });
  }, { once: true })`;
  const listening: Promise<number | undefined>[] = [];
  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    if (context.auxData?.type !== 'isolated' || !context.origin.startsWith('chrome-extension://')) return;
    listening.push(cdp.send('Runtime.evaluate', { expression: atLoad, contextId: context.id }).then(() => context.id, () => undefined));
  });
  await cdp.send('Runtime.enable');
  const evaluate = async (expression: string) => {
    const contextId = (await Promise.all(listening)).findLast((id) => id !== undefined);
    if (contextId === undefined) return 0;
    const { result } = await cdp.send('Runtime.evaluate', { expression, contextId, returnByValue: true });
    return (result.value as number | undefined) ?? 0;
  };
  const allDrawn = String.raw`[...document.querySelectorAll('[data-descant-badge]')].filter(${drawn}).length`;
  return {
    atLoad: () => evaluate('globalThis.descantBenchAtLoad'),
    now: () => evaluate(`${count}()`),
    allDrawn: () => evaluate(allDrawn),
    lastChangeAfterLoadMs: () => evaluate('globalThis.descantBenchLastChange'),
  };
}

/**
 * Scrolls the loaded directory from top to bottom, 200 px a frame, as a quick flick of the wheel
 * would, and times each frame from the page (the same script in both browsers, so it costs both
 * the same). With Descant, faces are drawn as their rows come near: that is the work measured.
 */
async function scrollDirectory(browser: ExtensionBrowser, expectBadges: boolean): Promise<ScrollFrames> {
  const testPage = (await browser.openPage('about:blank')) as DriverTestPage;
  const page = testPage.page as Page;
  try {
    await page.goto(DIRECTORY, { waitUntil: 'load' });
    if (expectBadges) await waitForBadgesToSettle(page);
    // As text: the test's compiler would name the inner function with a helper the page lacks.
    const gaps = (await page.evaluate(String.raw`new Promise((done) => {
      const frames = [];
      let last = performance.now();
      requestAnimationFrame(function step(now) {
        frames.push(now - last);
        last = now;
        if (scrollY + innerHeight >= document.documentElement.scrollHeight - 1) return done(frames.slice(1));
        scrollBy(0, 200);
        requestAnimationFrame(step);
      });
    })`)) as number[];
    return { frames: gaps.length, over50: gaps.filter((gap) => gap > 50).length, longestMs: Math.max(...gaps) };
  } finally {
    await testPage.close();
  }
}

/** The round with the most long frames (then the longest frame): scrolling is judged by its worst. */
function worstScroll(rounds: ScrollFrames[]): ScrollFrames {
  return [...rounds].sort((a, b) => b.over50 - a.over50 || b.longestMs - a.longestMs)[0]!;
}

/**
 * Why badges go in while the page is parsed: once the table is laid out, adding a fixed-size,
 * contained box to one row is cheap, but adding one to twenty rows lays the whole table out
 * again (its columns may widen). Measured on the page without Descant: the forced layout right
 * after adding the boxes, median of three loads each.
 */
async function layoutAfterLoad(browser: ExtensionBrowser): Promise<{ one: number; twenty: number }> {
  const layoutAfter = async (count: number) => {
    const times: number[] = [];
    for (let round = 0; round < 3; round++) {
      const testPage = (await browser.openPage('about:blank')) as DriverTestPage;
      const page = testPage.page as Page;
      try {
        await page.goto(DIRECTORY, { waitUntil: 'load' });
        const ms = await page.evaluate((count) => {
          void document.body.offsetHeight;
          for (const link of [...document.querySelectorAll('a[href^="/directory/"]')].slice(0, count)) {
            const box = document.createElement('span');
            box.style.cssText = 'display:inline-block;position:relative;contain:strict;block-size:24px;inline-size:90px;vertical-align:middle;margin-left:4px';
            link.after(box);
          }
          const start = performance.now();
          void document.body.offsetHeight;
          return performance.now() - start;
        }, count);
        times.push(ms);
      } finally {
        await testPage.close();
      }
    }
    return median(times);
  };
  return { one: await layoutAfter(1), twenty: await layoutAfter(20) };
}

/** Waits until the number of badges has not changed for a second, and returns it. */
async function waitForBadgesToSettle(page: Page): Promise<number> {
  let last = -1;
  let since = Date.now();
  for (;;) {
    const count = await page.evaluate(() => document.querySelectorAll('[data-descant-badge]').length);
    if (count !== last) [last, since] = [count, Date.now()];
    else if (count > 0 && Date.now() - since > 1_000) return count;
    if (Date.now() - since > 60_000) throw new Error(`badges never settled (${count})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function doneAfterRequest(events: TraceEvent[], lastChangeAfterLoadMs: number): number {
  const request = events.find((event) => event.name === 'ResourceSendRequest' && event.args?.data?.url === DIRECTORY);
  const mainThread = events.find((event) => event.name === 'ParseHTML')?.tid;
  const loaded = events.find((event) => event.name === 'MarkLoad' && event.tid === mainThread);
  if (!request || !loaded) throw new Error('the trace has no request or load event for the directory');
  if (lastChangeAfterLoadMs <= 0) return (loaded.ts - request.ts) / 1000;
  const changedAt = loaded.ts + lastChangeAfterLoadMs * 1000;
  const paintAfter = events.filter((event) => event.name === 'Paint' && event.tid === mainThread && event.ts >= changedAt).sort((a, b) => a.ts - b.ts)[0];
  return ((paintAfter ? paintAfter.ts + (paintAfter.dur ?? 0) : changedAt) - request.ts) / 1000;
}

const isOurs = (event: TraceEvent) => (event.args?.data?.url ?? event.args?.data?.scriptName ?? '').startsWith('chrome-extension://');

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
 * The longest main-thread task our content script caused. It starts before the page is parsed
 * and badges rows as the parser adds them, so the page's own parsing and layout tasks (over
 * 100 ms on this table, with or without us) carry a little of our work each; for those, our
 * part is the time our script ran in them. Once the page has loaded it is still, so a task in
 * which our script ran is ours, whole, and so is the first rendering after it (the layout our
 * badges cause). The bench's own probes after load (scripts with no address) are not ours.
 */
function longestTaskOfOurs(events: TraceEvent[], label: string): { ourLongestMs: number; longestTaskMs: number } {
  const mainThread = events.find((event) => event.name === 'ParseHTML')?.tid;
  const tasks = events.filter((event) => event.name === 'RunTask' && event.tid === mainThread && event.dur !== undefined).sort((a, b) => a.ts - b.ts);
  const loaded = events.find((event) => event.name === 'MarkLoad' && event.tid === mainThread)?.ts ?? Infinity;
  const ourScript = outermost(events.filter((event) => event.tid === mainThread && event.ph === 'X' && event.dur !== undefined && isOurs(event)));
  const renderings = events.filter((event) => event.tid === mainThread && (event.name === 'Layout' || event.name === 'Paint'));
  const within = (task: TraceEvent, list: TraceEvent[]) => list.filter((event) => event.ts >= task.ts && event.ts < task.ts + task.dur!);
  let ourLongestMs = 0;
  let ourChangeToRender = false;
  for (const task of tasks) {
    const scriptMs = within(task, ourScript).reduce((sum, event) => sum + event.dur! / 1000, 0);
    if (task.ts < loaded) {
      ourLongestMs = Math.max(ourLongestMs, scriptMs);
    } else if (scriptMs > 0) {
      ourLongestMs = Math.max(ourLongestMs, task.dur! / 1000);
      ourChangeToRender = within(task, renderings).length === 0;
    } else if (ourChangeToRender && within(task, renderings).length > 0) {
      ourLongestMs = Math.max(ourLongestMs, task.dur! / 1000);
      ourChangeToRender = false;
    }
  }
  if (DEBUG) printLongestTasks(events, tasks, label);
  if (DEBUG) printTimeline(events, mainThread, ourScript);
  if (DEBUG) printLongestTasks(events, tasks.filter((task) => task.ts >= loaded && task.dur! > 20_000), `${label}, after load`);
  return { ourLongestMs, longestTaskMs: Math.max(0, ...tasks.map((task) => task.dur! / 1000)) };
}

/** Events not inside another of the same list. */
function outermost(events: TraceEvent[]): TraceEvent[] {
  const sorted = [...events].sort((a, b) => a.ts - b.ts);
  const kept: TraceEvent[] = [];
  for (const event of sorted) {
    const last = kept.at(-1);
    if (!last || event.ts >= last.ts + last.dur!) kept.push(event);
  }
  return kept;
}

/** With DESCANT_BENCH_DEBUG=1: when the parser, layouts, our script and load happened. */
function printTimeline(events: TraceEvent[], mainThread: number | undefined, ourScript: TraceEvent[]): void {
  const start = events.find((event) => event.name === 'ParseHTML' && event.tid === mainThread)?.ts ?? 0;
  const rows = events
    .filter((event) => event.tid === mainThread && (['ParseHTML', 'Layout', 'MarkLoad', 'MarkDOMContent'].includes(event.name) || ourScript.includes(event)))
    .filter((event) => event.name !== 'ParseHTML' || (event.dur ?? 0) > 2000)
    .map((event) => `${((event.ts - start) / 1000).toFixed(0)}${event.dur ? `+${(event.dur / 1000).toFixed(0)}` : ''} ${ourScript.includes(event) ? 'OURS ' : ''}${event.name}`);
  console.log(`  timeline (ms after parsing began): ${rows.join(' | ')}`);
  const loaded = events.find((event) => event.name === 'MarkLoad' && event.tid === mainThread)?.ts ?? Infinity;
  const totals = new Map<string, number>();
  for (const task of events.filter((event) => event.name === 'RunTask' && event.tid === mainThread && event.ts >= start && event.ts < loaded)) {
    for (const event of events) {
      if (event.tid !== mainThread || event.ph !== 'X' || event === task || event.ts < task.ts || event.ts + (event.dur ?? 0) > task.ts + task.dur!) continue;
      if (!['ParseHTML', 'Layout', 'UpdateLayoutTree', 'PrePaint', 'Paint', 'MinorGC', 'MajorGC', 'FunctionCall', 'EvaluateScript', 'RunMicrotasks', 'FireAnimationFrame', 'Commit', 'Layerize'].includes(event.name)) continue;
      totals.set(event.name, (totals.get(event.name) ?? 0) + event.dur! / 1000);
    }
    totals.set('(tasks)', (totals.get('(tasks)') ?? 0) + task.dur! / 1000);
  }
  console.log(`  totals to load: ${[...totals].map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join(', ')}`);
}

/** With DESCANT_BENCH_DEBUG=1: what the three longest tasks spent their time on. */
function printLongestTasks(events: TraceEvent[], tasks: TraceEvent[], label: string): void {
  for (const task of [...tasks].sort((a, b) => b.dur! - a.dur!).slice(0, 3)) {
    const inside = events.filter((event) => event.tid === task.tid && event.ph === 'X' && event !== task && event.ts >= task.ts && event.ts + (event.dur ?? 0) <= task.ts + task.dur!);
    const byName = new Map<string, number>();
    for (const event of inside) byName.set(event.name, (byName.get(event.name) ?? 0) + (event.dur ?? 0) / 1000);
    const parts = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([name, ms]) => `${name} ${ms.toFixed(1)}`);
    console.log(`${label}: task ${(task.dur! / 1000).toFixed(1)} ms: ${parts.join(', ')}`);
  }
}

/**
 * The least any badges can cost, for reference: a content script that, the way ours does, starts
 * before parsing and looks once per frame, and puts a fixed text after about three in four
 * directory links (as many as Descant badges here), with no data to ask for, no styles and no
 * card; either as plain text in a <span>, or in a shadow root per badge as isolation needs.
 */
function writeReferenceExtension(shadowRoots: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'descant-reference-extension-'));
  const contentScripts = [{ matches: ['https://www.3r.org.uk/*'], js: ['badges.js'], run_at: 'document_start' }];
  const manifest = { manifest_version: 3, name: 'Reference', version: '1.0', background: { service_worker: 'background.js' }, content_scripts: contentScripts };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'background.js'), '');
  const draw = shadowRoots ? "badge.attachShadow({ mode: 'open' }).append('Alto 2 · Active');" : "badge.textContent = 'Alto 2 · Active';";
  writeFileSync(
    join(dir, 'badges.js'),
    String.raw`const links = document.getElementsByTagName('a');
let seen = 0;
function look() {
  for (; seen < links.length; seen++) {
    const match = /\/directory\/(\d+)$/.exec(links[seen].href);
    if (!match || Number(match[1]) % 4 === 0) continue;
    const badge = document.createElement('span');
    badge.setAttribute('data-descant-badge', '');
    ${draw}
    links[seen].after(badge);
  }
}
function frame() {
  look();
  if (document.readyState === 'loading') requestAnimationFrame(frame);
}
frame();
document.addEventListener('DOMContentLoaded', look);
`,
  );
  return dir;
}

/** An extension with nothing in it, so both browsers start the same way. */
function writeEmptyExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), 'descant-empty-extension-'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'Empty', version: '1.0', background: { service_worker: 'background.js' } }));
  writeFileSync(join(dir, 'background.js'), '');
  return dir;
}

