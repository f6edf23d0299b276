import { resolve } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { GECKO_ID } from '../../../lib/build/manifest';
import { FIREFOX } from '../../tools/browsers';
import { firefoxEnvironment } from '../../tools/faketime';
import { DriverTestPage } from './page';
import { reloadExtension, untilExtensionIsBack } from './reload';
import { startHostMapProxy } from './proxy';
import type { ExtensionBrowser, LaunchOptions } from './types';

/** Fixed, so the extension's pages have a known address. */
const EXTENSION_UUID = '5d2a6e4c-1b7f-4e38-9a0c-3f6b8d2e7a91';

/** Prefs that keep Firefox from reaching anything but the test hosts. */
const QUIET_PREFS = {
  'app.update.enabled': false,
  'app.update.auto': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'toolkit.telemetry.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'services.settings.server': 'http://127.0.0.1:9/',
  'browser.region.network.url': '',
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
};

/**
 * WebDriver BiDi has no way to emulate `prefers-color-scheme`: these prefs set it for the whole
 * run, for web pages (the content override: 0 is dark, 1 light) and the add-on's own pages alike.
 */
function colorSchemePrefs(scheme: 'light' | 'dark'): Record<string, number> {
  const dark = scheme === 'dark';
  return { 'ui.systemUsesDarkTheme': dark ? 1 : 0, 'layout.css.prefers-color-scheme.content-override': dark ? 0 : 1 };
}

/** Saves every download to `dir` without a dialog. */
function downloadPrefs(dir: string): Record<string, string | number | boolean> {
  return {
    'browser.download.dir': dir,
    'browser.download.folderList': 2,
    'browser.download.useDownloadDir': true,
    'browser.download.always_ask_before_handling_new_types': false,
    'browser.download.start_downloads_in_tmp_dir': false,
    'browser.helperApps.neverAsk.saveToDisk': 'text/csv',
  };
}

/**
 * A new tab, else a new window. BiDi puts a new tab in the most recent window of any kind, and
 * while a notification is up (a reminder, say) that is the notification's own window, which
 * has no tabs: browsingContext.create then fails with "TabManager.getTabBrowser(...) is
 * undefined". A new window is opened beside the most recent browser window instead.
 */
async function openTab(browser: Browser) {
  try {
    return await browser.newPage();
  } catch (error) {
    if (!String(error).includes('getTabBrowser')) throw error;
    return browser.newPage({ type: 'window' });
  }
}

/**
 * Firefox ESR with the built MV2 extension installed as a temporary add-on over WebDriver BiDi
 * (puppeteer-core). Hostnames are mapped through a local proxy that refuses every other host.
 */
export async function launchFirefox(options: LaunchOptions): Promise<ExtensionBrowser> {
  const extensionDir = resolve(options.extensionDir ?? '.output/firefox-mv2');
  const proxy = await startHostMapProxy(options.hostMap);
  const browser: Browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: options.headless ?? process.env.DESCANT_HEADED !== '1',
    // The simulators' self-signed certificates; this also covers the add-on's background fetches.
    acceptInsecureCerts: true,
    // Without it Firefox refuses to navigate to moz-extension:// pages under remote control.
    args: ['--remote-allow-system-access'],
    env: firefoxEnvironment({ ...process.env, ...(options.timeZone && { TZ: options.timeZone }) }),
    extraPrefsFirefox: {
      ...QUIET_PREFS,
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': proxy.port,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': proxy.port,
      'network.proxy.no_proxies_on': '',
      'network.proxy.allow_hijacking_localhost': true,
      ...(options.locale && { 'intl.locale.requested': options.locale, 'intl.accept_languages': options.locale }),
      ...(options.grantWithoutPrompt && { 'extensions.webextOptionalPermissionPrompts': false }),
      ...(options.colorScheme && colorSchemePrefs(options.colorScheme)),
      ...(options.downloadsDir && downloadPrefs(options.downloadsDir)),
    },
  });
  await browser.installExtension(extensionDir);
  const extensionOrigin = `moz-extension://${EXTENSION_UUID}`;

  const newPage = async (url: string) => {
    const page = new DriverTestPage(await openTab(browser), 'puppeteer');
    await page.goto(url);
    return page;
  };

  return {
    name: 'firefox',
    extensionOrigin,
    openExtensionPage: (path) => newPage(`${extensionOrigin}/${path}`),
    openPage: newPage,
    // Firefox's MV2 background page does not idle out; reloading the add-on is the closest thing.
    restartBackground: () => reloadExtension((path) => newPage(`${extensionOrigin}/${path}`)),
    // Installed over the running add-on, as Firefox installs an update: the same id, a higher version.
    async update(newExtensionDir) {
      await browser.installExtension(resolve(newExtensionDir));
      await untilExtensionIsBack((path) => newPage(`${extensionOrigin}/${path}`));
    },
    // The background page's console is not exposed over BiDi; page errors are checked per page.
    backgroundErrors: () => [],
    async close() {
      await browser.close().catch(() => undefined);
      await proxy.close();
    },
  };
}
