import browser from 'webextension-polyfill';
import { THREE_RINGS_ORIGIN } from '../three-rings/origin';

/** Three Rings' terms ask automated clients to name themselves and give a contact address. */
export function descantUserAgent(): string {
  const { version } = browser.runtime.getManifest();
  return `Descant/${version} (choir browser extension; +${import.meta.env.WXT_DESCANT_CONTACT ?? 'descant@descant-choir.org'})`;
}

const USER_AGENT_RULE_ID = 1;

/**
 * Firefox honours a User-Agent header set on fetch(); Chrome silently drops it, so there a
 * session rule sets it on requests this extension itself sends to Three Rings (no tab, our id
 * as initiator), never on the member's own browsing.
 */
export async function identifyToThreeRings(userAgent: string): Promise<void> {
  const dnr = (browser as unknown as { declarativeNetRequest?: ChromeDnr }).declarativeNetRequest;
  if (import.meta.env.FIREFOX || !dnr?.updateSessionRules) return;
  await dnr.updateSessionRules({
    removeRuleIds: [USER_AGENT_RULE_ID],
    addRules: [
      {
        id: USER_AGENT_RULE_ID,
        priority: 1,
        action: {
          type: 'modifyHeaders',
          requestHeaders: [{ header: 'User-Agent', operation: 'set', value: userAgent }],
        },
        condition: {
          requestDomains: [new URL(THREE_RINGS_ORIGIN).hostname],
          initiatorDomains: [browser.runtime.id],
          tabIds: [-1],
        },
      },
    ],
  });
}

interface ChromeDnr {
  updateSessionRules(options: { removeRuleIds: number[]; addRules: unknown[] }): Promise<void>;
}
