import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { CHROMIUM } from '../../tools/browsers';
import { DriverTestPage } from './page';
import type { ExtensionBrowser, LaunchOptions } from './types';

/**
 * Debian's Chromium with the built MV3 extension, through playwright-core. Hostnames are mapped
 * with --host-resolver-rules and every other name fails to resolve.
 */
export async function launchChromium(options: LaunchOptions): Promise<ExtensionBrowser> {
  const extensionDir = resolve(options.extensionDir ?? '.output/chrome-mv3');
  const userDataDir = mkdtempSync(join(tmpdir(), 'descant-chromium-'));
  const rules = [
    ...Object.entries(options.hostMap).map(([host, port]) => `MAP ${host}:443 127.0.0.1:${port}, MAP ${host}:80 127.0.0.1:${port}`),
    'MAP * ~NOTFOUND',
    'EXCLUDE 127.0.0.1',
    'EXCLUDE localhost',
  ].join(', ');
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: options.headless ?? process.env.DESCANT_HEADED !== '1',
    ignoreHTTPSErrors: true,
    ...(options.downloadsDir && { acceptDownloads: true, downloadsPath: options.downloadsDir }),
    ...(options.locale && { locale: options.locale }),
    ...(options.timeZone && { timezoneId: options.timeZone }),
    ...(options.colorScheme && { colorScheme: options.colorScheme }),
    ...(options.viewport && { viewport: options.viewport }),
    env: { ...process.env, ...(options.timeZone && { TZ: options.timeZone }), ...(options.locale && { LANG: `${options.locale.replace('-', '_')}.UTF-8` }) },
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      `--host-resolver-rules=${rules}`,
      // Opens CDP's Extensions domain, through which update() reloads the extension.
      '--enable-unsafe-extension-debugging',
      // Playwright's ignoreHTTPSErrors does not reach the extension's service worker.
      '--ignore-certificate-errors',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.locale ? [`--lang=${options.locale}`] : []),
    ],
  });

  const backgroundErrors: string[] = [];
  const watchWorker = (worker: Worker) => {
    worker.on('console', (message) => {
      if (message.type() === 'error') backgroundErrors.push(message.text());
    });
  };
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  watchWorker(serviceWorker);
  context.on('serviceworker', watchWorker);
  const extensionOrigin = `chrome-extension://${new URL(serviceWorker.url()).host}`;

  const newPage = async (url: string) => {
    const page = new DriverTestPage(await context.newPage(), 'playwright');
    await page.goto(url);
    return page;
  };

  return {
    name: 'chromium',
    extensionOrigin,
    openExtensionPage: (path) => newPage(`${extensionOrigin}/${path}`),
    openPage: newPage,
    async evaluateInBackground(fn, arg) {
      const worker = context.serviceWorkers().find((each) => each.url().startsWith(extensionOrigin));
      if (!worker) throw new Error('the extension service worker is not running');
      return worker.evaluate(fn, arg as never);
    },
    async restartBackground() {
      // Stop the service worker as Chrome does when it is idle; the next event starts a fresh one.
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      const versions = new Map<string, { versionId: string; scriptURL: string; runningStatus: string }>();
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions: updated }) => {
        for (const version of updated) versions.set(version.versionId, version);
      });
      await cdp.send('ServiceWorker.enable');
      const ours = () => [...versions.values()].filter((version) => version.scriptURL.startsWith(extensionOrigin));
      await waitUntil(() => ours().some((version) => version.runningStatus === 'running'));
      for (const version of ours()) await cdp.send('ServiceWorker.stopWorker', { versionId: version.versionId });
      const stopped = await waitUntil(() => ours().every((version) => version.runningStatus === 'stopped'));
      await page.close();
      if (!stopped) throw new Error('the extension service worker did not stop');
    },
    /*
     * The new files where the extension was loaded from, and the extension loaded again from
     * there, as chrome://extensions reloads one: Chromium sees the higher version and sends
     * `onInstalled` ("update"). A browser restarted on the same profile would not do: it tells
     * an extension given by --load-extension that it was installed ("install") on every launch,
     * newer or not.
     */
    async update(newExtensionDir) {
      if (!options.extensionDir) throw new Error('update() replaces the files the extension was loaded from: launch it from a copy of the build');
      for (const entry of readdirSync(extensionDir)) rmSync(join(extensionDir, entry), { recursive: true, force: true });
      cpSync(resolve(newExtensionDir), extensionDir, { recursive: true });
      const started = context.waitForEvent('serviceworker', { predicate: (worker) => worker.url().startsWith(extensionOrigin) });
      started.catch(() => undefined); // awaited below, unless the reload fails first
      const cdp = await context.browser()!.newBrowserCDPSession();
      try {
        const { id } = await cdp.send('Extensions.loadUnpacked', { path: extensionDir });
        if (`chrome-extension://${id}` !== extensionOrigin) throw new Error(`the update was loaded as another extension (${id})`);
      } finally {
        await cdp.detach();
      }
      await started;
    },
    backgroundErrors: () => [...backgroundErrors],
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

async function waitUntil(check: () => boolean, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}
