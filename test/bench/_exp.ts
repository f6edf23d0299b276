import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startThreeRingsSimulator } from '../simulators/three-rings/server';
import { launchExtensionBrowser } from '../e2e/harness';
import type { DriverTestPage } from '../e2e/harness/page';
import { signInOnPage } from '../tools/three-rings-session';

const dir = mkdtempSync(join(tmpdir(), 'exp-'));
writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ manifest_version: 3, name: 'Empty', version: '1.0', background: { service_worker: 'background.js' } }));
writeFileSync(join(dir, 'background.js'), '');
const sim = await startThreeRingsSimulator({ volunteerCount: 2000 });
const browser = await launchExtensionBrowser('chromium', { hostMap: { 'www.3r.org.uk': sim.port }, extensionDir: dir });
await (await signInOnPage(browser)).close();
for (const variant of ['inflow', 'absolute', 'inflow-fixedcell']) {
  for (const k of [1, 20, 100, 1500]) {
    const testPage = (await browser.openPage('https://www.3r.org.uk/directory')) as DriverTestPage;
    const page = testPage.page as Page;
    await page.waitForLoadState('load');
    const ms = await page.evaluate(([variant, k]) => {
      document.body.offsetHeight;
      const links = [...document.querySelectorAll('a[href^="/directory/"]')].slice(0, k as number);
      const t0 = performance.now();
      for (const link of links) {
        const s = document.createElement('span');
        s.style.cssText = variant === 'absolute' ? 'position:absolute;contain:strict;width:90px;height:24px;margin-left:4px' : 'display:inline-block;position:relative;contain:strict;block-size:24px;inline-size:90px;vertical-align:middle;margin-left:4px';
        link.after(s);
      }
      const t1 = performance.now();
      document.body.offsetHeight;
      const t2 = performance.now();
      return [t1 - t0, t2 - t1];
    }, [variant, k] as const);
    console.log(variant, k, ms.map((m) => m.toFixed(1)).join(' / '));
    await testPage.close();
  }
}
await browser.close();
await sim.close();
