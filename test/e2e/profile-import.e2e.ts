import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PROFILE_BYTES, TOO_LARGE } from '@/lib/profile/parse';
import type { ChoirProfile } from '@/lib/profile/schema';
import { BROWSERS, launchExtensionBrowser, type ExtensionApi, type ExtensionBrowser, type TestPage } from './harness';
import { testProfile } from '../tools/build';

const IMPORT = '#profile-import';
const CONFIRM_STEP = '.profile-confirm';
const STORED = 'settings.choirProfile';

/** Profiles an attacker might hand a member, and the sentence Settings must refuse each with. */
const HOSTILE: { name: string; text: string; says: string }[] = [
  {
    name: 'Three Rings named as the CiviCRM',
    text: JSON.stringify({ choir: 'Harbourside', civiCrm: { url: 'https://www.3r.org.uk' } }),
    says: "civiCrm.url: must be your choir's own site, not Three Rings.",
  },
  {
    name: 'an OnSong iPad at a public address',
    text: JSON.stringify({ choir: 'Harbourside', onSong: { url: 'http://8.8.8.8:5076' } }),
    says: "onSong.url: must be the iPad's address on the choir's own network",
  },
  {
    name: 'an OnSong iPad at a public hostname',
    text: JSON.stringify({ choir: 'Harbourside', onSong: { url: 'http://ipad.example.com:5076' } }),
    says: "onSong.url: must be the iPad's address on the choir's own network",
  },
  {
    name: 'a file over 64 KB',
    text: JSON.stringify({ choir: 'Harbourside' }).replace('{', `{${' '.repeat(MAX_PROFILE_BYTES)}`),
    says: TOO_LARGE,
  },
];

/**
 * Importing a choir profile file in Settings, end to end: a hostile one is refused with the
 * reason and nothing is kept; a good one lists the addresses it would open to Descant and is
 * kept only once the member confirms. The good one names the test build's own addresses, whose
 * permissions the build holds, so Confirm's request is answered without a prompt (no API can
 * click one). Nothing is served at those addresses: no simulator is needed.
 */
describe.each(BROWSERS)('%s: importing a choir profile', (browserName) => {
  const files = mkdtempSync(join(tmpdir(), 'descant-profiles-'));
  const good: ChoirProfile = { choir: 'Harbourside Singers', harmonySite: testProfile().harmonySite!, civiCrm: testProfile().civiCrm!, onSong: testProfile().onSong! };
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    browser = await launchExtensionBrowser(browserName, { hostMap: {} });
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(files, { recursive: true, force: true });
  });

  /** Writes `text` to a file and chooses it in Settings' import button. */
  async function importFile(settings: TestPage, name: string, text: string): Promise<void> {
    const path = join(files, `${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(path, text);
    await settings.chooseFile(IMPORT, path);
  }

  it.each(HOSTILE)('refuses $name, saying why, and keeps nothing', async ({ name, text, says }) => {
    const settings = await browser.openExtensionPage('options.html');
    await importFile(settings, name, text);
    await settings.waitFor('.profile-problems li', { text: says });
    expect(await settings.text('[role="alert"]')).toContain("That file can't be used as a choir profile, so nothing was changed");
    expect(await settings.count(CONFIRM_STEP)).toBe(0);
    expect(await storedProfile(settings)).toBeUndefined();
    expect(settings.consoleErrors()).toEqual([]);
    await settings.close();
  });

  it('shows the addresses a good profile would open to Descant, and Cancel keeps nothing', async () => {
    const settings = await browser.openExtensionPage('options.html');
    await importFile(settings, 'good', JSON.stringify(good));
    await settings.waitFor(CONFIRM_STEP, { text: 'Use this profile?' });
    expect(await addressesShown(settings)).toEqual([
      expect.stringMatching(new RegExp(`^${good.harmonySite!.url}: your choir's HarmonySite`)),
      expect.stringMatching(new RegExp(`^${good.civiCrm!.url}: your choir's CiviCRM`)),
      expect.stringMatching(new RegExp(`^${good.onSong!.url}: the choir's iPad running OnSong`)),
    ]);
    // Focus moves in from an effect, which runs after the step is drawn.
    await settings.waitUntil((css) => !!document.activeElement?.closest(css), CONFIRM_STEP);
    expect(await focusedIn(settings, CONFIRM_STEP)).toBe(true);
    expect(await storedProfile(settings)).toBeUndefined();
    await settings.click(`${CONFIRM_STEP} button:not(.primary)`);
    await settings.waitFor('.status', { text: 'Nothing was imported.' });
    expect(await settings.count(CONFIRM_STEP)).toBe(0);
    await settings.waitUntil((css) => document.activeElement === document.querySelector(css), IMPORT);
    expect(await storedProfile(settings)).toBeUndefined();
    expect(settings.consoleErrors()).toEqual([]);
    await settings.close();
  });

  it('keeps a good profile only once the member confirms it', async () => {
    const settings = await browser.openExtensionPage('options.html');
    await importFile(settings, 'good', JSON.stringify(good));
    await settings.waitFor(CONFIRM_STEP);
    await new Promise((resolve) => setTimeout(resolve, 500)); // nothing may be kept meanwhile
    expect(await storedProfile(settings)).toBeUndefined();
    await settings.click(`${CONFIRM_STEP} button.primary`);
    await settings.waitFor('.status', { text: 'Profile imported.' });
    expect(await storedProfile(settings)).toEqual(good);
    expect(await settings.text('.choir-name')).toBe(good.choir);
    expect(await settings.count(CONFIRM_STEP)).toBe(0);
    expect(settings.consoleErrors()).toEqual([]);
    await settings.close();
  });
});

function storedProfile(page: TestPage): Promise<ChoirProfile | undefined> {
  return page.evaluate(async (key) => {
    const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi;
    return (await api.storage.local.get(key))[key] as ChoirProfile | undefined;
  }, STORED);
}

function addressesShown(page: TestPage): Promise<string[]> {
  return page.evaluate((css) => [...document.querySelectorAll(`${css} li`)].map((item) => item.textContent ?? ''), CONFIRM_STEP);
}

function focusedIn(page: TestPage, selector: string): Promise<boolean> {
  return page.evaluate((css) => !!document.activeElement?.closest(css), selector);
}
