import browser from 'webextension-polyfill';
import { BADGE_DATA_CHANGED } from '../messages';
import { hostPattern } from '../net/host-pattern';
import { THREE_RINGS_ORIGIN } from '../three-rings/origin';

/**
 * Tells every open Three Rings and HarmonySite page that its badges' data has changed, so it
 * asks again. Pages without our content script (or not yet listening) are skipped.
 */
export async function tellBadgePages(harmonySiteOrigin: string | undefined): Promise<void> {
  const url = [hostPattern(THREE_RINGS_ORIGIN), ...(harmonySiteOrigin ? [hostPattern(harmonySiteOrigin)] : [])];
  const tabs = await browser.tabs.query({ url });
  await Promise.all(tabs.map((tab) => tab.id !== undefined && browser.tabs.sendMessage(tab.id, BADGE_DATA_CHANGED).catch(() => undefined)));
}
