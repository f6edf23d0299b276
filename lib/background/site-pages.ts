import browser from 'webextension-polyfill';
import type { PageSignal } from '../messages';
import { hostPattern } from '../net/host-pattern';
import { THREE_RINGS_ORIGIN } from '../three-rings/origin';

/**
 * Tells every open Three Rings and HarmonySite page that what it shows has changed, so it asks
 * again. Pages without our content script (or not yet listening) are skipped.
 */
export async function tellSitePages(signal: PageSignal, harmonySiteOrigin: string | undefined): Promise<void> {
  const url = [hostPattern(THREE_RINGS_ORIGIN), ...(harmonySiteOrigin ? [hostPattern(harmonySiteOrigin)] : [])];
  const tabs = await browser.tabs.query({ url });
  await Promise.all(tabs.map((tab) => tab.id !== undefined && browser.tabs.sendMessage(tab.id, { type: signal }).catch(() => undefined)));
}
