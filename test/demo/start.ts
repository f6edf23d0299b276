/**
 * `npm start`: the simulated Three Rings, HarmonySite, CiviCRM and OnSong iPad, and Chromium with
 * the built extension pointed at them.
 * With a display, a real window to try things in; without one, a headless tour that saves
 * screenshots of the popup and of a Three Rings page and prints where they are.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEMO_PASSWORD, DEMO_USERNAME, startThreeRingsSimulator } from '../simulators/three-rings/server';
import { HARMONYSITE_DEMO_PASSWORD, HARMONYSITE_DEMO_USERNAME, startHarmonySiteSimulator } from '../simulators/harmonysite/server';
import { signInToThreeRings } from '../tools/three-rings-session';
import { HARMONYSITE_HOST, HARMONYSITE_ORIGIN, signInToHarmonySite } from '../tools/harmonysite-session';
import { startOnSongSimulator } from '../simulators/onsong/server';
import { CIVICRM_DEMO_PASSWORD, CIVICRM_DEMO_USERNAME, startCiviCrmSimulator } from '../simulators/civicrm/server';
import { CIVICRM_HOST, CIVICRM_ORIGIN, signInToCiviCrm } from '../tools/civicrm-session';
import { refreshAndWait, waitForStored, writeSecrets, writeStorage } from '../e2e/harness/extension-state';
import { chromiumBuildWithNotifications } from '../tools/notifications-build';
import { addMyShiftStartingAt } from '../tools/my-shift';
import { launchExtensionBrowser, type ExtensionApi, type ExtensionBrowser } from '../e2e/harness';
import { CHROMIUM, ensureBrowsers } from '../tools/browsers';
import { buildExtension } from '../tools/build';

const SCREENSHOTS = resolve('demo-screenshots');
const headed = !!process.env.DISPLAY && !process.env.CI;

if (!ensureBrowsers([CHROMIUM])) process.exit(1);
buildExtension(['chrome']);
const sim = await startThreeRingsSimulator();
console.log(`Simulated Three Rings at ${sim.url} (the browser reaches it as https://www.3r.org.uk)`);
const harmonySite = await startHarmonySiteSimulator({ volunteers: sim.data.volunteers });
console.log(`Simulated HarmonySite at ${harmonySite.url} (the browser reaches it as ${HARMONYSITE_ORIGIN})`);
const civiCrm = await startCiviCrmSimulator({ volunteers: sim.data.volunteers, members: harmonySite.data });
console.log(`Simulated CiviCRM at ${civiCrm.origin} (the browser reaches it as ${CIVICRM_ORIGIN})`);
// The test profile names http://127.0.0.1:5076, OnSong's own port, so Settings offers to pair with the iPad there.
const ipad = await startOnSongSimulator({ port: 5076 }).catch(() => startOnSongSimulator());
const ipadAddress = new URL(ipad.origin).host;
console.log(`Simulated OnSong iPad at ${ipad.origin} (its screen, with Allow and Next song: ${ipad.origin}/)`);
// Headless, nobody can answer the notifications prompt: the tour's build holds that permission from install.
const tourBuild = headed ? undefined : chromiumBuildWithNotifications();
const browser = await launchExtensionBrowser('chromium', {
  hostMap: { 'www.3r.org.uk': sim.port, [HARMONYSITE_HOST]: harmonySite.port, [CIVICRM_HOST]: civiCrm.port },
  headless: !headed,
  ...(tourBuild && { extensionDir: tourBuild.dir }),
});

if (headed) {
  await browser.openPage('https://www.3r.org.uk/login');
  console.log(`\nChromium is open with Descant loaded.`);
  console.log(`  1. Sign in to the simulated Three Rings as "${DEMO_USERNAME}" with password "${DEMO_PASSWORD}".`);
  console.log(`  2. Sign in to the simulated HarmonySite (${HARMONYSITE_ORIGIN}) as "${HARMONYSITE_DEMO_USERNAME}" with password "${HARMONYSITE_DEMO_PASSWORD}".`);
  console.log(`  3. Sign in to the simulated CiviCRM (${CIVICRM_ORIGIN}/user/login) as "${CIVICRM_DEMO_USERNAME}" with password "${CIVICRM_DEMO_PASSWORD}".`);
  console.log(`  4. Click the Descant button in the toolbar (pin it from the jigsaw menu), then visit`);
  console.log(`     https://www.3r.org.uk/directory and ${HARMONYSITE_ORIGIN}/dbpage.php?pg=admin&dbase=members for the badges.`);
  console.log(`     Badges show CiviCRM memberships; after signing in, press Refresh in the popup.`);
  console.log(`  5. In Descant's Settings, pair with the iPad at ${ipadAddress}, then press Allow on ${ipad.origin}/.`);
  console.log(`     With the popup open, press Next song there and watch the popup follow.`);
  console.log(`  6. From the popup's menu, open Choir data health: where the three simulated sites disagree.`);
  console.log(`Press Ctrl-C here to stop.`);
  const stop = async () => {
    await browser.close();
    await sim.close();
    await harmonySite.close();
    await civiCrm.close();
    await ipad.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
} else {
  try {
    const paths = await headlessTour(browser);
    console.log(`\nNo display, so Descant ran headless. Screenshots:`);
    for (const path of paths) console.log(`  ${path}`);
  } finally {
    await browser.close();
    await sim.close();
    await harmonySite.close();
    await civiCrm.close();
    await ipad.close();
    tourBuild?.cleanUp();
  }
}

async function headlessTour(browser: ExtensionBrowser): Promise<string[]> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const shots: string[] = [];
  await signInToThreeRings(browser);
  await signInToHarmonySite(browser, HARMONYSITE_DEMO_USERNAME, HARMONYSITE_DEMO_PASSWORD);
  await signInToCiviCrm(browser, CIVICRM_DEMO_USERNAME, CIVICRM_DEMO_PASSWORD);
  await refreshAndWait(browser, ['threeRings.directory', 'harmonySite.data', 'civiCrm.data']);
  const popupFirst = await browser.openExtensionPage('popup.html');
  await popupFirst.waitFor('.my-shifts .shift', { timeoutMs: 30_000 });
  await popupFirst.close();
  for (const [name, url] of [
    ['three-rings-rota', 'https://www.3r.org.uk/rota'],
    ['three-rings-directory', 'https://www.3r.org.uk/directory'],
    ['harmonysite-members', `${HARMONYSITE_ORIGIN}/dbpage.php?pg=admin&dbase=members`],
  ]) {
    const page = await browser.openPage(url!);
    await page.waitFor('[data-descant-badge]', { timeoutMs: 30_000 });
    shots.push(`${SCREENSHOTS}/${name}.png`);
    await page.screenshot(shots.at(-1)!);
    await page.close();
  }

  // Paired as Settings would leave it, so the popup shows the song on the iPad.
  const token = 'd'.repeat(48);
  ipad.registerToken(token);
  await writeSecrets(browser, { 'onSong.device': { origin: ipad.origin, token, pairedAt: Date.now() } });

  const popup = await browser.openExtensionPage('popup.html');
  await popup.waitFor('.my-shifts .shift', { timeoutMs: 30_000 });
  await popup.waitFor('.now-playing .song-title', { timeoutMs: 30_000 });
  shots.push(`${SCREENSHOTS}/popup.png`);
  await popup.screenshot(shots.at(-1)!);

  await popup.click('details.words summary');
  shots.push(`${SCREENSHOTS}/popup-words-open.png`);
  await popup.screenshot(shots.at(-1)!);
  await popup.click('details.words summary');
  await popup.close();

  const options = await browser.openExtensionPage('options.html');
  await options.waitFor('main');
  shots.push(`${SCREENSHOTS}/settings.png`);
  await options.screenshot(shots.at(-1)!);
  await options.close();

  const health = await browser.openExtensionPage('health.html');
  await health.waitFor('.finding', { timeoutMs: 30_000 });
  shots.push(`${SCREENSHOTS}/data-health.png`);
  await health.screenshot(shots.at(-1)!);
  await health.close();

  shots.push(await reminderShot(browser));
  return shots;
}

/**
 * A real reminder: reminders on, a shift of mine in an hour, the alarm fired by the extension.
 * A headless browser draws no notifications, so the tour records what Descant asked Chromium
 * to show (title, message, icon) and draws that as the system would.
 */
async function reminderShot(browser: ExtensionBrowser): Promise<string> {
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
  const page = await browser.openExtensionPage('popup.html');
  await page.evaluate(drawNotification, { ...shown, icon: `${browser.extensionOrigin}/icons/128.png` });
  const path = `${SCREENSHOTS}/reminder-notification.png`;
  await page.screenshot(path);
  await page.close();
  return path;
}

/** Replaces the page with a desktop notification card showing what Descant asked for. */
function drawNotification({ title, message, icon }: { title: string; message: string; icon: string }): void {
  document.documentElement.innerHTML = '';
  const card = document.createElement('div');
  card.setAttribute('style', 'display:flex;gap:12px;width:360px;margin:16px;padding:14px;border-radius:10px;background:#2b2a33;color:#fbfbfe;font:14px system-ui,sans-serif;box-shadow:0 4px 16px rgb(0 0 0/.35)');
  const image = Object.assign(document.createElement('img'), { src: icon, width: 48, height: 48 });
  const text = document.createElement('div');
  const heading = Object.assign(document.createElement('strong'), { textContent: title });
  const body = Object.assign(document.createElement('p'), { textContent: message });
  body.setAttribute('style', 'margin:4px 0 0;white-space:pre-line;color:#cfcfd8');
  text.append(heading, body);
  card.append(image, text);
  document.body.append(card);
}
