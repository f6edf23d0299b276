import type { ExtensionApi, TestPage } from './types';

/**
 * Restarts the extension's background the way an update or a browser restart would: in-memory
 * state is gone, storage stays. Used for Firefox, whose MV2 background page never idles out.
 */
export async function reloadExtension(openExtensionPage: (path: string) => Promise<TestPage>): Promise<void> {
  const page = await openExtensionPage('popup.html');
  await page.evaluate(() => {
    const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi;
    setTimeout(() => api.runtime.reload(), 0);
  });
  await page.close();
  await untilExtensionIsBack(openExtensionPage);
}

/** The extension is briefly gone while it reloads: tries its page until it is back. */
export async function untilExtensionIsBack(openExtensionPage: (path: string) => Promise<TestPage>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const probe = await openExtensionPage('options.html');
    try {
      await probe.waitFor('main', { timeoutMs: 3_000 });
      return;
    } catch (error) {
      if (attempt >= 5) throw error;
    } finally {
      await probe.close();
    }
  }
}
