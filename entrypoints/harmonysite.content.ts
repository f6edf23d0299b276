import { PAGE_FEATURES } from '@/lib/page-features';
import { siteAnswers } from '@/lib/page-features/site-answers';
import { runPageFeatures } from '@/lib/page-features/run';

/**
 * On the choir's HarmonySite: runs the page features that are on (the member badges, see
 * lib/page-features/). Registered by the background for the choir's own address once the
 * member has allowed it (see lib/background/content-scripts.ts), so it has no fixed `matches`.
 * It starts as the page starts loading, as the Three Rings one does.
 */
export default defineContentScript({
  registration: 'runtime',
  main(ctx) {
    const answers = siteAnswers('harmonySite', window);
    const features = runPageFeatures({
      window,
      site: 'harmonySite',
      features: PAGE_FEATURES.harmonySite,
      badges: answers.badges,
      featuresOn: answers.featuresOn,
      onSwitch: answers.onSwitch,
    });
    ctx.onInvalidated(() => features.stop());
  },
});
