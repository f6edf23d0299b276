import { sendMessage } from '@/lib/messages';
import { PAGE_FEATURES } from '@/lib/page-features';
import { afterLoad, siteAnswers } from '@/lib/page-features/site-answers';
import { runPageFeatures } from '@/lib/page-features/run';
import { findSignedInVolunteer } from '@/lib/three-rings/page';

/**
 * On Three Rings: runs the page features that are on (person badges, rota markers; see
 * lib/page-features/), and learns who the member is from the page's own-name link, unless the
 * member paused Descant here. Starts before the page is parsed, so badges join rows as they
 * arrive (see the overlay).
 */
export default defineContentScript({
  matches: ['https://www.3r.org.uk/*'],
  runAt: 'document_start',
  main(ctx) {
    const answers = siteAnswers('threeRings', window);
    const features = runPageFeatures({
      window,
      site: 'threeRings',
      features: PAGE_FEATURES.threeRings,
      badges: answers.badges,
      featuresOn: answers.featuresOn,
      onSwitch: answers.onSwitch,
    });
    ctx.onInvalidated(() => features.stop());
    // Told once the page has loaded: the message wakes a stopped background, whose start would
    // compete with the page for the processor.
    void features.paused.then((paused) => paused || afterLoad(window, () => void reportSignedInVolunteer()));
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
