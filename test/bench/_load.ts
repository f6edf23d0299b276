import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startThreeRingsSimulator } from '../simulators/three-rings/server';
import { HARMONYSITE_DEMO_PASSWORD, HARMONYSITE_DEMO_USERNAME, startHarmonySiteSimulator } from '../simulators/harmonysite/server';
import { launchExtensionBrowser } from '../e2e/harness';
import type { DriverTestPage } from '../e2e/harness/page';
import { refreshAndWait } from '../e2e/harness/extension-state';
import { signInOnPage, signInToThreeRings } from '../tools/three-rings-session';
import { HARMONYSITE_HOST, signInToHarmonySite } from '../tools/harmonysite-session';
import { median } from './stats';

const dir = mkdtempSync(join(tmpdir(), 'exp-'));
writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'Empty', version: '1.0', background: { service_worker: 'background.js' } }));
writeFileSync(join(dir, 'background.js'), '');
const threeRings = await startThreeRingsSimulator({ volunteerCount: 2000 });
const harmonySite = await startHarmonySiteSimulator({ volunteers: threeRings.data.volunteers });
const hostMap = { 'www.3r.org.uk': threeRings.port, [HARMONYSITE_HOST]: harmonySite.port };
const browser = await launchExtensionBrowser('chromium', { hostMap });
const empty = await launchExtensionBrowser('chromium', { hostMap, extensionDir: dir });
await signInToThreeRings(browser);
await (await signInOnPage(empty)).close();
await signInToHarmonySite(browser, HARMONYSITE_DEMO_USERNAME, HARMONYSITE_DEMO_PASSWORD);
await refreshAndWait(browser, ['threeRings.directory', 'harmonySite.data'], 30_000);
const times: Record<string, number[]> = { empty: [], descant: [] };
for (let round = 0; round < Number(process.env.ROUNDS ?? 7); round++) {
  for (const [name, b] of [['empty', empty], ['descant', browser]] as const) {
    const testPage = (await b.openPage('about:blank')) as DriverTestPage;
    const page = testPage.page as Page;
    const cdp = await page.context().newCDPSession(page);
    const cats = process.env.CATS;
    if (cats) { cdp.on('Tracing.dataCollected', () => undefined); await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: cats.split(',') } }); }
    await page.goto('https://www.3r.org.uk/directory', { waitUntil: 'load' });
    if (cats) { const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r)); await cdp.send('Tracing.end'); await done; }
    await new Promise((r) => setTimeout(r, 1500));
    const t = await page.evaluate(() => { const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming; return [n.loadEventStart, n.domContentLoadedEventStart, document.querySelectorAll('[data-descant-badge]').length]; });
    times[name]!.push(t[0]!);
    if (round === 0) console.log(name, t.map((x) => x.toFixed(0)).join(' '));
    await testPage.close();
  }
}
console.log('empty', median(times.empty!).toFixed(0), 'descant', median(times.descant!).toFixed(0), 'ratio', (median(times.descant!) / median(times.empty!)).toFixed(2));
await browser.close(); await empty.close(); await threeRings.close(); await harmonySite.close();
