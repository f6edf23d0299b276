import { startThreeRingsSimulator, type ThreeRingsSim } from '../simulators/three-rings/server';
import { HARMONYSITE_DEMO_PASSWORD, HARMONYSITE_DEMO_USERNAME, startHarmonySiteSimulator, type HarmonySiteSim } from '../simulators/harmonysite/server';
import { CIVICRM_DEMO_PASSWORD, CIVICRM_DEMO_USERNAME, startCiviCrmSimulator, type CiviCrmSim } from '../simulators/civicrm/server';
import { launchExtensionBrowser, type BrowserName, type ExtensionBrowser, type LaunchOptions } from '../e2e/harness';
import { refreshAndWait } from '../e2e/harness/extension-state';
import { signInToThreeRings } from './three-rings-session';
import { HARMONYSITE_HOST, signInToHarmonySite } from './harmonysite-session';
import { CIVICRM_HOST, signInToCiviCrm } from './civicrm-session';

/** One choir's three simulated sites, and a browser with Descant whose member is signed in to each. */
export interface ChoirSites {
  threeRings: ThreeRingsSim;
  harmonySite: HarmonySiteSim;
  civiCrm: CiviCrmSim;
  browser: ExtensionBrowser;
  /** Signs in to each site and waits for a first read of all three (done at the start unless `signedIn: false`). */
  signIn(): Promise<void>;
  close(): Promise<void>;
}

export interface ChoirSitesOptions {
  /** How the browser starts, beyond the host map. */
  launch?: Omit<LaunchOptions, 'hostMap'>;
  /** False leaves the member signed out, for what a first run looks like, until `signIn()`. */
  signedIn?: boolean;
}

/** Starts the sites on data that agrees (the same people), signs in to each, and waits for a first read of all three. */
export async function startChoirSites(browserName: BrowserName, { launch, signedIn = true }: ChoirSitesOptions = {}): Promise<ChoirSites> {
  const threeRings = await startThreeRingsSimulator();
  const harmonySite = await startHarmonySiteSimulator({ volunteers: threeRings.data.volunteers });
  const civiCrm = await startCiviCrmSimulator({ volunteers: threeRings.data.volunteers, members: harmonySite.data });
  const browser = await launchExtensionBrowser(browserName, {
    ...launch,
    hostMap: { 'www.3r.org.uk': threeRings.port, [HARMONYSITE_HOST]: harmonySite.port, [CIVICRM_HOST]: civiCrm.port },
  });
  const signIn = async () => {
    await signInToThreeRings(browser);
    await signInToHarmonySite(browser, HARMONYSITE_DEMO_USERNAME, HARMONYSITE_DEMO_PASSWORD);
    await signInToCiviCrm(browser, CIVICRM_DEMO_USERNAME, CIVICRM_DEMO_PASSWORD);
    await refreshAndWait(browser, ['threeRings.directory', 'harmonySite.data', 'civiCrm.data']);
  };
  if (signedIn) await signIn();
  return {
    threeRings,
    harmonySite,
    civiCrm,
    browser,
    signIn,
    async close() {
      await browser.close();
      await Promise.all([threeRings.close(), harmonySite.close(), civiCrm.close()]);
    },
  };
}
