import { sendMessage, watchBadgeDataChanges } from '@/lib/messages';
import { startPeopleOverlay } from '@/lib/overlay/people-overlay';

/**
 * On the choir's HarmonySite: badges each member with their next Three Rings shift. Registered
 * by the background for the choir's own address once the member has allowed it (see
 * lib/background/content-scripts.ts), so it has no fixed `matches`. It starts as the page
 * starts loading, as the Three Rings one does.
 */
export default defineContentScript({
  registration: 'runtime',
  main(ctx) {
    const overlay = startPeopleOverlay({
      window,
      site: 'harmonySite',
      loadBadgeData: () => sendMessage({ type: 'badgeData', site: 'harmonySite' }),
      loadCard: (id) => sendMessage({ type: 'personCard', site: 'harmonySite', id }),
      onBadgeDataChange: watchBadgeDataChanges,
    });
    ctx.onInvalidated(() => overlay.stop());
  },
});
