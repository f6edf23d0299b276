import type { ExtensionBrowser } from '../e2e/harness';
import { CIVICRM_HOST } from '../simulators/civicrm/server';

export { CIVICRM_HOST };
export const CIVICRM_ORIGIN = `https://${CIVICRM_HOST}`;

/**
 * Signs in on the simulated CiviCRM site's CMS login form, as a member would, in a tab, and waits
 * for the dashboard the login redirects to (a 403 page there for a user without CiviCRM access).
 */
export async function signInToCiviCrm(browser: ExtensionBrowser, username: string, password: string): Promise<void> {
  const page = await browser.openPage(`${CIVICRM_ORIGIN}/user/login`);
  try {
    await page.fill('input[name="name"]', username);
    await page.fill('input[name="pass"]', password);
    await page.click('form#user-login [type="submit"]');
    await page.waitUntil(() => location.pathname === '/civicrm/dashboard' && document.readyState === 'complete');
  } finally {
    await page.close();
  }
}

/** Logs out of the CMS (which ends the CiviCRM session too) and waits for the home page. */
export async function signOutOfCiviCrm(browser: ExtensionBrowser): Promise<void> {
  const page = await browser.openPage(`${CIVICRM_ORIGIN}/user/logout`);
  try {
    await page.waitUntil(() => location.pathname === '/' && document.readyState === 'complete');
  } finally {
    await page.close();
  }
}
