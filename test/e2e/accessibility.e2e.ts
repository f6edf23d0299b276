import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, type TestPage } from './harness';
import { auditExtensionPage, auditOverlay, buildWithAxe, describeViolations, type AxeFindings } from './harness/axe';
import { openCardAfter, readOverlay, writeSecrets, writeStorage } from './harness/extension-state';
import { startOnSongSimulator } from '../simulators/onsong/server';
import { testProfile } from '../tools/build';
import { startChoirSites, type ChoirSites } from '../tools/choir-sites';
import { HARMONYSITE_ORIGIN } from '../tools/harmonysite-session';

/**
 * axe-core (WCAG 2.x A and AA, and best practices) on everything Descant shows, in each real
 * browser and in both colour schemes, since each has its own colours: the popup before and after
 * signing in, Settings, the data health page, and the badges and person card on Three Rings and
 * HarmonySite pages, inside their closed shadow roots (harness/axe.ts says how).
 */
const SCHEMES = ['light', 'dark'] as const;

describe.each(BROWSERS)('%s: axe finds nothing', (browserName) => {
  describe.each(SCHEMES)('in the %s colour scheme', (colorScheme) => {
    let sites: ChoirSites;
    let build: ReturnType<typeof buildWithAxe>;
    let signedIn: Promise<void> | undefined;
    /** Once, after the first-run check, which needs the member signed out. */
    const signIn = () => (signedIn ??= sites.signIn());

    beforeAll(async () => {
      build = buildWithAxe(browserName);
      sites = await startChoirSites(browserName, { launch: { extensionDir: build.dir, colorScheme }, signedIn: false });
    });
    afterAll(async () => {
      await sites?.close();
      build?.remove();
    });

    /** A page of ours or of a site, after checking that it really is in this colour scheme. */
    async function open(where: 'extension' | 'site', path: string): Promise<TestPage> {
      const page = where === 'extension' ? await sites.browser.openExtensionPage(path) : await sites.browser.openPage(path);
      expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), `${path} in the ${colorScheme} scheme`).toBe(colorScheme === 'dark');
      return page;
    }

    it('the popup on first run, signed out', async () => {
      const popup = await open('extension', 'popup.html');
      await popup.waitFor('.first-run li');
      await popup.waitFor('[data-service="threeRings"][data-problem="signed-out"]');
      expectClean(await auditExtensionPage(popup));
      await popup.close();
    });

    it('the popup signed in, with shifts, events and a calendar choice open', async () => {
      await signIn();
      const popup = await open('extension', 'popup.html');
      await popup.waitFor('.my-shifts .shift');
      await popup.waitFor('.could-help .shift');
      await popup.waitFor('.events .event');
      await popup.waitUntil(() => document.querySelector('main')?.getAttribute('aria-busy') === 'false' && !document.querySelector('.first-run'));
      await popup.click('.my-shifts .add-to-calendar summary');
      await popup.waitFor('.my-shifts .calendar-choices a[download]');
      expectClean(await auditExtensionPage(popup));
      await popup.close();
    });

    it("the popup's song card from the iPad, with its words open", async () => {
      await signIn();
      const ipad = await startOnSongSimulator({ port: Number(new URL(testProfile().onSong!.url).port) });
      try {
        const token = 'a'.repeat(48);
        ipad.registerToken(token);
        await writeSecrets(sites.browser, { 'onSong.device': { origin: ipad.origin, token, pairedAt: Date.now() } });
        const popup = await open('extension', 'popup.html');
        await popup.waitFor('.now-playing .song-title');
        await popup.click('.now-playing details.words summary');
        await popup.waitFor('.now-playing details.words[open] .song-section');
        expectClean(await auditExtensionPage(popup));
        await popup.close();
      } finally {
        await writeSecrets(sites.browser, { 'onSong.device': null });
        await ipad.close();
      }
    });

    it('Settings, with every site read', async () => {
      await signIn();
      const settings = await open('extension', 'options.html');
      await settings.waitFor('.harmonysite-state', { text: /\d+/ });
      expectClean(await auditExtensionPage(settings));
      await settings.close();
    });

    it('the choir data health page, with every site read', async () => {
      await signIn();
      const health = await open('extension', 'health.html');
      await health.waitFor('.finding .link-them');
      expectClean(await auditExtensionPage(health));
      await health.close();
    });

    it("Settings with reminders on (their lead showing) and a site paused", async () => {
      await writeStorage(sites.browser, { 'settings.features': { reminders: true }, 'settings.pausedSites': ['https://www.3r.org.uk'] });
      try {
        const settings = await open('extension', 'options.html');
        await settings.waitFor('select[name="reminderLead"]');
        await settings.waitFor('.paused-sites button');
        expectClean(await auditExtensionPage(settings));
        await settings.close();
      } finally {
        await writeStorage(sites.browser, { 'settings.features': {}, 'settings.pausedSites': [] });
      }
    });

    it('Three Rings directory: the badges, and a person card opened from one', async () => {
      await signIn();
      const page = await open('site', 'https://www.3r.org.uk/directory');
      await page.waitFor('[data-descant-badge]');
      await openFirstCard(page);
      expectClean(await auditOverlay(sites.browser, page), ['color-contrast', 'aria-dialog-name']);
      await page.close();
    });

    it('Three Rings rota: my shifts and places to fill', async () => {
      await signIn();
      const page = await open('site', 'https://www.3r.org.uk/rota');
      await page.waitFor('[data-shift-id] [data-descant-badge]');
      expectClean(await auditOverlay(sites.browser, page), ['color-contrast']);
      await page.close();
    });

    it('HarmonySite member list: the badges, and a person card opened from one', async () => {
      await signIn();
      const page = await open('site', `${HARMONYSITE_ORIGIN}/dbpage.php?pg=admin&dbase=members`);
      await page.waitFor('[data-descant-badge]');
      await openFirstCard(page);
      expectClean(await auditOverlay(sites.browser, page), ['color-contrast', 'aria-dialog-name']);
      await page.close();
    });

    /** Opens, from the keyboard, the card of the first badge that has one: one audit then covers the badges and the card. */
    async function openFirstCard(page: TestPage): Promise<void> {
      const opener = (await readOverlay(sites.browser, page)).badges.find((badge) => badge.label && badge.after);
      expect(opener, 'no badge on the page opens a card').toBeDefined();
      const anchor = `a[href="${opener!.after}"]`;
      expect(await openCardAfter(sites.browser, page, anchor), `no card opened after ${anchor}`).toBeDefined();
    }
  });
});

/**
 * No violation, with each one named in the message; and each rule in `seenInShadow` passed on
 * something inside our shadow roots, so axe really looked in there rather than finding nothing.
 */
function expectClean(found: AxeFindings, seenInShadow: string[] = []): void {
  expect(found.violations.map((rule) => rule.id), `axe found:\n${describeViolations(found.violations)}`).toEqual([]);
  expect(found.passedInShadow, 'rules that passed inside our shadow roots').toEqual(expect.arrayContaining(seenInShadow));
}
