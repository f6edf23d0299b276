/**
 * `npm run bench`, in real Chromium, each speed as a ratio against a baseline measured in the
 * same run (these machines are noisy):
 * - how fast the popup shows cached shifts, against an empty page of the same extension, and how
 *   many requests a popup open sends when the cache is warm;
 * - badges on a 2,000-volunteer directory, against the page with an empty extension, and scrolling it (badges.ts);
 *   its load ratio in Firefox ESR too (firefox-directory.ts);
 * - how well people are matched across Three Rings and HarmonySite (people/evaluate.ts);
 * - how soon the popup follows a song change on the OnSong iPad, and its requests per minute (onsong.ts);
 * - how long a CiviCRM read takes through each API, and how well contacts are joined (civicrm.ts);
 * - at a large choir's scale, the people index's build time, the background's heap and the
 *   bytes stored and written per refresh, and the data health page's build and draw against an
 *   empty page of the same extension (scale.ts).
 *
 * `npm run bench -- onsong` (or popup, badges, matching, civicrm, scale) runs only the sections named.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startThreeRingsSimulator } from '../simulators/three-rings/server';
import { signInToThreeRings } from '../tools/three-rings-session';
import { median } from './stats';
import { launchExtensionBrowser, type ExtensionBrowser } from '../e2e/harness';
import { CHROMIUM, FIREFOX, ensureBrowsers } from '../tools/browsers';
import { buildExtension } from '../tools/build';
import { runBadgeBenchmark, SCROLL_ROUNDS, type ScrollFrames } from './badges';
import { evaluateMatching } from './people/evaluate';
import { runOnSongBenchmark } from './onsong';
import { runCiviCrmBenchmark } from './civicrm';
import { runFirefoxDirectoryBenchmark } from './firefox-directory';
import { runScaleBenchmark, type HealthPageBenchmark, type HealthPageOpen, type StorageWrites } from './scale';

const ROUNDS = 31;
const WARM_OPENS = 10;

const SECTIONS = ['popup', 'badges', 'matching', 'onsong', 'civicrm', 'scale'] as const;
type Section = (typeof SECTIONS)[number];

/** `npm run bench -- badges matching` runs only those sections; no argument runs them all. */
const chosen = process.argv.slice(2).filter((arg) => (SECTIONS as readonly string[]).includes(arg)) as Section[];
const runs = (section: Section) => chosen.length === 0 || chosen.includes(section);

if (runs('popup') || runs('badges') || runs('onsong') || runs('civicrm') || runs('scale')) {
  if (!ensureBrowsers(runs('badges') ? [CHROMIUM, FIREFOX] : [CHROMIUM])) process.exit(1);
  buildExtension(runs('badges') ? ['chrome', 'firefox'] : ['chrome']);
}
if (runs('popup')) await benchPopup();
if (runs('badges')) await benchBadges();
if (runs('matching')) benchMatching();
if (runs('onsong')) await benchOnSong();
if (runs('civicrm')) await benchCiviCrm();
if (runs('scale')) await benchScale();

async function benchPopup(): Promise<void> {
  // The extension as built, plus one empty page to measure against and, for reference, the least
  // a page drawn by script can cost: one module script that adds one line of text.
  const extensionDir = mkdtempSync(join(tmpdir(), 'descant-bench-'));
  cpSync('.output/chrome-mv3', extensionDir, { recursive: true });
  writeFileSync(join(extensionDir, 'blank.html'), '<!doctype html><meta charset="utf-8"><title>blank</title><p>Descant</p>\n');
  writeFileSync(
    join(extensionDir, 'scripted.html'),
    '<!doctype html><meta charset="utf-8"><title>scripted</title><body><script type="module" src="/scripted.js"></script>\n',
  );
  writeFileSync(join(extensionDir, 'scripted.js'), 'document.body.append(Object.assign(document.createElement("p"), { textContent: "Descant" }));\n');

  const sim = await startThreeRingsSimulator();
  const browser = await launchExtensionBrowser('chromium', { hostMap: { 'www.3r.org.uk': sim.port }, extensionDir });
  try {
    await signInToThreeRings(browser);
    // Fills the cache, and stays open as a member would, long enough for the popup to keep its frame.
    await paintTime(browser, 'popup.html', '.my-shifts .shift', 2_000);
    if (!(await firstRenderHasShifts(browser))) throw new Error('the popup did not show cached shifts in its first render');

    // The popup's live code (storage with its zod schemas, messaging) loads after its first frame.
    const liveChunk = `/chunks/${readdirSync(join(extensionDir, 'chunks')).find((name) => name.startsWith('live-'))}`;
    const blank: number[] = [];
    const scripted: number[] = [];
    const popup: number[] = [];
    const oneLineImport: number[] = [];
    const liveImport: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      blank.push(await paintTime(browser, 'blank.html'));
      scripted.push(await paintTime(browser, 'scripted.html'));
      popup.push(await paintTime(browser, 'popup.html'));
      oneLineImport.push(await importTime(browser, '/scripted.js'));
      liveImport.push(await importTime(browser, liveChunk));
    }

    sim.reset();
    for (let open = 0; open < WARM_OPENS; open++) {
      const page = await browser.openExtensionPage('popup.html');
      await page.waitFor('.my-shifts .shift');
      await page.waitFor('.updated', { text: /Updated/ }); // its refresh check has finished
      await page.close();
    }
    const requestsPerOpen = sim.requests().length / WARM_OPENS;

    console.log(`\nDescant popup benchmark (Chromium, ${ROUNDS} rounds, medians)`);
    console.log(`  empty extension page, first paint:      ${median(blank).toFixed(1)} ms`);
    console.log(`  one-line scripted page, first paint:    ${median(scripted).toFixed(1)} ms  (the floor for anything drawn by script)`);
    console.log(`  popup, first shift painted from cache:  ${median(popup).toFixed(1)} ms`);
    console.log(`  ratio popup / one-line scripted page:   ${(median(popup) / median(scripted)).toFixed(2)}  (target ≤ 1.2)`);
    console.log(`  ratio popup / empty page:               ${(median(popup) / median(blank)).toFixed(2)}  (scripted page / empty page: ${(median(scripted) / median(blank)).toFixed(2)})`);
    console.log(`  requests per popup open, warm cache:    ${requestsPerOpen}  (target 0)`);
    console.log(`  after the first frame, loading the live code (storage, schemas, messaging): ${median(liveImport).toFixed(1)} ms, a one-line module ${median(oneLineImport).toFixed(1)} ms`);
  } finally {
    await browser.close();
    await sim.close();
    rmSync(extensionDir, { recursive: true, force: true });
  }
}

async function benchBadges(): Promise<void> {
  const badges = await runBadgeBenchmark();
  console.log(`\nBadges on a Three Rings directory of ${badges.volunteers} volunteers (Chromium, medians)`);
  console.log(`  page load, empty extension:              ${badges.withoutMs.toFixed(1)} ms`);
  console.log(`  page load plus ${badges.badges} badges, Descant:   ${badges.withMs.toFixed(1)} ms`);
  console.log(`  ratio:                                   ${badges.ratio.toFixed(2)}  (target ≤ 1.10)`);
  console.log(`  longest main-thread task our content script caused: ${badges.ourLongestTaskMs.toFixed(1)} ms  (target < 50)`);
  console.log(
    `  for reference, the least any badges can cost (a fixed text after as many links, no data, no styles): ${badges.referenceRatios.plainText.toFixed(2)} as plain text, ${badges.referenceRatios.shadowRoots.toFixed(2)} in a shadow root each`,
  );
  console.log(
    `  for reference, the page's own longest task: ${badges.longestTaskWithoutMs.toFixed(1)} ms without Descant, ${badges.longestTaskWithMs.toFixed(1)} ms with it (medians)`,
  );
  console.log(`  cold, the background stopped first:     ${badges.coldMs.toFixed(1)} ms, ratio ${badges.coldRatio.toFixed(2)}  (target ≤ 1.10); longest task of ours ${badges.coldOurLongestTaskMs.toFixed(1)} ms`);
  console.log(`  first-viewport people with their badge at the load event: warm ${badges.firstViewportAtLoad.warm}, cold ${badges.firstViewportAtLoad.cold}  (target: all)`);
  const scroll = (frames: ScrollFrames) => `${frames.over50} of ${frames.frames} frames over 50 ms, longest ${frames.longestMs.toFixed(0)} ms`;
  console.log(`  scrolling the whole page, 200 px a frame (worst of ${SCROLL_ROUNDS} rounds): with Descant ${scroll(badges.scrolling.with)}; empty extension ${scroll(badges.scrolling.without)}`);
  console.log(
    `  for reference, adding boxes to the table once it is laid out: one layout of ${badges.layoutAfterLoadMs.one.toFixed(1)} ms after one box, ${badges.layoutAfterLoadMs.twenty.toFixed(1)} ms after twenty (why badges go in while the page is parsed)`,
  );
  const firefox = await runFirefoxDirectoryBenchmark();
  console.log(`\nThe same directory in Firefox ESR (timed from the page: no trace over WebDriver BiDi; medians)`);
  console.log(`  page load, empty add-on:                 ${firefox.withoutMs.toFixed(1)} ms`);
  console.log(`  page load plus ${firefox.badges} badges, Descant:   ${firefox.withMs.toFixed(1)} ms (${firefox.badgesAtLoad} of them in at the load event)`);
  console.log(`  ratio:                                   ${firefox.ratio.toFixed(2)}  (target ≤ 1.10)`);
}

function benchMatching(): void {
  console.log(`\nPeople matching on generated rosters (seeds 1–5)`);
  for (let seed = 1; seed <= 5; seed++) {
    const result = evaluateMatching(seed);
    console.log(
      `  seed ${seed}: ${result.people} people, ${result.truePairs} true pairs, ${result.links} links: precision ${result.precision.toFixed(3)} (≥ 0.99), recall ${result.recall.toFixed(3)} (≥ 0.95), ${result.ms.toFixed(0)} ms`,
    );
  }
}

async function benchOnSong(): Promise<void> {
  const result = await runOnSongBenchmark();
  console.log(`\nOnSong: from a song change on the iPad to the popup showing it (Chromium, ${result.changes} changes)`);
  console.log(`  median: ${result.medianMs.toFixed(0)} ms  (target ≤ 1000), worst: ${result.worstMs.toFixed(0)} ms`);
  console.log(`  requests to the iPad per minute while the popup is open and nothing changes: ${result.requestsPerMinute.toFixed(0)}`);
}

async function benchCiviCrm(): Promise<void> {
  const result = await runCiviCrmBenchmark();
  console.log(`\nCiviCRM: a full read of the simulated CiviCRM (Chromium, medians; ${result.flavours[0]?.contacts} contacts)`);
  console.log(`  baseline, one APIv4 request for every contact's name and email: ${result.baselineMs.toFixed(0)} ms`);
  for (const flavour of result.flavours) {
    console.log(
      `  ${flavour.flavour.padEnd(6)} chosen: ${flavour.chosenMs.toFixed(0)} ms (${(flavour.chosenMs / result.baselineMs).toFixed(1)}× baseline, ${flavour.requestsChosen} requests); found automatically: ${flavour.autoMs.toFixed(0)} ms (${(flavour.autoMs / result.baselineMs).toFixed(1)}×, ${flavour.requestsAuto} requests)`,
    );
  }
  for (const [site, quality] of [['Three Rings volunteers', result.volunteers], ['HarmonySite members', result.members]] as const) {
    console.log(`  contacts joined to ${site}: ${quality.links} links for ${quality.pairs} true pairs, precision ${quality.precision.toFixed(3)}, recall ${quality.recall.toFixed(3)}`);
  }
}

async function benchScale(): Promise<void> {
  const result = await runScaleBenchmark();
  const { volunteers, members, contacts } = result.held;
  const kB = (bytes: number) => (bytes < 1000 ? `${bytes} B` : `${(bytes / 1000).toFixed(1)} kB`);
  const written = (writes: StorageWrites) => {
    const total = Object.values(writes).reduce((sum, bytes) => sum + bytes, 0);
    const items = Object.entries(writes).sort(([, a], [, b]) => b - a).map(([key, bytes]) => `${key} ${kB(bytes)}`);
    return `${kB(total)} in ${items.length} items (${items.join(', ') || 'none'})`;
  };
  console.log(`\nScale: ${volunteers} volunteers, ${members} HarmonySite members, ${contacts} CiviCRM contacts read (Chromium, the built extension's background)`);
  const spread = `${Math.min(...result.indexBuildsMs).toFixed(0)}–${Math.max(...result.indexBuildsMs).toFixed(0)} ms`;
  console.log(`  people index build time: ${result.indexBuildMs.toFixed(1)} ms  (target ≤ 100; median of ${result.indexBuildsMs.length} rebuilds, ${spread}; reading its inputs from storage first: ${result.indexReadMs.toFixed(1)} ms)`);
  console.log(`  background JS heap after GC, with the index and both sites' badge answers: ${result.heapUsedMb.toFixed(1)} MB  (target ≤ 50)`);
  console.log(`  storage in use: local ${kB(result.bytesInUse.local)}, session ${kB(result.bytesInUse.session)}  (Chrome keeps 10 MB in storage.local without unlimitedStorage)`);
  console.log(`  written by a forced refresh that brings nothing new: ${written(result.unchangedRefresh)}  (target: no cached data)`);
  console.log(`  written by a forced refresh that brings one changed contact: ${written(result.oneContactChanged)}  (target: only what changed)`);
  printHealthPage(result.healthPage);
}

function printHealthPage(health: HealthPageBenchmark): void {
  const ms = (values: number[]) => `${median(values).toFixed(1)} ms (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`;
  const [first, ...later] = health.opens;
  const each = (phase: keyof HealthPageOpen) => later.map((open) => open[phase]);
  const toNextFrame = later.map((open) => open.drawnMs - open.scriptStartMs - open.askMs - open.renderMs);
  console.log(`  data health page, ${health.findings} findings, ${health.drawnFindings} drawn (each open after an empty page's):`);
  console.log(`    findings worked out by the background:       ${ms(health.backgroundBuildMs)}  (on the first ask; kept until the data changes)`);
  console.log(`    each ask answered by the background:         ${ms(health.backgroundAnswerMs)}  (${health.backgroundAnswerMs.length} asks, from arrival to answer)`);
  console.log(`    first open, start to drawn:                  ${first!.drawnMs.toFixed(1)} ms  (asking ${first!.askMs.toFixed(0)} ms)`);
  console.log(`    later opens, start to drawn:                 ${ms(each('drawnMs'))}  (median of ${later.length}, min–max)`);
  console.log(`    build and draw (ask, render, next frame):    ${ms(later.map((open) => open.drawnMs - open.scriptStartMs))}  (target ≤ 200)`);
  console.log(`    empty extension page, start to first frame:  ${ms(health.blankMs)}`);
  console.log(`    ratio later opens / empty page:              ${(median(each('drawnMs')) / median(health.blankMs)).toFixed(2)}`);
  console.log(
    `    where it goes (later opens, medians): script started ${median(each('scriptStartMs')).toFixed(0)} ms, asking the background ${median(each('askMs')).toFixed(0)} ms, Preact render ${median(each('renderMs')).toFixed(0)} ms, layout and paint to the next frame ${median(toNextFrame).toFixed(0)} ms`,
  );
}

/**
 * Opens an extension page and returns its first contentful paint, in ms after navigation start.
 * The popup paints nothing until its first render, and that render already holds the cached
 * shifts (checked here), so for the popup this is when the first shift was painted.
 */
async function paintTime(browser: ExtensionBrowser, path: string, mustShow?: string, lingerMs = 0): Promise<number> {
  const page = await browser.openExtensionPage(path);
  try {
    if (mustShow) await page.waitFor(mustShow, { timeoutMs: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, lingerMs));
    return await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          setTimeout(() => reject(new Error('no first-contentful-paint entry')), 10_000);
          new PerformanceObserver((list, observer) => {
            const paint = list.getEntries().find((entry) => entry.name === 'first-contentful-paint');
            if (paint) {
              observer.disconnect();
              resolve(paint.startTime);
            }
          }).observe({ type: 'paint', buffered: true });
        }),
    );
  } finally {
    await page.close();
  }
}

/** How long a fresh empty page takes to import one module of the build, with all it imports. */
async function importTime(browser: ExtensionBrowser, modulePath: string): Promise<number> {
  const page = await browser.openExtensionPage('blank.html');
  try {
    return await page.evaluate(async (path) => {
      const start = performance.now();
      await import(path);
      return performance.now() - start;
    }, modulePath);
  } finally {
    await page.close();
  }
}

/** Checks that the popup's very first render shows cached shifts (no loading state in between). */
async function firstRenderHasShifts(browser: ExtensionBrowser): Promise<boolean> {
  const page = await browser.openExtensionPage('popup.html');
  try {
    await page.waitFor('main');
    return await page.evaluate(() => document.querySelector('.loading') === null && document.querySelectorAll('.shift').length > 0);
  } finally {
    await page.close();
  }
}

