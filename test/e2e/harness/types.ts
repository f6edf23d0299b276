/** The extension API as seen from an extension page (`browser` in Firefox, `chrome` in Chromium). */
export type ExtensionApi = import('webextension-polyfill').Browser;

export type BrowserName = 'chromium' | 'firefox';

export interface LaunchOptions {
  /** Defaults to the build for that browser in .output/. */
  extensionDir?: string;
  /** HTTPS and HTTP to each hostname go to 127.0.0.1:port; every other host fails. */
  hostMap: Record<string, number>;
  /** Defaults to headless unless DESCANT_HEADED=1. */
  headless?: boolean;
  /** The browser's time zone (IANA name) and locale, so times can be checked. */
  timeZone?: string;
  locale?: string;
  /**
   * Firefox only: optional permissions asked for from a click are granted without the browser's
   * prompt, which a test cannot answer. Chromium has no such switch.
   */
  grantWithoutPrompt?: boolean;
  /** The colour scheme pages see through `prefers-color-scheme`; the browser's own default if not given. */
  colorScheme?: 'light' | 'dark';
  /** Where downloads are saved, without asking (Chromium names each file by a random id). */
  downloadsDir?: string;
  /** Chromium only: the pages' viewport in CSS pixels (Playwright's 1280×720 if not given). */
  viewport?: { width: number; height: number };
}

/** One interface for both browsers, so each end-to-end test is written once. */
export interface ExtensionBrowser {
  name: BrowserName;
  /** 'chrome-extension://<id>' or 'moz-extension://<uuid>' */
  extensionOrigin: string;
  openExtensionPage(path: string): Promise<TestPage>;
  openPage(url: string): Promise<TestPage>;
  /** Restarts the background (in-memory state lost, storage kept). */
  restartBackground(): Promise<void>;
  /** Uncaught errors and console errors from the extension's background. */
  backgroundErrors(): string[];
  /**
   * Installs the build in `extensionDir`, a later version, over the extension as the browser
   * applies an update: the extension keeps its id, its storage and its IndexedDB, and its
   * background starts afresh and hears `runtime.onInstalled` ("update"). Chromium takes the new
   * files where it loaded the extension from, so the browser must have been launched with an
   * `extensionDir` of the test's own (test/tools/build-copy.ts), never the shared build.
   */
  update(extensionDir: string): Promise<void>;
  /** Chromium only: runs `fn` in the extension's service worker as it is now (with `arg`, serialised). */
  evaluateInBackground?<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  close(): Promise<void>;
}

export interface WaitOptions {
  text?: string | RegExp;
  timeoutMs?: number;
}

export interface TestPage {
  url(): string;
  goto(url: string): Promise<void>;
  click(selector: string): Promise<void>;
  fill(selector: string, value: string): Promise<void>;
  /** Chooses a file in an `<input type="file">`, as the member would in the file picker. */
  chooseFile(selector: string, path: string): Promise<void>;
  press(key: string): Promise<void>;
  /** textContent of the first match, '' if none. */
  text(selector: string): Promise<string>;
  count(selector: string): Promise<number>;
  /** Waits until an element matches (and, with `text`, its text matches). */
  waitFor(selector: string, options?: WaitOptions): Promise<void>;
  /** Runs in the page; extension pages have the `browser`/`chrome` APIs. */
  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T>;
  /** Polls `fn` in the page until it returns true. */
  waitUntil<A>(fn: (arg: A) => boolean | Promise<boolean>, arg?: A, timeoutMs?: number): Promise<void>;
  /** The whole page, or with `viewportOnly` what the viewport shows. */
  screenshot(path: string, options?: { viewportOnly?: boolean }): Promise<void>;
  /** Uncaught errors and console errors seen on this page. */
  consoleErrors(): string[];
  close(): Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
