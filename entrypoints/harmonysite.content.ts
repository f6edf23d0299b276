import { sendMessage, watchPageSignal } from '@/lib/messages';
import { PAGE_FEATURES } from '@/lib/page-features';
import { siteBadgeSource } from '@/lib/page-features/badge-source';
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
    const features = runPageFeatures({
      window,
      site: 'harmonySite',
      features: PAGE_FEATURES.harmonySite,
      badges: siteBadgeSource('harmonySite'),
      featuresOn: () => sendMessage({ type: 'pageFeatures', site: 'harmonySite' }),
      onSwitch: (callback) => watchPageSignal('featuresChanged', callback),
    });
    ctx.onInvalidated(() => features.stop());
  },
});
