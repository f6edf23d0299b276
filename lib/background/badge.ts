import browser from 'webextension-polyfill';
import { cachedShifts, featureSwitches, meFromPage, meManual, resolveMe } from '../store';
import { isFeatureOn } from '../features/registry';
import { countMyShiftsNextDay } from '../views/quick-view';
import { t } from '../i18n';

/** MV3 calls it `action`, Firefox's MV2 build `browserAction`. */
function toolbarButton() {
  return browser.action ?? browser.browserAction;
}

/** Shows how many of my shifts fall in the next 24 hours on the toolbar button, unless the member turned the count off. */
export async function updateBadge(now = Date.now()): Promise<number> {
  const [cached, fromPage, manual, switches] = await Promise.all([cachedShifts.getValue(), meFromPage.getValue(), meManual.getValue(), featureSwitches.getValue()]);
  const count = isFeatureOn(switches, 'toolbarCount') ? countMyShiftsNextDay(cached?.data.shifts ?? [], resolveMe(fromPage, manual), now) : 0;
  const button = toolbarButton();
  await button.setBadgeText({ text: count > 0 ? String(count) : '' });
  await button.setBadgeBackgroundColor({ color: '#5b3f8c' });
  await button.setTitle({ title: count > 0 ? t('badgeTitleShifts', [String(count)]) : t('extName') });
  return count;
}
