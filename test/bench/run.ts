/**
 * `npm run bench`: how fast the popup shows cached shifts, in real Chromium, as a ratio against an
 * empty page of the same extension measured in the same run (these machines are noisy), and how
 * many requests a popup open sends when the cache is warm.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startThreeRingsSimulator } from '../simulators/three-rings/server';
import { signInToThreeRings } from '../tools/three-rings-session';
import { launchExtensionBrowser, type ExtensionBrowser } from '../e2e/harness';
import { CHROMIUM, ensureBrowsers } from '../tools/browsers';
import { buildExtension } from '../tools/build';

const ROUNDS = 15;
const WARM_OPENS = 10;

if (!ensureBrowsers([CHROMIUM])) process.exit(1);
buildExtension(['chrome']);

// The extension as built, plus one empty page to measure against.
const extensionDir = mkdtempSync(join(tmpdir(), 'descant-bench-'));
cpSync('.output/chrome-mv3', extensionDir, { recursive: true });
writeFileSync(join(extensionDir, 'blank.html'), '<!doctype html><meta charset="utf-8"><title>blank</title><p elementtiming="blank">Descant</p>\n');

const sim = await startThreeRingsSimulator();
const browser = await launchExtensionBrowser('chromium', { hostMap: { 'www.3r.org.uk': sim.port }, extensionDir });
try {
  await signInToThreeRings(browser);
  await paintTime(browser, 'popup.html', 'shift'); // fills the cache

  const blank: number[] = [];
  const popup: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    blank.push(await paintTime(browser, 'blank.html', 'blank'));
    popup.push(await paintTime(browser, 'popup.html', 'shift'));
  }

  sim.reset();
  for (let open = 0; open < WARM_OPENS; open++) {
    const page = await browser.openExtensionPage('popup.html');
    await page.waitFor('.my-shifts .shift');
    await page.waitFor('.updated', { text: /Updated/ }); // its refresh check has finished
    await page.close();
  }
  const requestsPerOpen = sim.requests().length / WARM_OPENS;

  const ratio = median(popup) / median(blank);
  console.log(`\nDescant popup benchmark (Chromium, ${ROUNDS} rounds, medians)`);
  console.log(`  empty extension page, first paint:      ${median(blank).toFixed(1)} ms`);
  console.log(`  popup, first shift painted from cache:  ${median(popup).toFixed(1)} ms`);
  console.log(`  ratio popup / empty page:               ${ratio.toFixed(2)}  (target ≤ 1.2)`);
  console.log(`  requests per popup open, warm cache:    ${requestsPerOpen}  (target 0)`);
} finally {
  await browser.close();
  await sim.close();
  rmSync(extensionDir, { recursive: true, force: true });
}

/** Opens an extension page and returns when (ms after navigation start) the marked element was painted. */
async function paintTime(browser: ExtensionBrowser, path: string, identifier: string): Promise<number> {
  const page = await browser.openExtensionPage(path);
  try {
    return await page.evaluate(
      (id) =>
        new Promise<number>((resolve) => {
          new PerformanceObserver((list, observer) => {
            const entry = (list.getEntries() as (PerformanceEntry & { identifier: string; renderTime: number })[]).find(
              (candidate) => candidate.identifier === id,
            );
            if (entry) {
              observer.disconnect();
              resolve(entry.renderTime || entry.startTime);
            }
          }).observe({ type: 'element', buffered: true });
        }),
      identifier,
    );
  } finally {
    await page.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
