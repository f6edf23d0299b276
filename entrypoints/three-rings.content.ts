import { sendMessage } from '@/lib/messages';
import { findSignedInVolunteer } from '@/lib/three-rings/page';

/** Learns who the member is on Three Rings from the page's own-name link. */
export default defineContentScript({
  matches: ['https://www.3r.org.uk/*'],
  runAt: 'document_idle',
  async main() {
    const volunteer = findSignedInVolunteer(document);
    if (!volunteer) return;
    try {
      await sendMessage({ type: 'signedInAs', ...volunteer });
    } catch (error) {
      // The extension was updated or reloaded under this page; the next page load will tell us.
      console.debug('[Descant] could not report the signed-in volunteer', error);
    }
  },
});
