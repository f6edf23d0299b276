import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, type ExtensionApi, type ExtensionBrowser } from './harness';
import { readOverlay, readSecret, readStorage, refreshAndWait, waitForStored, writeSecrets, writeStorage, type BadgeView } from './harness/extension-state';
import { startChoirSites, type ChoirSites } from '../tools/choir-sites';
import { copyOfBuild, type BuildCopy } from '../tools/build-copy';
import type { KeptAside } from '@/lib/stored-versions';
import earlier from '../fixtures/stored/0.1.0.json';

/** The iPad of the test profile (test/fixtures/choir-profile.json): a pairing for another is forgotten. */
const PAIRED = { origin: 'http://127.0.0.1:5076', token: earlier.secrets['onSong.device'].token, pairedAt: earlier.secrets['onSong.device'].pairedAt };
/** What the member decided and chose, as 0.1.0 stored it. */
const DECIDED = {
  'people.links': earlier.local['people.links'],
  'settings.reminders': earlier.local['settings.reminders'],
  'settings.features': { rotaMarkers: false },
};
/**
 * A song 0.1.0 kept, damaged (`fetchedAt` is no time). Only the popup reads it, so until the
 * member opens that, only the background's pass over every item after an update, on
 * `onInstalled` ("update"), can find it and keep it aside: that it is kept aside shows that the
 * update path ran.
 */
const DAMAGED = { key: 'onSong.lastNowPlaying', value: { ...earlier.local['onSong.lastNowPlaying'], fetchedAt: 'yesterday' } };

/** The popup's shifts as the member reads them, a line each. */
async function popupShifts(browser: ExtensionBrowser): Promise<string[]> {
  const popup = await browser.openExtensionPage('popup.html');
  try {
    await popup.waitFor('li.shift');
    return await popup.evaluate(() => [...document.querySelectorAll<HTMLElement>('li.shift')].map((item) => `${item.dataset.shiftId} ${item.innerText.replace(/\s+/g, ' ').trim()}`));
  } finally {
    await popup.close();
  }
}

/** A Three Rings page's links to people, and every badge on it once at least `atLeast` are drawn. */
async function badgesOn(browser: ExtensionBrowser, path: string, atLeast = 1): Promise<{ people: string[]; badges: BadgeView[] }> {
  const page = await browser.openPage(`https://www.3r.org.uk${path}`);
  try {
    await page.waitUntil((count) => document.querySelectorAll('[data-descant-badge]').length >= count, atLeast);
    const people = await page.evaluate(() => [...document.querySelectorAll('a[href^="/directory/"]')].map((link) => link.getAttribute('href')!));
    return { people, badges: (await readOverlay(browser, page)).badges };
  } finally {
    await page.close();
  }
}

async function manifestVersion(browser: ExtensionBrowser): Promise<string> {
  const page = await browser.openExtensionPage('options.html');
  try {
    return await page.evaluate(() => (((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi).runtime.getManifest().version);
  } finally {
    await page.close();
  }
}

describe.each(BROWSERS)('%s: an update', (browserName) => {
  let sites: ChoirSites;
  let installed: BuildCopy;
  let later: BuildCopy;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    // Copies, as Chromium takes an update's files where it loaded the extension from.
    installed = copyOfBuild(browserName);
    later = copyOfBuild(browserName, { later: true });
    // Signed in only once the earlier shapes are stored.
    sites = await startChoirSites(browserName, { launch: { extensionDir: installed.dir }, signedIn: false });
    browser = sites.browser;
  });
  afterAll(async () => {
    await sites?.close();
    installed?.cleanUp();
    later?.cleanUp();
  });

  it('from data of the earlier shape loses nothing: the same shifts, badges, Who is who decisions, settings and pairing', { timeout: 150_000 }, async () => {
    // "Not the same person", in 0.1.0's shape, for a volunteer who is a member: no badge for them.
    const { volunteerId, memberId } = sites.harmonySite.data.truth[0]!;
    const unlinked = `/directory/${volunteerId}`;
    const decided = { ...DECIDED, 'people.links': [...DECIDED['people.links'], { a: { source: 'threeRings', id: volunteerId }, b: { source: 'harmonySite', id: memberId }, linked: false }] };
    await writeStorage(browser, decided);
    await writeSecrets(browser, { 'onSong.device': PAIRED });
    await sites.signIn();
    await refreshAndWait(browser, ['threeRings.shifts']);
    const shifts = await popupShifts(browser);
    const directory = await badgesOn(browser, '/directory');
    const rota = await badgesOn(browser, '/rota');
    expect(shifts.length).toBeGreaterThan(0);
    expect(directory.badges.filter((badge) => badge.text).length).toBeGreaterThan(0);
    expect(directory.people).toContain(unlinked);
    expect(directory.badges.map((badge) => badge.after)).not.toContain(unlinked);
    // The rota's shift markers are switched off (settings.features): people's badges only.
    expect(rota.badges.length).toBeGreaterThan(0);
    expect(rota.badges.filter((badge) => badge.inShift)).toEqual([]);
    const caches = Object.fromEntries(await Promise.all(['threeRings.shifts', 'threeRings.directory', 'harmonySite.data'].map(async (key) => [key, await readStorage(browser, key)])));
    const token = await readSecret(browser, 'harmonySite.apiToken');
    // Only now: the popup above would have read it, and kept it aside itself.
    await writeStorage(browser, { [DAMAGED.key]: DAMAGED.value });

    await browser.update(later.dir);

    expect(await manifestVersion(browser)).toBe(later.version);
    const keptAside = await waitForStored<KeptAside[]>(browser, 'storage.keptAside', (reports) => !!reports?.length);
    expect(keptAside.map((report) => report.key)).toEqual([`local:${DAMAGED.key}`]);
    expect(await readStorage(browser, `keptAside.${DAMAGED.key}`)).toEqual(DAMAGED.value);
    for (const [key, value] of Object.entries({ ...decided, ...caches })) expect([key, await readStorage(browser, key)]).toEqual([key, value]);
    expect(await readSecret(browser, 'onSong.device')).toEqual(PAIRED);
    expect(await readSecret(browser, 'harmonySite.apiToken')).toEqual(token);
    expect(await popupShifts(browser)).toEqual(shifts);
    expect(await badgesOn(browser, '/directory', directory.badges.length)).toEqual(directory);
    expect(await badgesOn(browser, '/rota', rota.badges.length)).toEqual(rota);
    expect(browser.backgroundErrors()).toEqual([]);
  });
});
