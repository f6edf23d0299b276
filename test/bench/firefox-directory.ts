/**
 * The directory benchmark's load ratio in Firefox ESR, where it can be measured: Firefox has no
 * DevTools trace over WebDriver BiDi, so each load is timed by the page's own navigation timing
 * and frames (see loadDirectory), with Descant and with an empty add-on, in one run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startThreeRingsSimulator } from '../simulators/three-rings/server';
import { HARMONYSITE_DEMO_PASSWORD, HARMONYSITE_DEMO_USERNAME, startHarmonySiteSimulator } from '../simulators/harmonysite/server';
import type { Page } from 'puppeteer-core';
import { launchExtensionBrowser, type ExtensionBrowser } from '../e2e/harness';
import type { DriverTestPage } from '../e2e/harness/page';
import { refreshAndWait } from '../e2e/harness/extension-state';
import { signInOnPage, signInToThreeRings } from '../tools/three-rings-session';
import { HARMONYSITE_HOST, signInToHarmonySite } from '../tools/harmonysite-session';
import { DIRECTORY, VOLUNTEERS } from './badges';
import { median } from './stats';

const ROUNDS = Number(process.env.DESCANT_BENCH_ROUNDS ?? 11);

export interface FirefoxDirectoryBenchmark {
  withoutMs: number;
  withMs: number;
  ratio: number;
  /** Badge slots on the page just after the load event (median), of all it gets. */
  badgesAtLoad: number;
  badges: number;
}

export async function runFirefoxDirectoryBenchmark(): Promise<FirefoxDirectoryBenchmark> {
  const threeRings = await startThreeRingsSimulator({ volunteerCount: VOLUNTEERS });
  const harmonySite = await startHarmonySiteSimulator({ volunteers: threeRings.data.volunteers });
  const hostMap = { 'www.3r.org.uk': threeRings.port, [HARMONYSITE_HOST]: harmonySite.port };
  const emptyAddOn = writeEmptyAddOn();
  const withDescant = await launchExtensionBrowser('firefox', { hostMap });
  const withoutDescant = await launchExtensionBrowser('firefox', { hostMap, extensionDir: emptyAddOn });
  try {
    await signInToThreeRings(withDescant);
    await (await signInOnPage(withoutDescant)).close();
    await signInToHarmonySite(withDescant, HARMONYSITE_DEMO_USERNAME, HARMONYSITE_DEMO_PASSWORD);
    await refreshAndWait(withDescant, ['threeRings.directory', 'harmonySite.data'], 30_000);
    const without: number[] = [];
    const withBadges: number[] = [];
    const atLoad: number[] = [];
    let badges = 0;
    for (let round = 0; round < ROUNDS; round++) {
      without.push((await loadDirectory(withoutDescant)).doneMs);
      const run = await loadDirectory(withDescant);
      withBadges.push(run.doneMs);
      atLoad.push(run.badgesAtLoad);
      badges = run.badges;
    }
    return { withoutMs: median(without), withMs: median(withBadges), ratio: median(withBadges) / median(without), badgesAtLoad: median(atLoad), badges };
  } finally {
    await withDescant.close();
    await withoutDescant.close();
    await threeRings.close();
    await harmonySite.close();
    rmSync(emptyAddOn, { recursive: true, force: true });
  }
}

/**
 * Loads the directory and times it from the page: to the load event or, if later, to the frame
 * in which the last badge slot went in (watched until none has come for a second). Slots, unlike
 * faces, are in the light DOM, so the page's world can count them.
 */
async function loadDirectory(browser: ExtensionBrowser): Promise<{ doneMs: number; badgesAtLoad: number; badges: number }> {
  const testPage = await browser.openPage(DIRECTORY);
  try {
    await testPage.waitUntil(() => performance.getEntriesByType('navigation')[0]?.toJSON().loadEventStart > 0);
    // As text: the test's compiler would name the inner function with a helper the page lacks.
    return (await ((testPage as DriverTestPage).page as Page).evaluate(String.raw`new Promise((done) => {
      const timing = performance.getEntriesByType('navigation')[0];
      const slots = () => document.querySelectorAll('[data-descant-badge]').length;
      const atLoad = slots();
      let count = atLoad;
      let changedAt = timing.loadEventStart;
      requestAnimationFrame(function look(now) {
        const seen = slots();
        if (seen !== count) [count, changedAt] = [seen, now];
        if (now - changedAt > 1000) return done({ doneMs: changedAt - timing.requestStart, badgesAtLoad: atLoad, badges: count });
        requestAnimationFrame(look);
      });
    })`)) as { doneMs: number; badgesAtLoad: number; badges: number };
  } finally {
    await testPage.close();
  }
}

/** An add-on with nothing in it, so both browsers start the same way. */
function writeEmptyAddOn(): string {
  const dir = mkdtempSync(join(tmpdir(), 'descant-empty-add-on-'));
  const manifest = { manifest_version: 2, name: 'Empty', version: '1.0', background: { scripts: ['background.js'] }, browser_specific_settings: { gecko: { id: 'empty@descant.test' } } };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(join(dir, 'background.js'), '');
  return dir;
}
