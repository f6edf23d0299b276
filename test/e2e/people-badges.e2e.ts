import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startThreeRingsSimulator, type ThreeRingsSim } from '../simulators/three-rings/server';
import { HARMONYSITE_DEMO_PASSWORD, HARMONYSITE_DEMO_USERNAME, startHarmonySiteSimulator, type HarmonySiteSim } from '../simulators/harmonysite/server';
import { BROWSERS, launchExtensionBrowser, type ExtensionApi, type ExtensionBrowser } from './harness';
import { badgeTextAfter, badgesOnPage, openCardAfter, readSecret, readStorage, refreshAndWait, scriptErrors, shiftBadgeText, storedStrings, waitForStored, writeStorage } from './harness/extension-state';
import { signInToThreeRings } from '../tools/three-rings-session';
import { HARMONYSITE_HOST, HARMONYSITE_ORIGIN, signInToHarmonySite } from '../tools/harmonysite-session';
import type { ChoirEvent, ChoirMember } from '@/lib/model';
import type { Cached, HarmonySiteData } from '@/lib/store';

/**
 * The overlay, end to end: both simulated sites, the built extension in a real browser, the
 * member signed in to both sites as they would be, and badges read from the sites' own pages.
 */
describe.each(BROWSERS)('%s: badges on Three Rings and HarmonySite pages', (browserName) => {
  let threeRings: ThreeRingsSim;
  let harmonySite: HarmonySiteSim;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    threeRings = await startThreeRingsSimulator();
    harmonySite = await startHarmonySiteSimulator({ volunteers: threeRings.data.volunteers });
    browser = await launchExtensionBrowser(browserName, {
      hostMap: { 'www.3r.org.uk': threeRings.port, [HARMONYSITE_HOST]: harmonySite.port },
    });
    await signInToThreeRings(browser);
    await signInToHarmonySite(browser, HARMONYSITE_DEMO_USERNAME, HARMONYSITE_DEMO_PASSWORD);
    await refreshAndWait(browser, ['threeRings.directory', 'harmonySite.data']);
  });
  afterAll(async () => {
    await browser?.close();
    await threeRings?.close();
    await harmonySite?.close();
  });
  beforeEach(() => {
    threeRings.reset();
    harmonySite.reset();
  });

  /** The members as Descant stored them, and the volunteer the simulator says each one is. */
  async function linkedMembers(): Promise<{ member: ChoirMember; volunteerId: number }[]> {
    const members = (await readStorage<{ data: { members: ChoirMember[] } }>(browser, 'harmonySite.data')).data.members;
    return harmonySite.data.truth.flatMap(({ memberId, volunteerId }) => {
      const member = members.find((candidate) => candidate.id === memberId);
      return member ? [{ member, volunteerId }] : [];
    });
  }

  it('Three Rings directory: volunteers who are members get their voice part and status', async () => {
    const page = await browser.openPage('https://www.3r.org.uk/directory');
    await page.waitFor('[data-descant-badge]');
    const linked = (await linkedMembers()).filter(({ member }) => member.voicePart && member.membershipStatus).slice(0, 5);
    expect(linked.length).toBeGreaterThan(0);
    for (const { member, volunteerId } of linked) {
      const text = await badgeTextAfter(browser, page, `a[href="/directory/${volunteerId}"]`);
      expect(text).toContain(member.voicePart);
      expect(text).toContain(member.membershipStatus);
    }
    expect(scriptErrors(page)).toEqual([]);
    await page.close();
  });

  it('Three Rings: rows the page adds later get badges, and no anchor ever gets two', async () => {
    const page = await browser.openPage('https://www.3r.org.uk/directory');
    await page.waitFor('[data-descant-badge]');
    const { volunteerId } = (await linkedMembers())[0]!;
    await page.evaluate((id) => {
      const table = document.querySelector('table tbody') as HTMLTableSectionElement;
      for (let copy = 0; copy < 2; copy++) {
        const row = table.insertRow();
        row.className = 'added-later';
        row.insertCell().innerHTML = `<a href="/directory/${id}">Added later</a>`;
      }
    }, volunteerId);
    await page.waitUntil(() => [...document.querySelectorAll('tr.added-later a')].every((a) => a.nextElementSibling?.hasAttribute('data-descant-badge')));
    // Scanning again (as after more mutations) must not add a second badge anywhere.
    await page.evaluate(() => document.body.append(document.createElement('div')));
    // The overlay looks for new links once per frame: two frames later it has looked.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const doubled = await page.evaluate(
      () => [...document.querySelectorAll('[data-descant-badge]')].filter((host) => host.nextElementSibling?.hasAttribute('data-descant-badge')).length,
    );
    expect(doubled).toBe(0);
    await page.close();
  });

  it('an open page redraws when the background says what it shows has changed (it reads no storage itself)', async () => {
    const { member, volunteerId } = (await linkedMembers())[0]!;
    const anchor = `a[href="/directory/${volunteerId}"]`;
    const page = await browser.openPage('https://www.3r.org.uk/directory');
    await page.waitFor(`${anchor} + [data-descant-badge]`);
    const links = await readStorage<unknown[] | undefined>(browser, 'people.links');
    try {
      // "Not the same person", as Who is who in Settings records it.
      await writeStorage(browser, { 'people.links': [{ a: { source: 'threeRings', id: volunteerId }, b: { source: 'harmonySite', id: member.id }, linked: false }] });
      await page.waitUntil((selector) => !document.querySelector(`${selector} + [data-descant-badge]`), anchor);
    } finally {
      await writeStorage(browser, { 'people.links': links ?? [] });
    }
    await page.waitFor(`${anchor} + [data-descant-badge]`);
    expect(scriptErrors(page)).toEqual([]);
    await page.close();
  });

  it('the popup\'s "Coming up" merges Three Rings\' and HarmonySite\'s events in date order', async () => {
    const fromThreeRings = (await waitForStored<Cached<ChoirEvent[]>>(browser, 'threeRings.events', (value) => !!value?.data.length)).data.map((event) => event.name);
    const fromHarmonySite = (await readStorage<Cached<HarmonySiteData>>(browser, 'harmonySite.data')).data.events.map((event) => event.name);
    const popup = await browser.openExtensionPage('popup.html');
    await popup.waitFor('.events .event');
    const shown = await popup.evaluate(() =>
      [...document.querySelectorAll('.events .event')].map((item) => ({ date: item.querySelector('time')!.getAttribute('datetime')!, name: item.querySelector('.event-name')!.textContent ?? '' })),
    );
    expect(shown.map((item) => item.date)).toEqual(shown.map((item) => item.date).sort());
    expect(shown.some((item) => fromThreeRings.includes(item.name))).toBe(true);
    expect(shown.some((item) => fromHarmonySite.includes(item.name))).toBe(true);
    expect(popup.consoleErrors()).toEqual([]);
    await popup.close();
  });

  it('Three Rings rota: my shifts are marked, and places still to fill are shown', async () => {
    const me = threeRings.data.signedInVolunteer.id;
    const page = await browser.openPage('https://www.3r.org.uk/rota');
    await page.waitFor('[data-shift-id] [data-descant-badge]');
    const shifts = await readStorage<{ data: { shifts: { id: number; volunteers: { id: number }[]; unfilledPlaces?: number }[] } }>(browser, 'threeRings.shifts');
    const onPage = new Set(await page.evaluate(() => [...document.querySelectorAll('[data-shift-id]')].map((element) => Number(element.getAttribute('data-shift-id')))));
    const mine = shifts.data.shifts.find((shift) => onPage.has(shift.id) && shift.volunteers.some((person) => person.id === me));
    const short = shifts.data.shifts.find((shift) => onPage.has(shift.id) && (shift.unfilledPlaces ?? 0) > 0);
    expect(mine).toBeDefined();
    expect(await shiftBadgeText(browser, page, mine!.id)).toMatch(/your shift/i);
    expect(short).toBeDefined();
    expect(await shiftBadgeText(browser, page, short!.id)).toContain(String(short!.unfilledPlaces));
    await page.close();
  });

  it('HarmonySite member list: each volunteer member shows their next shift, also on rows shown later', async () => {
    const page = await browser.openPage(`${HARMONYSITE_ORIGIN}/dbpage.php?pg=admin&dbase=members`);
    await page.waitFor('[data-descant-badge]');
    const before = await page.count('[data-descant-badge]');
    await page.click('button.show-more, #show-more, [data-show-more]');
    await page.waitUntil((count) => document.querySelectorAll('[data-descant-badge]').length > count, before);
    const linked = await linkedMembers();
    const shown = await badgesOnPage(browser, page);
    const withShift = shown.filter((badge) => badge.text.trim().length > 0);
    expect(withShift.length).toBeGreaterThan(0);
    for (const badge of withShift) {
      const id = Number(new URL(badge.href, HARMONYSITE_ORIGIN).searchParams.get('id'));
      expect(linked.some(({ member }) => member.id === id)).toBe(true);
    }
    expect(scriptErrors(page)).toEqual([]);
    await page.close();
  });

  it('hostile names are shown as inert text in the card', async () => {
    const hostile = (await linkedMembers()).find(({ member }) => member.name.includes('<'));
    expect(hostile).toBeDefined();
    const page = await browser.openPage('https://www.3r.org.uk/directory');
    await page.waitFor(`a[href="/directory/${hostile!.volunteerId}"] + [data-descant-badge]`);
    const card = await openCardAfter(browser, page, `a[href="/directory/${hostile!.volunteerId}"]`);
    expect(card?.text).toContain(hostile!.member.name);
    expect(card?.images).toBe(0);
    expect(scriptErrors(page)).toEqual([]);
    await page.close();
  });

  it('a HarmonySite that refuses the session leads to the sign-in, which keeps only a token', async () => {
    harmonySite.setFault({ kind: 'refuse-session-token' });
    await refreshAndWait(browser, []);
    const options = await browser.openExtensionPage('options.html');
    await options.waitFor('[data-service="harmonySite"][data-problem="signed-out"]');
    await options.fill('input[name="harmonySiteUsername"]', HARMONYSITE_DEMO_USERNAME);
    await options.fill('input[name="harmonySitePassword"]', HARMONYSITE_DEMO_PASSWORD);
    await options.click('form.harmonysite-sign-in button[type="submit"]');
    await options.waitFor('.harmonysite-state', { text: /\d+/ });
    const stored = await options.evaluate(async () => {
      const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi;
      return api.storage.local.get(null);
    });
    // The token is kept apart from extension storage, where content scripts cannot reach it.
    expect(stored['harmonySite.apiToken']).toBeUndefined();
    const token = await readSecret(browser, 'harmonySite.apiToken');
    expect(token).toMatchObject({ origin: HARMONYSITE_ORIGIN, token: expect.any(String) });
    expect([...storedStrings(stored), ...storedStrings(token)]).not.toContain(HARMONYSITE_DEMO_PASSWORD);

    // The token runs out while the site still refuses the session: a clear "sign in again".
    harmonySite.setFault({ kind: 'signed-out' });
    await options.evaluate(() => {
      const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi;
      return api.runtime.sendMessage({ type: 'refresh', force: true });
    });
    await options.waitFor('[data-service="harmonySite"][data-problem="token-expired"]');
    expect(options.consoleErrors()).toEqual([]);
    await options.close();
  });

  const states: [string, Parameters<HarmonySiteSim['setFault']>[0], string][] = [
    ['an error status', { kind: 'error-status' }, '[data-service="harmonySite"][data-problem="service-error"]'],
    ['an empty table', { kind: 'empty-table', table: 'members' }, '.harmonysite-state'],
    ['a single-record table', { kind: 'single-record', table: 'members' }, '.harmonysite-state'],
  ];

  it.each(states)('%s gives a clear state in Settings', async (name, fault, selector) => {
    harmonySite.setFault(fault);
    const options = await browser.openExtensionPage('options.html');
    await options.evaluate(() => {
      const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi;
      return api.runtime.sendMessage({ type: 'refresh', force: true });
    });
    const count = name === 'an empty table' ? ': 0 ' : name === 'a single-record table' ? ': 1 ' : undefined;
    await options.waitFor(selector, count ? { text: count } : {});
    expect(options.consoleErrors()).toEqual([]);
    await options.close();
  });
});
