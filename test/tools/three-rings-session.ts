import { DEMO_PASSWORD, DEMO_USERNAME } from '../simulators/three-rings/server';
import type { ExtensionApi, ExtensionBrowser, TestPage } from '../e2e/harness';

/**
 * Signs in on the simulated Three Rings as a member would, in a tab, and waits until the content
 * script has told the background who is signed in.
 */
export async function signInToThreeRings(browser: ExtensionBrowser): Promise<void> {
  const page = await signInOnPage(browser);

  // The tab stays open until then: its content script runs when the page is idle.
  const extensionPage = await browser.openExtensionPage('popup.html');
  try {
    await extensionPage.evaluate(async () => {
      const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi;
      for (let tries = 0; tries < 100; tries++) {
        if ((await api.storage.local.get('me.fromPage'))['me.fromPage']) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('the content script never reported who is signed in');
    });
  } finally {
    await extensionPage.close();
    await page.close();
  }
}

/** Only the sign-in itself, in a tab left open: for a browser without Descant too. */
export async function signInOnPage(browser: ExtensionBrowser): Promise<TestPage> {
  const page = await browser.openPage('https://www.3r.org.uk/login');
  await page.fill('input[name="account_session[username]"]', DEMO_USERNAME);
  await page.fill('input[name="account_session[password]"]', DEMO_PASSWORD);
  await page.click('#login-submit');
  await page.waitFor('#logout');
  return page;
}
