import type { ExtensionApi, ExtensionBrowser, TestPage } from './types';

/*
 * Reading what the extension stored and drew, from its own pages and from the sites' pages, for
 * end-to-end tests of any source.
 */

/** Errors from scripts; the sites' own missing images (the simulators serve none) are not ours. */
export function scriptErrors(page: TestPage): string[] {
  return page.consoleErrors().filter((error) => !error.startsWith('Failed to load resource'));
}

/** Every string value anywhere in what the extension stored. */
export function storedStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(storedStrings);
  return [];
}

/** What is stored under `key` now, read from one extension page. */
export function readStorage<T>(browser: ExtensionBrowser, key: string): Promise<T> {
  return waitForStored<T>(browser, key, () => true);
}

/** Asks for a forced refresh from an extension page and waits until each key is stored. */
export async function refreshAndWait(browser: ExtensionBrowser, keys: string[]): Promise<void> {
  const page = await browser.openExtensionPage('options.html');
  try {
    await page.evaluate(async (wanted) => {
      const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi;
      await api.runtime.sendMessage({ type: 'refresh', force: true });
      for (let tries = 0; tries < 200; tries++) {
        const stored = await api.storage.local.get(wanted);
        if (wanted.every((key) => stored[key])) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`never stored: ${wanted.join(', ')}`);
    }, keys);
  } finally {
    await page.close();
  }
}

export function badgeTextAfter(page: TestPage, anchorSelector: string): Promise<string> {
  return page.evaluate((selector) => {
    const host = document.querySelector(selector)?.nextElementSibling;
    if (!host?.hasAttribute('data-descant-badge')) return '';
    // Our own styles may sit in the shadow root as a <style>: read its text only.
    return [...(host.shadowRoot?.childNodes ?? [])].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent).join('');
  }, anchorSelector);
}

/** Every badge on the page: the link it follows and its text. */
export function badgesOnPage(page: TestPage): Promise<{ href: string; text: string }[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-descant-badge]')].map((host) => ({
      href: host.previousElementSibling?.getAttribute('href') ?? '',
      text: [...(host.shadowRoot?.childNodes ?? [])].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent).join(''),
    })),
  );
}

export function badgeTextInside(page: TestPage, containerSelector: string): Promise<string> {
  return page.evaluate((selector) => {
    const root = document.querySelector(`${selector} [data-descant-badge]`)?.shadowRoot;
    return [...(root?.childNodes ?? [])].filter((node) => node.nodeType === Node.TEXT_NODE).map((node) => node.textContent).join('');
  }, containerSelector);
}

/** Waits until the stored value under `key` passes `check`, reading it from one extension page. */
export async function waitForStored<T>(browser: ExtensionBrowser, key: string, check: (value: T | undefined) => boolean, timeoutMs = 20_000): Promise<T> {
  const page = await browser.openExtensionPage('options.html');
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await page.evaluate(async (wanted) => {
        const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi;
        return (await api.storage.local.get(wanted))[wanted] as T | undefined;
      }, key);
      if (check(value)) return value as T;
      if (Date.now() > deadline) throw new Error(`${key} never became what was awaited: ${JSON.stringify(value)?.slice(0, 300)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await page.close();
  }
}

/** Writes to extension storage from an extension page, as Settings would. */
export async function writeStorage(browser: ExtensionBrowser, values: Record<string, unknown>): Promise<void> {
  const page = await browser.openExtensionPage('options.html');
  try {
    await page.evaluate(async (entries) => {
      const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi;
      await api.storage.local.set(entries);
    }, values);
  } finally {
    await page.close();
  }
}

/** Focuses the badge after an anchor and returns the text and image count of the card it opens. */
export function openCardAfter(page: TestPage, anchorSelector: string): Promise<{ text: string; images: number } | undefined> {
  return page.evaluate(async (selector) => {
    document.querySelector<HTMLElement>(`${selector} + [data-descant-badge][role="button"]`)?.focus();
    for (let tries = 0; tries < 50; tries++) {
      const roots = [...document.querySelectorAll('*')].map((element) => element.shadowRoot).filter((root): root is ShadowRoot => !!root);
      const dialog = roots.map((root) => root.querySelector('[role="dialog"], [role="tooltip"]')).find((element) => element);
      if (dialog) return { text: dialog.textContent ?? '', images: dialog.querySelectorAll('img').length };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return undefined;
  }, anchorSelector);
}
