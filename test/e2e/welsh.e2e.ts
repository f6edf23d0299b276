import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, type TestPage } from './harness';
import { readOverlay } from './harness/extension-state';
import { startChoirSites, type ChoirSites } from '../tools/choir-sites';
import { HARMONYSITE_ORIGIN } from '../tools/harmonysite-session';

const WELSH = JSON.parse(readFileSync('public/_locales/cy/messages.json', 'utf8')) as Record<string, { message: string }>;
/** The badges on the rota calendar that are all Descant's words: to fill, your shift, up for swap. */
const OWN_CALENDAR_WORDS = new RegExp(
  `^(${[WELSH.badgeToFillCompact!.message.replace('$COUNT$', '\\d+'), WELSH.badgeYourShift!.message, WELSH.badgeUpForSwapCompact!.message].join('|')})$`,
);

/**
 * Everything in Welsh, and nothing clipped by Welsh's longer words: in the popup, in Settings and
 * in the badges on both sites. Chromium only: Firefox gives an add-on the language of its own
 * menus, and has Welsh menus only with a language pack, which the test machines cannot install.
 */
describe.each(BROWSERS.filter((name) => name === 'chromium'))('%s in Welsh', (browserName) => {
  let sites: ChoirSites;

  beforeAll(async () => {
    sites = await startChoirSites(browserName, { launch: { locale: 'cy', timeZone: 'Europe/London' } });
  }, 120_000);
  afterAll(async () => {
    await sites?.close();
  });

  it('the popup is in Welsh, and nothing in it runs past its box', async () => {
    const popup = await sites.browser.openExtensionPage('popup.html');
    await popup.waitFor('.my-shifts .shift');
    expect(await popup.text('body')).toContain(WELSH.sectionMyShifts!.message);
    // Chromium has no Welsh words for times past: Descant's own, "Diweddarwyd nawr" and the like.
    const ago = [WELSH.agoNow!.message, WELSH.agoMinutes!.message.replace('$COUNT$', '\\d+')].join('|');
    await popup.waitFor('.updated', { text: new RegExp(`^${WELSH.popupUpdatedAt!.message.replace('$WHEN$', `(${ago})`)}$`) });
    expect(await clippedText(popup)).toEqual([]);
    await popup.close();
  });

  it('Settings are in Welsh, and nothing in them runs past its box', async () => {
    const settings = await sites.browser.openExtensionPage('options.html');
    await settings.waitFor('main', { text: WELSH.profileHeading!.message });
    expect(await clippedText(settings)).toEqual([]);
    await settings.close();
  });

  it.each([
    ['Three Rings directory', 'https://www.3r.org.uk/directory'],
    ['HarmonySite members', `${HARMONYSITE_ORIGIN}/dbpage.php?pg=admin&dbase=members`],
  ])('badges on the %s fit their slots', async (_name, url) => {
    const page = await sites.browser.openPage(url);
    await page.waitFor('[data-descant-badge]', { timeoutMs: 30_000 });
    const { badges } = await readOverlay(sites.browser, page);
    expect(badges.length).toBeGreaterThan(0);
    expect(badges.filter((badge) => badge.clipped).map((badge) => badge.text)).toEqual([]);
    await page.close();
  });

  it("Descant's own words on the rota calendar fit its days", async () => {
    const page = await sites.browser.openPage('https://www.3r.org.uk/rota');
    await page.waitFor('[data-descant-badge]', { timeoutMs: 30_000 });
    const { badges } = await readOverlay(sites.browser, page);
    // A day is as wide as the page makes it: the site's own words (a membership's name) may end in
    // an ellipsis there, by design, with the rest in the card. Descant's own words must fit.
    const own = badges.filter((badge) => OWN_CALENDAR_WORDS.test(badge.text));
    expect(own.map((badge) => badge.text)).toContain(WELSH.badgeToFillCompact!.message.replace('$COUNT$', '2'));
    expect(own.map((badge) => badge.text)).toContain(WELSH.badgeYourShift!.message);
    expect(own.filter((badge) => badge.clipped).map((badge) => badge.text)).toEqual([]);
    await page.close();
  });
});

/** Each element whose content is wider than its box, named with the start of its text. */
function clippedText(page: TestPage): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('body, body *')]
      // A visually hidden label is 1 pixel wide on purpose.
      .filter((element) => element.clientWidth > 1 && element.scrollWidth > element.clientWidth + 1 && element.textContent?.trim())
      .map((element) => `${element.tagName.toLowerCase()}.${element.className}: ${element.scrollWidth} > ${element.clientWidth} px, "${element.textContent!.trim().slice(0, 60)}"`),
  );
}
