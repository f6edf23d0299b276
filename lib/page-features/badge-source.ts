import type { BadgeData } from '../model';
import type { PageSite } from '../features/registry';
import { sendMessage, watchPageSignal } from '../messages';
import type { BadgeSource } from './define';

/**
 * The background's badge data for this site's page, asked for once and shared by the page's
 * features (the person badges and the rota markers) until the background says it changed.
 */
export function siteBadgeSource(site: PageSite): BadgeSource {
  let data: Promise<BadgeData> | undefined;
  watchPageSignal('badgeDataChanged', () => (data = undefined));
  return {
    data() {
      if (!data) {
        const asked = sendMessage({ type: 'badgeData', site });
        data = asked;
        asked.catch(() => data === asked && (data = undefined));
      }
      return data;
    },
    card: (id) => sendMessage({ type: 'personCard', site, id }),
    onChange: (callback) => watchPageSignal('badgeDataChanged', callback),
  };
}
