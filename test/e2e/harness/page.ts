import type { Page as PlaywrightPage } from 'playwright-core';
import type { ElementHandle, Page as PuppeteerPage } from 'puppeteer-core';
import { DEFAULT_TIMEOUT_MS, type TestPage, type WaitOptions } from './types';

type DriverPage = PlaywrightPage | PuppeteerPage;

/**
 * The test page over either driver. Reading and waiting go through `evaluate`, which both drivers
 * share, so the two browsers are checked by the very same code.
 */
export class DriverTestPage implements TestPage {
  private readonly errors: string[] = [];

  constructor(
    /** The driver's own page, for the benchmarks' lower-level measurements. */
    readonly page: DriverPage,
    private readonly kind: 'playwright' | 'puppeteer',
  ) {
    // The two drivers name these events alike but type them apart.
    const events = page as unknown as { on(event: string, listener: (value: never) => void): void };
    events.on('pageerror', (error: Error) => this.errors.push(`uncaught: ${error.message}`));
    events.on('console', (message: { type(): string; text(): string }) => {
      if (message.type() === 'error') this.errors.push(message.text());
    });
  }

  url(): string {
    return this.page.url();
  }

  async goto(url: string): Promise<void> {
    const navigation = (this.page as PlaywrightPage).goto(url, { waitUntil: 'domcontentloaded' }).catch(() => undefined);
    // Firefox may never report the load of a moz-extension:// page: wait for its document instead.
    if (this.kind === 'puppeteer' && !url.startsWith('http')) {
      await this.waitUntil((expected) => location.href === expected && document.readyState !== 'loading', url);
    } else await navigation;
    // The popup first shows the frame it kept last time: tests act on the live view that follows.
    if (url.endsWith('/popup.html')) await this.waitUntil(() => !!document.getElementById('app')?.firstElementChild && !document.getElementById('app')!.inert);
  }

  async click(selector: string): Promise<void> {
    await this.waitFor(selector);
    await this.page.click(selector);
  }

  async fill(selector: string, value: string): Promise<void> {
    await this.waitFor(selector);
    if (this.kind === 'playwright') return (this.page as PlaywrightPage).fill(selector, value);
    await (this.page as PuppeteerPage).$eval(selector, (element) => ((element as HTMLInputElement).value = ''));
    await (this.page as PuppeteerPage).type(selector, value);
  }

  async chooseFile(selector: string, path: string): Promise<void> {
    await this.waitFor(selector);
    if (this.kind === 'playwright') return (this.page as PlaywrightPage).setInputFiles(selector, path);
    const input = (await (this.page as PuppeteerPage).$(selector)) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(path);
  }

  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key as never);
  }

  text(selector: string): Promise<string> {
    return this.evaluate((css) => document.querySelector(css)?.textContent ?? '', selector);
  }

  count(selector: string): Promise<number> {
    return this.evaluate((css) => document.querySelectorAll(css).length, selector);
  }

  async waitFor(selector: string, { text, timeoutMs = DEFAULT_TIMEOUT_MS }: WaitOptions = {}): Promise<void> {
    const pattern = text instanceof RegExp ? { source: text.source, flags: text.flags } : text;
    try {
      await this.waitUntil(
        ({ css, pattern: wanted }) =>
          [...document.querySelectorAll(css)].some((element) => {
            if (wanted === undefined) return true;
            const content = element.textContent ?? '';
            return typeof wanted === 'string' ? content.includes(wanted) : new RegExp(wanted.source, wanted.flags).test(content);
          }),
        { css: selector, pattern },
        timeoutMs,
      );
    } catch {
      const body = await this.text('body').catch(() => '(page gone)');
      throw new Error(`Timed out waiting for ${selector}${text ? ` with text ${String(text)}` : ''} on ${this.url()}\nPage text: ${body.slice(0, 600)}`);
    }
  }

  async waitUntil<A>(fn: (arg: A) => boolean | Promise<boolean>, arg?: A, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const done = await this.evaluate(fn, arg).catch(() => false);
      if (done) return;
      if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  evaluate<T, A = undefined>(fn: (arg: A) => T | Promise<T>, arg?: A): Promise<T> {
    const page = this.page as unknown as { evaluate(fn: unknown, arg: unknown): Promise<T> };
    return page.evaluate(fn, arg);
  }

  async screenshot(path: string, { viewportOnly = false } = {}): Promise<void> {
    await this.page.screenshot({ path: path as `${string}.png`, fullPage: !viewportOnly });
  }

  consoleErrors(): string[] {
    return [...this.errors];
  }

  async close(): Promise<void> {
    await this.page.close().catch(() => undefined);
  }
}
