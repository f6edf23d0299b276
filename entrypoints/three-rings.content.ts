import { sendMessage, watchBadgeDataChanges } from '@/lib/messages';
import { startPeopleOverlay } from '@/lib/overlay/people-overlay';
import { findSignedInVolunteer } from '@/lib/three-rings/page';

/**
 * On Three Rings: badges each person with who they are in the choir and each rota shift that
 * is mine or short of people, and learns who the member is from the page's own-name link.
 * Starts before the page is parsed, so badges join rows as they arrive (see the overlay).
 */
export default defineContentScript({
  matches: ['https://www.3r.org.uk/*'],
  runAt: 'document_start',
  main(ctx) {
    const overlay = startPeopleOverlay({
      window,
      site: 'threeRings',
      loadBadgeData: () => sendMessage({ type: 'badgeData', site: 'threeRings' }),
      loadCard: (id) => sendMessage({ type: 'personCard', site: 'threeRings', id }),
      onBadgeDataChange: watchBadgeDataChanges,
    });
    ctx.onInvalidated(() => overlay.stop());
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void reportSignedInVolunteer(), { once: true });
    else void reportSignedInVolunteer();
  },
});

async function reportSignedInVolunteer(): Promise<void> {
  const volunteer = findSignedInVolunteer(document);
  if (!volunteer) return;
  try {
    await sendMessage({ type: 'signedInAs', ...volunteer });
  } catch (error) {
    // The extension was updated or reloaded under this page; the next page load will tell us.
    console.debug('[Descant] could not report the signed-in volunteer', error);
  }
}
