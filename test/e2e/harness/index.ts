import { launchChromium } from './chromium';
import { launchFirefox } from './firefox';
import type { BrowserName, ExtensionBrowser, LaunchOptions } from './types';

export type { BrowserName, ExtensionApi, ExtensionBrowser, LaunchOptions, TestPage } from './types';

/** The browsers to test in: both, unless DESCANT_BROWSERS names some. */
export const BROWSERS: BrowserName[] = (process.env.DESCANT_BROWSERS ?? 'chromium,firefox')
  .split(',')
  .map((name) => name.trim())
  .filter((name): name is BrowserName => name === 'chromium' || name === 'firefox');

export function launchExtensionBrowser(name: BrowserName, options: LaunchOptions): Promise<ExtensionBrowser> {
  return name === 'chromium' ? launchChromium(options) : launchFirefox(options);
}
