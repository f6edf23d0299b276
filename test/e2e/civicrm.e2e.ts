import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HarmonySiteSim } from '../simulators/harmonysite/server';
import { CIVICRM_DEMO_PASSWORD, CIVICRM_DEMO_USERNAME, CIVICRM_SITE_KEY, NO_CIVI_PASSWORD, NO_CIVI_USERNAME, NO_MEMBERS_API_KEY, DEMO_API_KEY, type CiviCrmSim } from '../simulators/civicrm/server';
import { startChoirSites, type ChoirSites } from '../tools/choir-sites';
import { BROWSERS, type ExtensionBrowser } from './harness';
import { badgeTextAfter, badgesOnPage, openCardAfter, readStorage, refreshAndWait, scriptErrors, waitForRead, waitForStored, writeSecrets, writeStorage } from './harness/extension-state';
import { HARMONYSITE_ORIGIN } from '../tools/harmonysite-session';
import { CIVICRM_ORIGIN, signInToCiviCrm, signOutOfCiviCrm } from '../tools/civicrm-session';
import type { CiviCrmData, Cached, CiviCrmSettings, SourceStatus } from '@/lib/store';

const DATA = 'civiCrm.data';
const STATUS = 'civiCrm.status';
const SETTINGS = 'settings.civiCrm';
const KEYS = 'civiCrm.keys';
const AUTO: CiviCrmSettings = { flavour: 'auto' };

/**
 * CiviCRM as a member source, end to end: the three simulated sites, the built extension in a
 * real browser, and the member signed in to each as they would be. Each API flavour is reached
 * the way a choir's site would offer it, and its memberships must reach the badges.
 */
describe.each(BROWSERS)('%s: CiviCRM memberships in the badges', (browserName) => {
  let harmonySite: HarmonySiteSim;
  let civiCrm: CiviCrmSim;
  let browser: ExtensionBrowser;
  let sites: ChoirSites | undefined;

  beforeAll(async () => {
    sites = await startChoirSites(browserName);
    ({ harmonySite, civiCrm, browser } = sites);
  });
  afterAll(async () => {
    await sites?.close();
  });
  beforeEach(() => {
    civiCrm.reset();
    civiCrm.setFlavours({ api4: true, api3: true, legacy: true, emailPrimary: true });
  });

  /** Applies settings and keys (as Settings does), asks for a refresh and waits for a read through `flavour`. */
  async function readThrough(flavour: CiviCrmData['flavour'], settings: CiviCrmSettings = AUTO, apiKey = ''): Promise<CiviCrmData> {
    const since = Date.now();
    await writeStorage(browser, { [SETTINGS]: settings });
    await writeSecrets(browser, { [KEYS]: apiKey ? { origin: CIVICRM_ORIGIN, apiKey, siteKey: '' } : null });
    await refreshAndWait(browser, []);
    return waitForRead<CiviCrmData>(browser, DATA, since, (data) => data.flavour === flavour);
  }

  /** Back to the member's own session: the API found automatically, and no keys. */
  async function useTheSession(): Promise<void> {
    await writeStorage(browser, { [SETTINGS]: AUTO });
    await writeSecrets(browser, { [KEYS]: null });
  }

  /** A volunteer CiviCRM knows but HarmonySite does not, with a current membership: badge from CiviCRM alone. */
  function civiOnlyVolunteer(data: CiviCrmData) {
    const harmonySiteVolunteers = new Set(harmonySite.data.truth.map((pair) => pair.volunteerId));
    for (const entry of civiCrm.data.truth) {
      if (entry.volunteerId === undefined || harmonySiteVolunteers.has(entry.volunteerId)) continue;
      const contact = data.contacts.find((candidate) => candidate.id === entry.contactId);
      if (contact?.memberships[0] && !contact.name.includes('<')) return { volunteerId: entry.volunteerId, contact };
    }
    throw new Error('the simulator has no volunteer known only to CiviCRM with a membership');
  }

  async function expectMembershipBadge(data: CiviCrmData): Promise<void> {
    const { volunteerId, contact } = civiOnlyVolunteer(data);
    const page = await browser.openPage('https://www.3r.org.uk/directory');
    const anchor = `a[href="/directory/${volunteerId}"]`;
    await page.waitFor(`${anchor} + [data-descant-badge]`);
    const membership = contact.memberships[0]!;
    expect(await badgeTextAfter(browser, page, anchor)).toContain(membership.status);
    const card = await openCardAfter(browser, page, anchor);
    expect(card?.text).toContain(membership.type);
    for (const group of contact.groups) expect(card?.text).toContain(group);
    expect(scriptErrors(page)).toEqual([]);
    await page.close();
  }

  /**
   * On HarmonySite's member list, every member CiviCRM knows with a membership shows it as
   * "Type (Status)", whatever their next shift, and no other member shows one.
   */
  async function expectMembershipsOnHarmonySite(data: CiviCrmData): Promise<void> {
    const page = await browser.openPage(`${HARMONYSITE_ORIGIN}/dbpage.php?pg=admin&dbase=members`);
    await page.waitFor('[data-descant-badge]');
    const contactOfMember = new Map(civiCrm.data.truth.flatMap((entry) => (entry.memberId === undefined ? [] : [[entry.memberId, data.contacts.find((contact) => contact.id === entry.contactId)] as const])));
    const withMembership: number[] = [];
    const missing: { memberId: number; badge: string; membership: string }[] = [];
    for (const badge of await badgesOnPage(browser, page)) {
      const memberId = Number(new URL(badge.href, HARMONYSITE_ORIGIN).searchParams.get('id'));
      const membership = contactOfMember.get(memberId)?.memberships[0];
      if (!membership) {
        expect(badge.text).not.toMatch(/\((New|Current|Grace|Expired|Cancelled)\)/);
        continue;
      }
      withMembership.push(memberId);
      const shown = `${membership.type} (${membership.status})`;
      if (!badge.text.includes(shown)) missing.push({ memberId, badge: badge.text, membership: shown });
    }
    expect(withMembership.length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
    expect(scriptErrors(page)).toEqual([]);
    await page.close();
  }

  /** Nothing Descant sent would have been refused as suspected CSRF. */
  function expectNothingFlagged(): void {
    const requests = civiCrm.requests();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((request) => request.flagged)).toEqual([]);
    expect(requests.filter((request) => request.auth === 'session' && request.flavour !== 'page' && !request.xRequestedWith)).toEqual([]);
  }

  it('APIv4, with the member signed in to CiviCRM: memberships and groups in the badges on both sites, nothing flagged', async () => {
    const data = await readThrough('api4');
    expect(data.contacts.length).toBeGreaterThan(100);
    expect(data.unreadable).toEqual([]);
    await expectMembershipBadge(data);
    await expectMembershipsOnHarmonySite(data);
    expectNothingFlagged();
  });

  it('APIv3, found automatically on a site too old for APIv4', async () => {
    civiCrm.setFlavours({ api4: false });
    const data = await readThrough('api3');
    await expectMembershipBadge(data);
    expectNothingFlagged();
  });

  it('an older APIv4 without the email_primary join: emails read from Email, memberships still in the badges', async () => {
    civiCrm.setFlavours({ emailPrimary: false });
    const data = await readThrough('api4');
    expect(data.contacts.filter((contact) => contact.email).length).toBeGreaterThan(100);
    expect(civiCrm.requests().some((request) => request.entity === 'Email')).toBe(true);
    await expectMembershipBadge(data);
    expectNothingFlagged();
  });

  it('legacy extern/rest.php, chosen in Settings with the API key and site key (Chromium: with the worker stopped first)', async () => {
    civiCrm.setFlavours({ api4: false, api3: false });
    // Keys go to the secret store, which cannot wake a stopped service worker: Settings must.
    if (browser.name === 'chromium') await browser.restartBackground();
    const since = Date.now();
    const options = await browser.openExtensionPage('options.html');
    await options.waitFor('select[name="civiCrmFlavour"]');
    await options.evaluate(() => {
      const select = document.querySelector<HTMLSelectElement>('select[name="civiCrmFlavour"]')!;
      select.value = 'legacy';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await options.fill('input[name="civiCrmApiKey"]', DEMO_API_KEY);
    await options.fill('input[name="civiCrmSiteKey"]', CIVICRM_SITE_KEY);
    await options.click('section.civicrm button[type="submit"]');
    await options.waitFor('.civicrm-state', { text: /extern\/rest\.php/, timeoutMs: 20_000 });
    expect(options.consoleErrors()).toEqual([]);
    await options.close();
    const data = await waitForRead<CiviCrmData>(browser, DATA, since);
    expect(data.flavour).toBe('legacy');
    await expectMembershipBadge(data);
    expect(civiCrm.requests().every((request) => request.flavour !== 'legacy' || request.auth === 'legacyrest')).toBe(true);
  });

  it('an API key through AuthX whose login may not read memberships: groups still shown, Settings says why', async () => {
    const data = await readThrough('api4', AUTO, NO_MEMBERS_API_KEY);
    expect(data.unreadable).toEqual(['memberships']);
    expect(civiCrm.requests().filter((request) => request.flavour === 'api4').every((request) => request.auth === 'authx')).toBe(true);
    const options = await browser.openExtensionPage('options.html');
    await options.waitFor('section.civicrm', { text: /can't see memberships/ });
    await options.close();
    expectNothingFlagged();
  });

  it('a CiviCRM login without access to CiviCRM: a clear "no access" in the popup, the last data kept, and page loads add no attempts', async () => {
    const before = await readStorage<Cached<CiviCrmData>>(browser, DATA);
    await signOutOfCiviCrm(browser);
    await signInToCiviCrm(browser, NO_CIVI_USERNAME, NO_CIVI_PASSWORD);
    try {
      await useTheSession();
      await refreshAndWait(browser, []);
      await waitForStored<SourceStatus>(browser, STATUS, (status) => status?.problem?.kind === 'forbidden');
      const popup = await browser.openExtensionPage('popup.html');
      await popup.waitFor('[data-service="civiCrm"][data-problem="forbidden"]', { text: /can't see this/ });
      await popup.close();
      expect((await readStorage<Cached<CiviCrmData>>(browser, DATA)).fetchedAt).toBe(before.fetchedAt);

      // Page loads ask for a refresh behind the badges; while CiviCRM refuses, they must not become attempts.
      civiCrm.reset();
      for (let load = 0; load < 10; load++) {
        const page = await browser.openPage('https://www.3r.org.uk/directory');
        await page.waitFor('[data-descant-badge]');
        await page.close();
      }
      // The refresh behind a page starts a second after its badges: give the last one time to show itself.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(civiCrm.requests().filter((request) => request.flavour !== 'page').length).toBeLessThanOrEqual(2);
    } finally {
      await signOutOfCiviCrm(browser);
      await signInToCiviCrm(browser, CIVICRM_DEMO_USERNAME, CIVICRM_DEMO_PASSWORD);
    }
  });

  it('signed out of CiviCRM: the popup says to sign in, with the way to Settings', async () => {
    await signOutOfCiviCrm(browser);
    try {
      await useTheSession();
      await refreshAndWait(browser, []);
      await waitForStored<SourceStatus>(browser, STATUS, (status) => status?.problem?.kind === 'signed-out');
      const popup = await browser.openExtensionPage('popup.html');
      await popup.waitFor('[data-service="civiCrm"][data-problem="signed-out"] a', { text: 'Sign in to CiviCRM' });
      await popup.close();
    } finally {
      await signInToCiviCrm(browser, CIVICRM_DEMO_USERNAME, CIVICRM_DEMO_PASSWORD);
    }
  });

  it('Who is who: "Not the same person" takes the CiviCRM contact off that volunteer\'s badge, and Undo brings it back', async () => {
    const data = await readThrough('api4');
    const { volunteerId, contact } = civiOnlyVolunteer(data);
    const anchor = `a[href="/directory/${volunteerId}"]`;
    const badgeShown = async (expected: boolean) => {
      const page = await browser.openPage('https://www.3r.org.uk/directory');
      // Badges are looked up in one batch: once some are drawn, this one has been decided.
      await page.waitFor('[data-descant-badge]');
      await page.waitFor('a[href="/directory/100001"] + [data-descant-badge]');
      expect(await page.count(`${anchor} + [data-descant-badge]`)).toBe(expected ? 1 : 0);
      await page.close();
    };
    await badgeShown(true);

    const options = await browser.openExtensionPage('options.html');
    await options.click('.people-civicrm details summary');
    await options.click(`.people-contact-matches li[data-contact-id="${contact.id}"] button`);
    await options.waitFor('.people-civicrm .people-kept-apart li', { text: contact.name });
    await badgeShown(false);

    await options.click('.people-civicrm .people-kept-apart li button');
    await options.waitFor(`.people-contact-matches li[data-contact-id="${contact.id}"]`);
    expect(options.consoleErrors()).toEqual([]);
    await options.close();
    await badgeShown(true);
  });

  it('a contact with a hostile name is shown as inert text in the card', async () => {
    const data = await readThrough('api4');
    const hostile = civiCrm.data.hostileLinked;
    expect(hostile).toBeDefined();
    const name = data.contacts.find((contact) => contact.id === hostile!.contactId)!.name;
    expect(name).toContain('<');
    const page = await browser.openPage('https://www.3r.org.uk/directory');
    const anchor = `a[href="/directory/${hostile!.volunteerId}"]`;
    await page.waitFor(`${anchor} + [data-descant-badge]`);
    const card = await openCardAfter(browser, page, anchor);
    expect(card?.text).toContain(name);
    expect(card?.images).toBe(0);
    expect(scriptErrors(page)).toEqual([]);
    await page.close();
  });
});
