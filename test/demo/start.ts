/**
 * `npm start`: the simulated Three Rings, HarmonySite, CiviCRM and OnSong iPad, and Chromium with
 * the built extension pointed at them.
 * With a display, a real window to try things in; without one, a headless tour that makes the
 * store's screenshots (test/demo/tour.ts) and prints where they are.
 */
import { DEMO_PASSWORD, DEMO_USERNAME, startThreeRingsSimulator } from '../simulators/three-rings/server';
import { HARMONYSITE_DEMO_PASSWORD, HARMONYSITE_DEMO_USERNAME, startHarmonySiteSimulator } from '../simulators/harmonysite/server';
import { HARMONYSITE_HOST, HARMONYSITE_ORIGIN } from '../tools/harmonysite-session';
import { startOnSongSimulator } from '../simulators/onsong/server';
import { CIVICRM_DEMO_PASSWORD, CIVICRM_DEMO_USERNAME, startCiviCrmSimulator } from '../simulators/civicrm/server';
import { CIVICRM_HOST, CIVICRM_ORIGIN } from '../tools/civicrm-session';
import { chromiumBuildWithNotifications } from '../tools/notifications-build';
import { launchExtensionBrowser } from '../e2e/harness';
import { storeScreenshots } from './tour';
import { CHROMIUM, ensureBrowsers } from '../tools/browsers';
import { buildExtension } from '../tools/build';

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
const hostMap = { 'www.3r.org.uk': sim.port, [HARMONYSITE_HOST]: harmonySite.port, [CIVICRM_HOST]: civiCrm.port };
const stopServices = async () => {
  await sim.close();
  await harmonySite.close();
  await civiCrm.close();
  await ipad.close();
};

if (headed) {
  const browser = await launchExtensionBrowser('chromium', { hostMap, headless: false });
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
    await stopServices();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
} else {
  // Headless, nobody can answer the notifications prompt: the tour's build holds that permission from install.
  const tourBuild = chromiumBuildWithNotifications();
  try {
    const paths = await storeScreenshots({ sim, ipad, hostMap, extensionDir: tourBuild.dir });
    console.log(`\nNo display, so Descant ran headless. Screenshots, at the stores' 1280×800:`);
    for (const path of paths) console.log(`  ${path}`);
  } finally {
    await stopServices();
    tourBuild.cleanUp();
  }
}
