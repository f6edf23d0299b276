import { sendMessage } from '@/lib/messages';
import { startPeopleOverlay } from '@/lib/overlay/people-overlay';

/**
 * On the choir's HarmonySite: badges each member with their next Three Rings shift. Registered
 * by the background for the choir's own address once the member has allowed it (see
 * lib/background/content-scripts.ts), so it has no fixed `matches`.
 */
export default defineContentScript({
  registration: 'runtime',
  main(ctx) {
    const overlay = startPeopleOverlay({
      window,
      site: 'harmonySite',
      lookupPeople: (ids) => sendMessage({ type: 'peopleOnPage', site: 'harmonySite', ids }),
    });
    ctx.onInvalidated(() => overlay.stop());
  },
});
