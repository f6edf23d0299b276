import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, type TestPage } from './harness';
import { scriptErrors } from './harness/extension-state';
import { startChoirSites, type ChoirSites } from '../tools/choir-sites';
import { FINDING_KINDS } from '@/lib/health/findings';

/**
 * The choir data health page, end to end: the three simulated sites, the built extension in a
 * real browser with the member signed in to each, and the findings their data holds.
 */
describe.each(BROWSERS)('%s: choir data health', (browserName) => {
  let sites: ChoirSites;
  let downloads: string;

  beforeAll(async () => {
    downloads = mkdtempSync(join(tmpdir(), 'descant-downloads-'));
    sites = await startChoirSites(browserName, { launch: { downloadsDir: downloads } });
  });
  afterAll(async () => {
    await sites?.close();
    rmSync(downloads, { recursive: true, force: true });
  });

  async function openHealth(): Promise<TestPage> {
    const page = await sites.browser.openExtensionPage('health.html');
    await page.waitFor('.finding');
    return page;
  }

  /** How many findings of each kind the page counts. */
  async function counts(page: TestPage): Promise<Record<string, number>> {
    return page.evaluate(() => Object.fromEntries([...document.querySelectorAll<HTMLElement>('.kind-option')].map((option) => [option.dataset.kind!, Number(option.dataset.count)])));
  }

  it('lists every kind of finding the sites hold', async () => {
    const page = await openHealth();
    await page.screenshot(`/tmp/health-${browserName}.png`);
    const found = await counts(page);
    console.log(JSON.stringify(found));
    for (const kind of FINDING_KINDS) expect(found[kind], kind).toBeGreaterThan(0);
    expect(scriptErrors(page)).toEqual([]);
    await page.close();
  });

  it('Export CSV downloads every finding shown, one row each, as UTF-8 with a byte order mark', async () => {
    const page = await openHealth();
    const total = (await counts(page)).all!;
    await page.click('button.export-csv');
    const csv = await downloaded(downloads);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('Kind,Person,Finding,Three Rings id,Three Rings link,HarmonySite id,HarmonySite link,CiviCRM id,CiviCRM link');
    // Quoted line breaks would split a row: the simulators' names hold none.
    expect(lines.filter(Boolean)).toHaveLength(total + 1);
    await page.close();
  });
});

/** The text of the first file to finish downloading into `dir`. */
async function downloaded(dir: string, timeoutMs = 15_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    // Browsers write a partial file first (".part", ".crdownload"), then rename it.
    const done = readdirSync(dir).filter((name) => !/\.(part|crdownload)$/.test(name));
    if (done.length > 0) {
      const text = readFileSync(join(dir, done[0]!), 'utf8');
      if (text.endsWith('\r\n')) return text;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing was downloaded into ${dir}`);
}
