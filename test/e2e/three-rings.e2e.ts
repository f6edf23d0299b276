import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  maxRequestsInWindow,
  startThreeRingsSimulator,
  type Fault,
  type ThreeRingsSim,
} from '../simulators/three-rings/server';
import { BROWSERS, launchExtensionBrowser, type ExtensionApi, type ExtensionBrowser, type TestPage } from './harness';
import { formatDay, formatTimeRange } from '@/lib/format';
import { signInToThreeRings } from '../tools/three-rings-session';
import { readStorage } from './harness/extension-state';
import type { Shift } from '@/lib/model';
import type { Cached, ShiftWindow } from '@/lib/store';

/** The browsers run in a zone far from London and UTC, so a wrong time conversion shows. */
const TIME_ZONE = 'America/New_York';
const LOCALE = 'en-US';
const DAY = 24 * 3600_000;

describe.each(BROWSERS)('%s: Three Rings in the popup', (browserName) => {
  let sim: ThreeRingsSim;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    sim = await startThreeRingsSimulator();
    browser = await launchExtensionBrowser(browserName, { hostMap: { 'www.3r.org.uk': sim.port }, timeZone: TIME_ZONE, locale: LOCALE });
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.close();
  });
  beforeEach(async () => {
    // Each test starts inside the rate limit and out of any backoff an earlier test caused. The
    // settings page is used for this because, unlike the popup, it sends no refresh of its own.
    const settings = await browser.openExtensionPage('options.html');
    await settings.waitFor('main');
    await settings.evaluate(() => {
      const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi;
      return api.storage.local.remove(['threeRings.requestLog', 'threeRings.backoff']);
    });
    await settings.close();
    sim.reset();
  });

  const myUpcomingShifts = (me = sim.data.signedInVolunteer.id) => {
    const now = Date.now();
    return sim.data.shifts
      .filter((shift) => shift.volunteerShifts.some((place) => place.volunteerId === me))
      .filter((shift) => Date.parse(shift.startsAt) + shift.durationSeconds * 1000 > now && Date.parse(shift.startsAt) < now + 14 * DAY)
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  };

  it('before signing in, says to sign in to Three Rings', async () => {
    await withPopup(browser, async (popup) => {
      await popup.waitFor('[data-service="threeRings"][data-problem="signed-out"]');
      expect(await popup.text('[role="alert"][data-service="threeRings"] a')).toBe('Sign in to Three Rings');
      // First run: signing in and opening a page still to do; this build's profile is built in.
      await popup.waitFor('.first-run li');
      expect(await popup.evaluate(() => [...document.querySelectorAll('.first-run li')].map((step) => step.classList.contains('done')))).toEqual([false, false, true]);
      expect(popup.consoleErrors()).toEqual([]);
    });
  });

  it('after signing in, lists my shifts in local time with co-volunteers, without role suffixes', async () => {
    await signInToThreeRings(browser);
    await withPopup(browser, async (popup) => {
      await popup.click('button[title="Refresh"]');
      await popup.waitFor('.my-shifts .shift');
      await popup.waitUntil(() => !document.querySelector('.first-run'));
      const shown = await popup.evaluate(() =>
        [...document.querySelectorAll('.my-shifts .shift')].map((item) => ({
          id: Number(item.getAttribute('data-shift-id')),
          text: item.textContent ?? '',
        })),
      );
      const expected = myUpcomingShifts();
      expect(shown.map((item) => item.id)).toEqual(expected.map((shift) => shift.id));

      const first = expected.find((shift) => !shift.allDay)!;
      const firstShown = shown.find((item) => item.id === first.id)!;
      const end = new Date(Date.parse(first.startsAt) + first.durationSeconds * 1000).toISOString();
      const format = { locale: LOCALE, timeZone: TIME_ZONE };
      // Browsers and Node may ship different CLDR data: compare with every kind of space as one.
      const spaces = (text: string) => text.replace(/\s/g, ' ');
      expect(spaces(firstShown.text)).toContain(spaces(formatDay(first.startsAt, format)));
      expect(spaces(firstShown.text)).toContain(spaces(formatTimeRange(first.startsAt, end, format)));

      const allText = await popup.text('main');
      expect(allText).not.toMatch(/\[[A-Z][A-Za-z,]*\]/); // no "[COM,NW]" anywhere
      const me = sim.data.signedInVolunteer.id;
      const shared = expected.find((shift) => shift.volunteerShifts.some((place) => place.volunteerId !== me));
      expect(shared).toBeDefined();
      const coVolunteer = sim.data.volunteers.find((volunteer) => volunteer.id !== me && shared!.volunteerShifts.some((place) => place.volunteerId === volunteer.id))!;
      expect(shown.find((item) => item.id === shared!.id)!.text).toContain(coVolunteer.friendlyName);

      const nextDay = expected.filter((shift) => Date.parse(shift.startsAt) < Date.now() + DAY).length;
      await popup.waitUntil(
        async (count) => {
          const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi;
          return (await (api.action ?? api.browserAction).getBadgeText({})) === count;
        },
        String(nextDay),
      );
      expect(popup.consoleErrors()).toEqual([]);
    });
    // From the moment the simulator signed the member in: the refresh that signing in starts may
    // already be under way by then, and the Refresh click shares it rather than asking again.
    const signedInAt = sim.lastSignInAt()!;
    const sinceSignIn = sim.requests().filter((request) => request.at >= signedInAt);
    expect(sinceSignIn.length).toBeGreaterThan(0);
    expect(sinceSignIn.filter((request) => !request.userAgent.startsWith('Descant/'))).toEqual([]);
    expect(sinceSignIn.filter((request) => !request.hasSession)).toEqual([]);
  });

  it('"Add to calendar" on my shift downloads an .ics holding its start and end in UTC', async () => {
    await withPopup(browser, async (popup) => {
      await popup.waitFor('.my-shifts .shift');
      const first = myUpcomingShifts().find((shift) => !shift.allDay)!;
      const item = `.my-shifts .shift[data-shift-id="${first.id}"]`;
      await popup.click(`${item} .add-to-calendar summary`);
      await popup.waitFor(`${item} .calendar-choices a[download]`);
      // What the download link saves.
      const ics = await popup.evaluate(async (selector) => (await fetch(document.querySelector<HTMLAnchorElement>(`${selector} a[download]`)!.href)).text(), item);
      const utc = (instant: number) => new Date(instant).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
      expect(ics).toContain(`\r\nDTSTART:${utc(Date.parse(first.startsAt))}\r\n`);
      expect(ics).toContain(`\r\nDTEND:${utc(Date.parse(first.startsAt) + first.durationSeconds * 1000)}\r\n`);
      expect(ics).toContain(`\r\nUID:threeRings-shift-${first.id}@descant\r\n`);
      expect(await popup.count(`${item} .calendar-choices a[href^="https://calendar.google.com/"]`)).toBe(1);
      expect(popup.consoleErrors()).toEqual([]);
    });
  });

  it('marks places up for swap on the rota, and lists the shifts on my rotas that could use my help', async () => {
    await withPopup(browser, async (popup) => {
      await popup.waitFor('.rota .shift');
      const stored = (await readStorage<Cached<ShiftWindow>>(browser, 'threeRings.shifts')).data.shifts;
      const byId = new Map(stored.map((shift) => [shift.id, shift]));
      const idsIn = (selector: string) => popup.evaluate((css) => [...document.querySelectorAll(css)].map((item) => Number(item.getAttribute('data-shift-id'))), selector);

      const marked = await idsIn('.rota .shift:has(.swap)');
      expect(marked.length).toBeGreaterThan(0);
      expect(marked.every((id) => byId.get(id)?.volunteers.some((person) => person.upForSwap))).toBe(true);

      const me = sim.data.signedInVolunteer.id;
      const now = Date.now();
      const isMine = (shift: Shift) => shift.volunteers.some((person) => person.id === me);
      const myRotas = new Set(stored.filter((shift) => isMine(shift) && Date.parse(shift.end) > now).map((shift) => shift.rota.id ?? shift.rota.name));
      const wanted = stored.filter(
        (shift) => Date.parse(shift.end) > now && Date.parse(shift.start) < now + 7 * DAY && myRotas.has(shift.rota.id ?? shift.rota.name) && !isMine(shift) && !shift.closed && (shift.unfilledPlaces ?? 0) > 0,
      );
      expect(wanted.length).toBeGreaterThan(0);
      expect(await idsIn('.could-help .shift')).toEqual(wanted.map((shift) => shift.id));
      expect(await popup.count('.could-help .shift a.shift-link[href^="https://www.3r.org.uk/rota/for/"]')).toBe(wanted.length);
      expect(popup.consoleErrors()).toEqual([]);
    });
  });

  it('signed out later: says so and keeps the cached shifts, marked stale', async () => {
    sim.signOutAll();
    await withPopup(browser, async (popup) => {
      await popup.waitFor('.my-shifts .shift');
      await popup.click('button[title="Refresh"]');
      await popup.waitFor('[data-service="threeRings"][data-problem="signed-out"]');
      await popup.waitFor('[data-stale="true"]');
      expect(await popup.count('.my-shifts .shift')).toBe(myUpcomingShifts().length);
      expect(popup.consoleErrors()).toEqual([]);
    });
    await signInToThreeRings(browser); // for the tests that follow
  });

  const faults: [string, Fault, string][] = [
    ['401', { kind: 'signed-out', as: '401' }, 'signed-out'],
    ['403', { kind: 'signed-out', as: '403' }, 'signed-out'],
    ['429', { kind: '429', retryAfterSeconds: 120 }, 'server-busy'],
    ['500', { kind: '500' }, 'server-busy'],
    ['truncated JSON', { kind: 'truncated-json' }, 'bad-response'],
    ['wrong types', { kind: 'wrong-types' }, 'bad-response'],
    ['HTML instead of JSON', { kind: 'html-instead-of-json' }, 'bad-response'],
  ];

  it.each(faults)('on %s: a clear message, nothing lost, no uncaught error', async (_, fault, problem) => {
    sim.setFault(fault);
    await withPopup(browser, async (popup) => {
      await popup.waitFor('.my-shifts .shift');
      const before = await popup.count('.shift');
      await popup.click('button[title="Refresh"]');
      await popup.waitFor(`[data-service="threeRings"][data-problem="${problem}"]`);
      expect(await popup.text('[role="alert"][data-service="threeRings"]')).toMatch(/\w+.*\./);
      expect(await popup.count('.shift')).toBe(before);
      expect(popup.consoleErrors()).toEqual([]);
    });
    expect(browser.backgroundErrors()).toEqual([]);
  });

  it('when Three Rings is slow, shows it is refreshing and then the new data', async () => {
    sim.setFault({ kind: 'slow', delayMs: 2500 });
    await withPopup(browser, async (popup) => {
      await popup.waitFor('.my-shifts .shift');
      await popup.click('button[title="Refresh"]');
      await popup.waitFor('.updated', { text: 'Refreshing…' });
      await popup.waitFor('.updated', { text: /Updated/, timeoutMs: 15_000 });
      expect(await popup.count('[role="alert"][data-service="threeRings"]')).toBe(0);
    });
  });

  it('a volunteer number set in Settings wins over the one the page showed', async () => {
    const upcoming = new Map<number, number>();
    for (const shift of sim.data.shifts) {
      if (Date.parse(shift.startsAt) < Date.now()) continue;
      for (const place of shift.volunteerShifts) upcoming.set(place.volunteerId, (upcoming.get(place.volunteerId) ?? 0) + 1);
    }
    const other = [...upcoming.keys()].find((id) => id !== sim.data.signedInVolunteer.id && myUpcomingShifts(id).length > 0)!;
    const options = await browser.openExtensionPage('options.html');
    await options.fill('input[name="volunteerId"]', String(other));
    await options.click('section[aria-labelledby="me-heading"] button[type="submit"]');
    await options.waitFor('.me-manual', { text: String(other) });
    await withPopup(browser, async (popup) => {
      await popup.waitUntil(
        (ids) => [...document.querySelectorAll('.my-shifts .shift')].map((item) => item.getAttribute('data-shift-id')).join() === ids,
        myUpcomingShifts(other).map((shift) => String(shift.id)).join(),
      );
    });
    await options.click('section[aria-labelledby="me-heading"] button[type="button"]');
    // "Saved." is already on screen from the first save: wait for the override itself to go.
    await options.waitUntil(() => document.querySelector('.me-manual') === null);
    expect(await options.text('.status')).toBe('Saved.');
    expect(options.consoleErrors()).toEqual([]);
    await options.close();
  });

  it('a burst of 200 refresh triggers, across a background restart, never sends more than 30 requests in 60 s', async () => {
    const burst = (count: number) =>
      withPopup(browser, (popup) =>
        popup.evaluate(async (times) => {
          const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi;
          for (let i = 0; i < times; i++) await api.runtime.sendMessage({ type: 'refresh', force: true });
        }, count),
      );
    await burst(100);
    await browser.restartBackground();
    await burst(100);
    const requests = sim.requests();
    const timeline = requests.map((request) => `${request.at - requests[0]!.at}ms ${request.status} ${request.path}`);
    expect(maxRequestsInWindow(requests), timeline.join('\n')).toBeLessThanOrEqual(30);
    expect(requests.length).toBe(30); // the limit was reached, not avoided by luck
    await withPopup(browser, (popup) => popup.waitFor('[data-service="threeRings"][data-problem="rate-limited"]'));
  });
});

async function withPopup<T>(browser: ExtensionBrowser, use: (popup: TestPage) => Promise<T>): Promise<T> {
  const popup = await browser.openExtensionPage('popup.html');
  try {
    await popup.waitFor('main');
    return await use(popup);
  } finally {
    await popup.close();
  }
}
