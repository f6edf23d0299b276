import { SECRET_STORE } from '../../../lib/secret-store';
import type { Cached, CacheMeta } from '../../../lib/store';
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
export async function refreshAndWait(browser: ExtensionBrowser, keys: string[], timeoutMs = 20_000): Promise<void> {
  const page = await browser.openExtensionPage('options.html');
  try {
    await refreshAndWaitOn(page, keys, timeoutMs);
  } finally {
    await page.close();
  }
}

/** The same from an extension page already open (one that watches nothing, say, for a benchmark). */
export async function refreshAndWaitOn(page: TestPage, keys: string[], timeoutMs = 20_000): Promise<void> {
  await page.evaluate(
    async ([wanted, tries]) => {
      const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi;
      await api.runtime.sendMessage({ type: 'refresh', force: true });
      for (let tried = 0; tried < tries; tried++) {
        const stored = await api.storage.local.get(wanted);
        if (wanted.every((key) => stored[key])) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`never stored: ${wanted.join(', ')}`);
    },
    [keys, timeoutMs / 100] as const,
  );
}

/** Waits until the stored value under `key` passes `check`, reading it from one extension page. */
export async function waitForStored<T>(browser: ExtensionBrowser, key: string, check: (value: T | undefined) => boolean, timeoutMs = 20_000): Promise<T> {
  return (await waitForStoredValues<Record<string, T | undefined>>(browser, [key], (values) => check(values[key]), timeoutMs))[key] as T;
}

/**
 * Waits until a read of the cache under `key` that started at `since` or later is kept and its
 * data passes `check`, and returns the data. A read that brought the same data again leaves the
 * data as it was and says when it was checked in the cache's metadata (`key$`, see CacheMeta).
 */
export async function waitForRead<T>(browser: ExtensionBrowser, key: string, since: number, check: (data: T) => boolean = () => true): Promise<T> {
  const metaKey = `${key}$`;
  const values = await waitForStoredValues<Record<string, unknown>>(browser, [key, metaKey], (stored) => {
    const cached = stored[key] as Cached<T> | undefined;
    // As lastChecked (lib/store.ts, which loads only in an extension).
    const checkedAt = Math.max(cached?.fetchedAt ?? 0, (stored[metaKey] as CacheMeta | undefined)?.checkedAt ?? 0);
    return !!cached && checkedAt >= since && check(cached.data);
  });
  return (values[key] as Cached<T>).data;
}

/** Waits until the values stored under `keys` pass `check`, reading them from one extension page. */
async function waitForStoredValues<T extends Record<string, unknown>>(browser: ExtensionBrowser, keys: string[], check: (values: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const page = await browser.openExtensionPage('options.html');
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const values = await page.evaluate(async (wanted) => {
        const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi;
        return (await api.storage.local.get(wanted)) as T;
      }, keys);
      if (check(values)) return values;
      if (Date.now() > deadline) throw new Error(`${keys.join(', ')} never became what was awaited: ${JSON.stringify(values)?.slice(0, 300)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await page.close();
  }
}

/**
 * Reads and writes the secrets Descant keeps in its own IndexedDB (lib/secret-store.ts), from an
 * extension page as Settings would, telling the background of each change. `null` removes.
 */
export async function writeSecrets(browser: ExtensionBrowser, values: Record<string, unknown>): Promise<void> {
  await onSecrets(browser, 'write', values);
}

export async function readSecret<T>(browser: ExtensionBrowser, key: string): Promise<T | undefined> {
  return (await onSecrets(browser, 'read', { [key]: null }))[key] as T | undefined;
}

async function onSecrets(browser: ExtensionBrowser, mode: 'read' | 'write', values: Record<string, unknown>): Promise<Record<string, unknown>> {
  const page = await browser.openExtensionPage('options.html');
  try {
    return await page.evaluate(
      async ({ where, mode: how, entries }) => {
        const database = await new Promise<IDBDatabase>((resolve, reject) => {
          const request = indexedDB.open(where.database);
          request.onupgradeneeded = () => request.result.createObjectStore(where.store);
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        });
        const transaction = database.transaction(where.store, how === 'read' ? 'readonly' : 'readwrite');
        const store = transaction.objectStore(where.store);
        const found: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(entries)) {
          if (how === 'read') store.get(key).onsuccess = (event) => (found[key] = (event.target as IDBRequest).result);
          else if (value === null) store.delete(key);
          else store.put(value, key);
        }
        await new Promise((resolve, reject) => {
          transaction.oncomplete = resolve;
          transaction.onerror = () => reject(transaction.error);
        });
        database.close();
        if (how === 'write') {
          const channel = new BroadcastChannel(where.changes);
          for (const key of Object.keys(entries)) channel.postMessage(key);
          await new Promise((resolve) => setTimeout(resolve, 50)); // let the posts leave before the page does
          channel.close();
        }
        return found;
      },
      { where: SECRET_STORE, mode, entries: values },
    );
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

/*
 * Our badges and cards are in closed shadow roots, out of reach of the page's scripts, and so of
 * page.evaluate. Tests read them as our content script does: from a script the extension runs
 * in its own world on that tab (scripting.executeScript from an extension page), where
 * `openOrClosedShadowRoot` opens closed roots.
 */

/** A badge as the member sees and hears it. */
export interface BadgeView {
  /** The href of the link it follows, if any. */
  after: string;
  /** The data-shift-id of the rota shift it is in, if any. */
  inShift: string;
  text: string;
  /** Its spoken name; empty for a badge that opens no card. */
  label: string;
  /** Its text runs past the slot kept for it, or past its own box. */
  clipped: boolean;
}
export interface CardView {
  text: string;
  images: number;
  /** Where its links go. */
  links: string[];
  /** Focus is on something inside the card (the page sees only the card's host as focused). */
  focusInside: boolean;
}
export interface OverlayView {
  badges: BadgeView[];
  card: CardView | null;
  /** What our content scripts' world gets from extension storage: a list of keys, or the refusal. */
  storage: { keys: string[] } | { refused: string };
  /** The same for storage.session, where the badge answers are kept for content scripts. */
  session: { keys: string[] } | { refused: string };
}

const lensPages = new WeakMap<ExtensionBrowser, Promise<TestPage>>();

/** Everything Descant has drawn on `page`, read from the extension's own world. */
export function readOverlay(browser: ExtensionBrowser, page: TestPage): Promise<OverlayView> {
  return throughLens(browser, readInTab, page.url());
}

/**
 * Runs `inLens` in one extension page kept open per browser; `inLens` must carry everything it
 * uses, as it is serialised into that page.
 */
async function throughLens<T>(browser: ExtensionBrowser, inLens: (url: string) => Promise<T>, url: string): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const lens = await (lensPages.get(browser) ?? lensPages.set(browser, browser.openExtensionPage('options.html')).get(browser)!);
    try {
      return await lens.evaluate(inLens, url);
    } catch (error) {
      // The add-on was reloaded under the lens page (a background restart in Firefox): open a new one.
      lensPages.delete(browser);
      if (attempt > 0) throw error;
    }
  }
}

/** Runs in the extension page: finds the tab and reads its overlay in the extension's world. */
async function readInTab(url: string): Promise<OverlayView> {
  const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi;
  const tabs = (await api.tabs.query({})).filter((tab) => tab.url === url);
  const tab = tabs.at(-1);
  if (tab?.id === undefined) throw new Error(`no tab at ${url}`);
  // Shown, as the member has it: a hidden tab draws nothing near its viewport (Firefox hides it behind this page).
  await api.tabs.update(tab.id, { active: true });
  // Serialised into the tab: everything it uses is inside it.
  const readOverlayHere = async (): Promise<OverlayView> => {
    const world = globalThis as { chrome?: { dom?: { openOrClosedShadowRoot?(element: Element): ShadowRoot | null } }; browser?: ExtensionApi };
    const rootOf = (element: Element | null): ShadowRoot | null =>
      !element ? null : (world.chrome?.dom?.openOrClosedShadowRoot?.(element) ?? (element as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot ?? null);
    // Faces are drawn as their slots come near the viewport: the page is scrolled through first,
    // as a member would, and put back where it was.
    const slots = () => [...document.querySelectorAll('[data-descant-badge]')].filter((host) => !rootOf(host) && !host.firstElementChild);
    if (slots().length > 0) {
      const [x, y] = [scrollX, scrollY];
      const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      for (let top = 0; top < document.documentElement.scrollHeight && slots().length > 0; top += innerHeight) {
        scrollTo(0, top);
        for (let wait = 0; wait < 3; wait++) await frame();
      }
      scrollTo(x, y);
    }
    const badges = [...document.querySelectorAll('[data-descant-badge]')].map((host) => {
      // A full badge's face has its own host inside its slot; a compact one is on the host.
      const face = (rootOf(host) ?? rootOf(host.firstElementChild))?.querySelector('.badge');
      return {
        after: host.previousElementSibling?.getAttribute('href') ?? '',
        inShift: host.parentElement?.closest('[data-shift-id]')?.getAttribute('data-shift-id') ?? '',
        text: face?.textContent ?? '',
        label: face?.getAttribute('aria-label') ?? '',
        clipped: !!face && (face.scrollWidth > face.clientWidth + 1 || face.getBoundingClientRect().right > host.getBoundingClientRect().right + 1),
      };
    });
    const cardHost = document.querySelector('[data-descant-card]');
    const cardRoot = rootOf(cardHost);
    const dialog = cardRoot?.querySelector('[role="dialog"]');
    const card = dialog
      ? {
          text: dialog.textContent ?? '',
          images: dialog.querySelectorAll('img').length,
          links: [...dialog.querySelectorAll('a')].map((link) => link.getAttribute('href') ?? ''),
          focusInside: document.activeElement === cardHost && !!cardRoot!.activeElement,
        }
      : null;
    const keysIn = async (area: 'local' | 'session'): Promise<OverlayView['storage']> => {
      try {
        return { keys: Object.keys(await (world.browser ?? (world.chrome as unknown as ExtensionApi)).storage[area].get(null)) };
      } catch (error) {
        return { refused: String(error) };
      }
    };
    return { badges, card, storage: await keysIn('local'), session: await keysIn('session') };
  };
  const [result] = await api.scripting.executeScript({ target: { tabId: tab.id }, func: readOverlayHere });
  return result!.result as OverlayView;
}

/** The text of the badge right after the first element matching `anchorSelector` ('' if none). */
export async function badgeTextAfter(browser: ExtensionBrowser, page: TestPage, anchorSelector: string): Promise<string> {
  const href = await page.evaluate((selector) => document.querySelector(selector)?.getAttribute('href') ?? '', anchorSelector);
  return (await readOverlay(browser, page)).badges.find((badge) => href && badge.after === href)?.text ?? '';
}

/** Every badge on the page: the link it follows and its text. */
export async function badgesOnPage(browser: ExtensionBrowser, page: TestPage): Promise<{ href: string; text: string }[]> {
  return (await readOverlay(browser, page)).badges.filter((badge) => badge.after).map((badge) => ({ href: badge.after, text: badge.text }));
}

/** The text of the badge in the rota shift with this id. */
export async function shiftBadgeText(browser: ExtensionBrowser, page: TestPage, shiftId: number): Promise<string> {
  return (await readOverlay(browser, page)).badges.find((badge) => badge.inShift === String(shiftId))?.text ?? '';
}

/**
 * Opens the card of the badge after an anchor as the member would from the keyboard (focus on
 * the badge, a real Enter) and returns it once drawn.
 */
export async function openCardAfter(browser: ExtensionBrowser, page: TestPage, anchorSelector: string): Promise<CardView | undefined> {
  await page.evaluate((selector) => document.querySelector(`${selector} + [data-descant-badge]`)?.scrollIntoView({ block: 'center' }), anchorSelector);
  await page.waitUntil((selector) => !!document.querySelector(`${selector} + [data-descant-badge] > span`), anchorSelector);
  await page.evaluate((selector) => document.querySelector<HTMLElement>(`${selector} + [data-descant-badge] > span`)?.focus(), anchorSelector);
  await page.press('Enter');
  for (let tries = 0; tries < 50; tries++) {
    const { card } = await readOverlay(browser, page);
    if (card) return card;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return undefined;
}

/** A box on the page, in CSS pixels from the viewport's top left (as getBoundingClientRect). */
export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** A badge in a rota calendar day, as drawn: the box of its face (inside the closed root) and of its day cell. */
export interface DayBadgeBox {
  /** The day cell's id, `day_YYYY_MM_DD`. */
  day: string;
  /** In a rota shift (`[data-shift-id]`), or after a person's link. */
  kind: 'shift' | 'person';
  cell: Box;
  face: Box;
  text: string;
  label: string;
}

/** Every badge inside a `td[id^="day_"]` of the page, measured from the extension's own world. */
export function readDayBadgeBoxes(browser: ExtensionBrowser, page: TestPage): Promise<DayBadgeBox[]> {
  return throughLens(browser, measureInTab, page.url());
}

/** Runs in the extension page, like readInTab: measures the badges of the tab at `url`. */
async function measureInTab(url: string): Promise<DayBadgeBox[]> {
  const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi;
  const tab = (await api.tabs.query({})).filter((candidate) => candidate.url === url).at(-1);
  if (tab?.id === undefined) throw new Error(`no tab at ${url}`);
  const measureHere = (): DayBadgeBox[] => {
    const world = globalThis as { chrome?: { dom?: { openOrClosedShadowRoot?(element: Element): ShadowRoot | null } } };
    const rootOf = (element: Element): ShadowRoot | null =>
      world.chrome?.dom?.openOrClosedShadowRoot?.(element) ?? (element as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot ?? null;
    const boxOf = (element: Element): Box => {
      const { left, top, right, bottom } = element.getBoundingClientRect();
      return { left, top, right, bottom };
    };
    return [...document.querySelectorAll('td[id^="day_"] [data-descant-badge]')].flatMap((host): DayBadgeBox[] => {
      const face = rootOf(host)?.querySelector('.badge');
      const cell = host.closest('td[id^="day_"]')!;
      return face ? [{ day: cell.id, kind: host.parentElement?.hasAttribute('data-shift-id') ? 'shift' : 'person', cell: boxOf(cell), face: boxOf(face), text: face.textContent ?? '', label: face.getAttribute('aria-label') ?? '' }] : [];
    });
  };
  const [result] = await api.scripting.executeScript({ target: { tabId: tab.id }, func: measureHere });
  return result!.result as DayBadgeBox[];
}
