import type { ExtensionBrowser } from '../e2e/harness';

export const HARMONYSITE_HOST = 'stcecilia.harmonysite.test';
export const HARMONYSITE_ORIGIN = `https://${HARMONYSITE_HOST}`;

/** Signs in on the simulated HarmonySite's own login form, as a member would, in a tab. */
export async function signInToHarmonySite(browser: ExtensionBrowser, username: string, password: string): Promise<void> {
  const page = await browser.openPage(`${HARMONYSITE_ORIGIN}/dbpage.php?pg=login`);
  try {
    await page.fill('input[name="username"]', username);
    await page.fill('input[name="password"]', password);
    await page.click('form [type="submit"]');
    await page.waitUntil(() => location.search.includes('pg=membersonly'));
  } finally {
    await page.close();
  }
}
