import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AxeResults, ElementContext, Result, RunOptions } from 'axe-core';
import type { BrowserName, ExtensionApi, ExtensionBrowser, TestPage } from './types';

/*
 * axe-core in the real browsers. Our pages' CSP allows only the add-on's own scripts, and our
 * badges live in closed shadow roots that page-world scripts cannot see into, so axe rides along
 * as one extra file in a copy of the build: extension pages load it with a <script>, and for the
 * sites' pages scripting.executeScript injects it into the content scripts' world, where closed
 * roots can be opened (see auditOverlay). The product build itself is left as it is.
 */

const AXE_FILE = 'axe-for-tests.min.js';

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];

/** A copy of the build for `browserName` with axe in it; `remove()` deletes the copy. */
export function buildWithAxe(browserName: BrowserName): { dir: string; remove(): void } {
  const built = resolve(browserName === 'chromium' ? '.output/chrome-mv3' : '.output/firefox-mv2');
  const dir = mkdtempSync(join(tmpdir(), 'descant-axe-'));
  cpSync(built, dir, { recursive: true });
  copyFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), join(dir, AXE_FILE));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What axe found, in a form an assertion message can show. */
export interface AxeFindings {
  violations: Result[];
  /** Rules that passed on at least one node inside a shadow root: proof that axe saw in. */
  passedInShadow: string[];
}

/** Runs axe on an extension page (the popup, Settings) as it is now. */
export async function auditExtensionPage(page: TestPage, options: RunOptions = {}): Promise<AxeFindings> {
  await page.evaluate(loadAxe, `/${AXE_FILE}`);
  const results = await page.evaluate(runAxe, withTags(options));
  return findings(results);
}

/**
 * Runs axe on what Descant drew on a site's page: every badge and the card, if open. From an
 * extension page, axe is injected into the tab in the content scripts' world, the one world
 * where the add-on itself can open its closed roots (`chrome.dom.openOrClosedShadowRoot` in
 * Chromium, `element.openOrClosedShadowRoot` in Firefox). axe walks shadow trees through
 * `element.shadowRoot`; each host of ours gets that property in this world alone, so the site's
 * own scripts still see nothing.
 */
export async function auditOverlay(browser: ExtensionBrowser, page: TestPage, options: RunOptions = {}): Promise<AxeFindings> {
  const lens = await browser.openExtensionPage('options.html');
  try {
    const results = await lens.evaluate(auditInTab, { url: page.url(), file: `/${AXE_FILE}`, options: withTags(options) });
    return findings(results);
  } finally {
    await lens.close();
  }
}

/** One line per failing node: rule, impact, where, and what to fix. */
export function describeViolations(violations: Result[]): string {
  return violations
    .flatMap((rule) =>
      rule.nodes.map((node) => {
        const where = node.target.map((part) => (Array.isArray(part) ? part.join(' >>> ') : String(part))).join(' >>> ');
        const summary = (node.failureSummary ?? '').split('\n').slice(1, 2).join('').trim();
        return `${rule.id} (${rule.impact}): ${rule.help}\n    at ${where}\n    ${summary}`;
      }),
    )
    .join('\n');
}

function withTags(options: RunOptions): RunOptions {
  // Only the violations are reported in full: the passes keep one node per rule, enough to tell shadow from light.
  return { runOnly: { type: 'tag', values: AXE_TAGS }, resultTypes: ['violations'], ...options };
}

function findings(results: Pick<AxeResults, 'violations' | 'passes'>): AxeFindings {
  // axe names a node in a shadow tree by a list of selectors (host, then inside), one entry per frame.
  const inShadow = (target: unknown[]) => target.some(Array.isArray);
  return {
    violations: results.violations,
    passedInShadow: results.passes.filter((rule) => rule.nodes.some((node) => inShadow(node.target))).map((rule) => rule.id),
  };
}

/** Runs in an extension page: a <script> of the add-on's own, which its CSP allows. */
async function loadAxe(src: string): Promise<void> {
  if ((globalThis as { axe?: unknown }).axe) return;
  await new Promise<void>((done, fail) => {
    const script = Object.assign(document.createElement('script'), { src });
    script.onload = () => done();
    script.onerror = () => fail(new Error(`could not load ${src}`));
    document.head.append(script);
  });
}

/** Runs in the page; results are copied out as plain data. */
async function runAxe(options: RunOptions): Promise<Pick<AxeResults, 'violations' | 'passes'>> {
  const axe = (globalThis as unknown as { axe: typeof import('axe-core') }).axe;
  const { violations, passes } = await axe.run(document, options);
  return JSON.parse(JSON.stringify({ violations, passes })) as Pick<AxeResults, 'violations' | 'passes'>;
}

/** Runs in an extension page: finds the tab, injects axe into its content-script world and runs it there. */
async function auditInTab({ url, file, options }: { url: string; file: string; options: RunOptions }): Promise<Pick<AxeResults, 'violations' | 'passes'>> {
  const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi;
  const tab = (await api.tabs.query({})).filter((candidate) => candidate.url === url).at(-1);
  if (tab?.id === undefined) throw new Error(`no tab at ${url}`);
  await api.scripting.executeScript({ target: { tabId: tab.id }, files: [file] });
  // Serialised into the tab: everything it uses is inside it.
  const auditHere = async (runOptions: RunOptions) => {
    const world = globalThis as unknown as {
      axe: typeof import('axe-core');
      chrome?: { dom?: { openOrClosedShadowRoot?(element: Element): ShadowRoot | null } };
    };
    const rootOf = (host: Element) => world.chrome?.dom?.openOrClosedShadowRoot?.(host) ?? (host as Element & { openOrClosedShadowRoot?: ShadowRoot | null }).openOrClosedShadowRoot;
    // A full badge's face has its own host inside its slot (a slot far from the viewport is still empty).
    const hosts = [...document.querySelectorAll('[data-descant-badge], [data-descant-card]')].flatMap((host) => (rootOf(host) ? [host] : host.firstElementChild ? [host.firstElementChild] : []));
    for (const host of hosts) {
      const root = rootOf(host);
      if (!root) throw new Error('a Descant host without a shadow root');
      Object.defineProperty(host, 'shadowRoot', { configurable: true, get: () => root });
    }
    if (!hosts.length) throw new Error('nothing of Descant on this page');
    const { violations, passes } = await world.axe.run({ include: hosts } as ElementContext, runOptions);
    return JSON.parse(JSON.stringify({ violations, passes })) as Pick<AxeResults, 'violations' | 'passes'>;
  };
  const [result] = await api.scripting.executeScript({ target: { tabId: tab.id }, func: auditHere, args: [options] });
  if (!result?.result) throw new Error(`axe did not run in the tab: ${JSON.stringify(result)}`);
  return result.result as Pick<AxeResults, 'violations' | 'passes'>;
}
