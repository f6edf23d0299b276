/**
 * `npm start` without a display: the store's screenshots, made by the built extension against the
 * simulators, at the stores' 1280×800, in English and in Welsh.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ThreeRingsSim } from '../simulators/three-rings/server';
import type { OnSongSimulator } from '../simulators/onsong/server';
import { HARMONYSITE_DEMO_PASSWORD, HARMONYSITE_DEMO_USERNAME } from '../simulators/harmonysite/server';
import { CIVICRM_DEMO_PASSWORD, CIVICRM_DEMO_USERNAME } from '../simulators/civicrm/server';
import { signInToThreeRings } from '../tools/three-rings-session';
import { HARMONYSITE_ORIGIN, signInToHarmonySite } from '../tools/harmonysite-session';
import { signInToCiviCrm } from '../tools/civicrm-session';
import { addMyShiftStartingAt } from '../tools/my-shift';
import { refreshAndWait, waitForStored, writeSecrets, writeStorage } from '../e2e/harness/extension-state';
import { launchExtensionBrowser, type ExtensionBrowser } from '../e2e/harness';

export const STORE_SCREENSHOTS = resolve('store/screenshots');
const STORE_SIZE = { width: 1280, height: 800 };
/** Browser popups are at most 600 pixels high; a taller popup scrolls. */
const POPUP_MAX_HEIGHT = 600;

export interface TourServices {
  sim: ThreeRingsSim;
  ipad: OnSongSimulator;
  hostMap: Record<string, number>;
  /** The Chromium build to load (the demo's holds the notifications permission from install). */
  extensionDir?: string;
}

type Language = 'en' | 'cy';

/** Makes every screenshot and returns their paths. */
export async function storeScreenshots(services: TourServices): Promise<string[]> {
  mkdirSync(STORE_SCREENSHOTS, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'descant-tour-'));
  const shots: string[] = [];
  try {
    // Welsh first: the English tour ends with a reminder, which adds a shift to the rota.
    for (const language of ['cy', 'en'] as const) {
      const browser = await launchExtensionBrowser('chromium', {
        hostMap: services.hostMap,
        headless: true,
        // The browser's language picks Descant's: en-GB falls back to en, and cy is Welsh.
        locale: language === 'en' ? 'en-GB' : 'cy',
        timeZone: 'Europe/London',
        viewport: STORE_SIZE,
        ...(services.extensionDir && { extensionDir: services.extensionDir }),
      });
      try {
        shots.push(...(await tour(browser, services, language, scratch)));
      } finally {
        await browser.close();
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return shots;
}

async function tour(browser: ExtensionBrowser, { sim, ipad }: TourServices, language: Language, scratch: string): Promise<string[]> {
  const shots: string[] = [];
  const shot = (name: string) => {
    shots.push(join(STORE_SCREENSHOTS, `${language}-${name}.png`));
    return shots.at(-1)!;
  };
  await signInToThreeRings(browser);
  await signInToHarmonySite(browser, HARMONYSITE_DEMO_USERNAME, HARMONYSITE_DEMO_PASSWORD);
  await signInToCiviCrm(browser, CIVICRM_DEMO_USERNAME, CIVICRM_DEMO_PASSWORD);
  await refreshAndWait(browser, ['threeRings.shifts', 'threeRings.directory', 'harmonySite.data', 'civiCrm.data']);
  // Paired as Settings would leave it, so the popup shows the song on the iPad.
  const token = 'd'.repeat(48);
  ipad.registerToken(token);
  await writeSecrets(browser, { 'onSong.device': { origin: ipad.origin, token, pairedAt: Date.now() } });

  const rota = await browser.openPage('https://www.3r.org.uk/rota');
  await rota.waitFor('[data-descant-badge]', { timeoutMs: 30_000 });
  const rotaBehind = join(scratch, `${language}-rota.png`);
  await rota.screenshot(rotaBehind, { viewportOnly: true });
  if (language === 'en') await rota.screenshot(shot('three-rings-rota'), { viewportOnly: true });
  await rota.close();

  await popupOver(browser, rotaBehind, shot('popup'));
  await withCardOpen(browser, 'https://www.3r.org.uk/directory', shot('three-rings-directory'));
  await withCardOpen(browser, `${HARMONYSITE_ORIGIN}/dbpage.php?pg=admin&dbase=members`, shot('harmonysite-members'));

  const settings = await browser.openExtensionPage('options.html');
  await settings.waitFor('main');
  await settings.screenshot(shot('settings'), { viewportOnly: true });
  await settings.close();

  const health = await browser.openExtensionPage('health.html');
  await health.waitFor('.finding', { timeoutMs: 30_000 });
  await health.screenshot(shot('data-health'), { viewportOnly: true });
  await health.close();

  if (language === 'en') await reminderOver(browser, sim, rotaBehind, shot('reminder'));
  return shots;
}

/** A site's page with the first badge's card open, as the member sees it on pressing Enter on it. */
async function withCardOpen(browser: ExtensionBrowser, url: string, path: string): Promise<void> {
  const page = await browser.openPage(url);
  // A badge that opens a card has a face to focus; the card's host is in the page, its text is not.
  await page.waitFor('[data-descant-badge] > span', { timeoutMs: 30_000 });
  await page.evaluate(() => document.querySelector<HTMLElement>('[data-descant-badge] > span')!.focus());
  await page.press('Enter');
  await page.waitFor('[data-descant-card]');
  await page.screenshot(path, { viewportOnly: true });
  await page.close();
}

/**
 * The popup as it opens from the toolbar over a page: the live popup in a frame of its real width,
 * over a screenshot of the page. (A headless browser has no toolbar to open the popup from.)
 */
async function popupOver(browser: ExtensionBrowser, behind: string, path: string): Promise<void> {
  const page = await browser.openExtensionPage('options.html');
  await page.evaluate(drawOver, { image: pngDataUrl(behind) });
  await page.evaluate(showPopupFrame);
  await page.waitUntil(popupReady, undefined, 30_000);
  await page.evaluate(fitPopupFrame, POPUP_MAX_HEIGHT);
  await page.screenshot(path, { viewportOnly: true });
  await page.close();
}

/**
 * A real reminder: reminders on, a shift of mine in an hour, the alarm fired by the extension.
 * A headless browser draws no notifications, so the tour records what Descant asked Chromium
 * to show (title, message, icon) and draws that as the system would, over the page.
 */
async function reminderOver(browser: ExtensionBrowser, sim: ThreeRingsSim, behind: string, path: string): Promise<void> {
  await browser.evaluateInBackground!(() => {
    const api = (globalThis as unknown as { chrome: { notifications: { create: (...args: unknown[]) => unknown }; storage: { local: { set(items: object): Promise<void> } } } }).chrome;
    const create = api.notifications.create.bind(api.notifications);
    api.notifications.create = (...args: unknown[]) => {
      void api.storage.local.set({ 'demo.notification': typeof args[0] === 'string' ? args[1] : args[0] });
      return create(...args);
    };
  });
  addMyShiftStartingAt(sim, Date.now() + 60 * 60_000);
  await refreshAndWait(browser, ['threeRings.shifts']);
  // Two hours before: due already, so it fires at once.
  await writeStorage(browser, { 'settings.reminders': { lead: '2h' }, 'settings.features': { reminders: true } });
  const shown = await waitForStored<{ title: string; message: string }>(browser, 'demo.notification', (value) => !!value?.title, 30_000);
  const page = await browser.openExtensionPage('options.html');
  await page.evaluate(drawOver, { image: pngDataUrl(behind) });
  await page.evaluate(drawNotification, { ...shown, icon: `${browser.extensionOrigin}/icons/128.png` });
  await page.screenshot(path, { viewportOnly: true });
  await page.close();
}

function pngDataUrl(path: string): string {
  return `data:image/png;base64,${readFileSync(path).toString('base64')}`;
}

// The functions below run in the browser, serialised: each carries everything it uses.

/** Replaces the page with a picture of another, to draw on. */
function drawOver({ image }: { image: string }): void {
  document.documentElement.innerHTML = '';
  document.body.setAttribute('style', 'margin:0;overflow:hidden');
  const picture = Object.assign(document.createElement('img'), { src: image, alt: '' });
  picture.setAttribute('style', 'display:block;width:100vw;height:100vh');
  document.body.append(picture);
}

function showPopupFrame(): void {
  const frame = Object.assign(document.createElement('iframe'), { src: '/popup.html', id: 'popup' });
  frame.setAttribute('style', 'position:fixed;top:8px;right:16px;width:380px;height:600px;border:1px solid #8f8f9d;border-radius:8px;background:Canvas;box-shadow:0 6px 24px rgb(0 0 0/.35)');
  document.body.append(frame);
}

function popupReady(): boolean {
  const popup = document.querySelector<HTMLIFrameElement>('#popup')?.contentDocument;
  const app = popup?.getElementById('app');
  return !!app?.firstElementChild && !app.inert && !!popup!.querySelector('.my-shifts .shift') && !!popup!.querySelector('.now-playing .song-title');
}

function fitPopupFrame(maxHeight: number): void {
  const frame = document.querySelector<HTMLIFrameElement>('#popup')!;
  frame.style.height = `${Math.min(maxHeight, frame.contentDocument!.documentElement.scrollHeight)}px`;
}

/** A desktop notification card showing what Descant asked for, where the system puts it. */
function drawNotification({ title, message, icon }: { title: string; message: string; icon: string }): void {
  const card = document.createElement('div');
  card.setAttribute('style', 'position:fixed;right:16px;bottom:16px;display:flex;gap:12px;width:360px;padding:14px;border-radius:10px;background:#2b2a33;color:#fbfbfe;font:14px system-ui,sans-serif;box-shadow:0 4px 16px rgb(0 0 0/.35)');
  const image = Object.assign(document.createElement('img'), { src: icon, width: 48, height: 48 });
  const text = document.createElement('div');
  const heading = Object.assign(document.createElement('strong'), { textContent: title });
  const body = Object.assign(document.createElement('p'), { textContent: message });
  body.setAttribute('style', 'margin:4px 0 0;white-space:pre-line;color:#cfcfd8');
  text.append(heading, body);
  card.append(image, text);
  document.body.append(card);
}
