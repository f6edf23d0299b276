import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, type ExtensionBrowser, type TestPage } from './harness';
import { readOverlay, scriptErrors, writeStorage } from './harness/extension-state';
import { startChoirSites, type ChoirSites } from '../tools/choir-sites';
import { HARMONYSITE_ORIGIN } from '../tools/harmonysite-session';

/** Person badges (after a link) and rota markers (inside a shift) Descant has drawn on the page. */
async function drawn(browser: ExtensionBrowser, page: TestPage): Promise<{ people: number; shifts: number }> {
  const { badges } = await readOverlay(browser, page);
  return { people: badges.filter((badge) => !badge.inShift).length, shifts: badges.filter((badge) => badge.inShift).length };
}

/** Marks the page's own window, so the test knows it was never reloaded. */
const markUnreloaded = (page: TestPage) => page.evaluate(() => void ((window as { unreloaded?: boolean }).unreloaded = true));
const stillUnreloaded = (page: TestPage) => page.evaluate(() => (window as { unreloaded?: boolean }).unreloaded === true);

/** Flips a feature's switch in Settings from the keyboard, as a member would, and waits for it to be saved. */
async function switchFeature(browser: ExtensionBrowser, name: string): Promise<void> {
  const settings = await browser.openExtensionPage('options.html');
  try {
    const selector = `input[role="switch"][name="feature-${name}"]`;
    await settings.waitFor(selector);
    await settings.evaluate((css) => document.querySelector<HTMLInputElement>(css)!.focus(), selector);
    await settings.press(' ');
    await settings.waitFor('.status', { text: 'Saved.' });
  } finally {
    await settings.close();
  }
}

describe.each(BROWSERS)('%s: switching features', (browserName) => {
  let sites: ChoirSites;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    sites = await startChoirSites(browserName);
    browser = sites.browser;
  });
  afterAll(async () => {
    await sites?.close();
  });

  it("turning a feature off removes its badges from an open page without a reload, and leaves the others'", async () => {
    const rota = await browser.openPage('https://www.3r.org.uk/rota');
    await expect.poll(async () => Object.values(await drawn(browser, rota)).every((count) => count > 0), { timeout: 15_000 }).toBe(true);
    const people = (await drawn(browser, rota)).people;
    await markUnreloaded(rota);

    await switchFeature(browser, 'rotaMarkers');
    await expect.poll(async () => (await drawn(browser, rota)).shifts, { timeout: 10_000 }).toBe(0);
    expect((await drawn(browser, rota)).people).toBe(people);

    await switchFeature(browser, 'threeRingsBadges');
    await expect.poll(async () => (await drawn(browser, rota)).people, { timeout: 10_000 }).toBe(0);

    // Back on, both come back to the same page.
    await switchFeature(browser, 'rotaMarkers');
    await switchFeature(browser, 'threeRingsBadges');
    await expect.poll(async () => drawn(browser, rota), { timeout: 10_000 }).toEqual({ people, shifts: expect.any(Number) });
    expect((await drawn(browser, rota)).shifts).toBeGreaterThan(0);
    expect(await stillUnreloaded(rota)).toBe(true);
    expect(scriptErrors(rota)).toEqual([]);
    await rota.close();
  });

  it('HarmonySite badges switch off on their own, and a page opened while they are off gets none', async () => {
    const members = await browser.openPage(`${HARMONYSITE_ORIGIN}/dbpage.php?pg=admin&dbase=members`);
    await expect.poll(async () => (await drawn(browser, members)).people, { timeout: 15_000 }).toBeGreaterThan(0);
    await markUnreloaded(members);
    await switchFeature(browser, 'harmonySiteBadges');
    await expect.poll(async () => (await drawn(browser, members)).people, { timeout: 10_000 }).toBe(0);
    expect(await stillUnreloaded(members)).toBe(true);
    await members.close();

    const again = await browser.openPage(`${HARMONYSITE_ORIGIN}/dbpage.php?pg=admin&dbase=members`);
    await again.waitFor('a[href*="dbase=members"]');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await drawn(browser, again)).people).toBe(0);
    await again.close();
    await switchFeature(browser, 'harmonySiteBadges');
  });

  it('a page opened after the browser stopped the background draws the same badges, and keeps to the switches', async () => {
    const warm = await browser.openPage('https://www.3r.org.uk/directory');
    await expect.poll(async () => (await drawn(browser, warm)).people, { timeout: 15_000 }).toBeGreaterThan(0);
    const people = (await drawn(browser, warm)).people;
    await warm.close();

    await browser.restartBackground();
    const cold = await browser.openPage('https://www.3r.org.uk/directory');
    await expect.poll(async () => (await drawn(browser, cold)).people, { timeout: 15_000 }).toBe(people);
    await cold.close();

    // Switched off, then the background stopped: the page must not draw from an answer kept before.
    await switchFeature(browser, 'threeRingsBadges');
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // the kept answers are written a moment after a change
    await browser.restartBackground();
    const off = await browser.openPage('https://www.3r.org.uk/directory');
    await off.waitFor('a[href^="/directory/"]');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await drawn(browser, off)).people).toBe(0);
    await off.close();
    await switchFeature(browser, 'threeRingsBadges');
    expect(browser.backgroundErrors()).toEqual([]);
  });

  it('a site paused from the popup shows nothing of Descant, and comes back from Settings without a reload', async () => {
    const directory = await browser.openPage('https://www.3r.org.uk/directory');
    await expect.poll(async () => (await drawn(browser, directory)).people, { timeout: 15_000 }).toBeGreaterThan(0);
    await markUnreloaded(directory);
    // What the popup's "Pause Descant on this site" stores (the popup itself is tested in the unit tests).
    await writeStorage(browser, { 'settings.pausedSites': ['https://www.3r.org.uk'] });
    await expect.poll(async () => (await drawn(browser, directory)).people, { timeout: 10_000 }).toBe(0);

    const settings = await browser.openExtensionPage('options.html');
    await settings.waitFor('.paused-sites button', { text: 'Resume on www.3r.org.uk' });
    await settings.click('.paused-sites button');
    await settings.waitFor('.status', { text: 'Saved.' });
    await settings.close();
    await expect.poll(async () => (await drawn(browser, directory)).people, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await stillUnreloaded(directory)).toBe(true);
    expect(browser.backgroundErrors()).toEqual([]);
    await directory.close();
  });
});
