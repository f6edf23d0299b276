import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChoirSites, type ChoirSites } from '../tools/choir-sites';
import { BROWSERS, type TestPage } from './harness';
import { readDayBadgeBoxes, scriptErrors, type Box, type DayBadgeBox } from './harness/extension-state';

/** Sub-pixel layout rounds differently in each browser: half a pixel is no spill. */
const TOLERANCE_PX = 0.5;

/**
 * The rota's month calendar, end to end: seven narrow day columns, each day with its shifts
 * and the people on them, all three sites known (so person badges are at their longest).
 */
describe.each(BROWSERS)('%s: badges on the rota month calendar', (browserName) => {
  let sites: ChoirSites | undefined;

  beforeAll(async () => {
    sites = await startChoirSites(browserName);
  });
  afterAll(async () => {
    await sites?.close();
  });

  /** The month's rota with its badges drawn, once their number has stopped changing. */
  async function rotaWithBadges(): Promise<TestPage> {
    const page = await sites!.browser.openPage('https://www.3r.org.uk/rota');
    await page.waitFor('td[id^="day_"] [data-descant-badge]');
    let count = -1;
    for (let now = await page.count('[data-descant-badge]'); now !== count; now = await page.count('[data-descant-badge]')) {
      count = now;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return page;
  }

  it('rota badges stay inside their day cells', async () => {
    const page = await rotaWithBadges();
    const badged = {
      // The simulator's table is fixed-layout: there an overlong badge spills into the next day.
      fixed: await measure(page),
      // A theme with an auto-layout table widens a cell for its content instead.
      auto: (await setTableLayout(page, 'auto'), await measure(page)),
    };
    expect(badged.fixed.badges.length).toBeGreaterThan(10);
    expect(new Set(badged.fixed.badges.map((badge) => badge.kind))).toEqual(new Set(['person', 'shift']));

    const problems = Object.entries(badged).flatMap(([layout, { badges }]) =>
      badges.filter((badge) => !within(badge.face, badge.cell)).map((badge) => `${layout}: “${badge.text}” spills out of ${badge.day}`),
    );

    // The same page without our badges (the page itself may remove them; we do not put them back).
    await page.evaluate(() => document.querySelectorAll('[data-descant-badge]').forEach((host) => host.remove()));
    const bare = { auto: await measure(page), fixed: (await setTableLayout(page, 'fixed'), await measure(page)) };
    for (const layout of ['fixed', 'auto'] as const) {
      for (const [day, width] of Object.entries(badged[layout].cellWidths)) {
        const without = bare[layout].cellWidths[day]!;
        if (width > without + TOLERANCE_PX) problems.push(`${layout}: ${day} is ${width.toFixed(1)} px wide with badges, ${without.toFixed(1)} px without`);
      }
    }
    expect(problems).toEqual([]);
    expect(scriptErrors(page)).toEqual([]);
    await page.close();
  });

  it('rota badges say the short form, and the whole in their spoken label', async () => {
    const page = await rotaWithBadges();
    const badges = await readDayBadgeBoxes(sites!.browser, page);
    const people = badges.filter((badge) => badge.kind === 'person');
    const shifts = badges.filter((badge) => badge.kind === 'shift');
    expect(people.length).toBeGreaterThan(0);
    expect(shifts.length).toBeGreaterThan(0);
    // A person's label has their name and all the badge would say elsewhere, its text only the first of it.
    for (const badge of people) expect(badge.label).toContain(`: ${badge.text.replace(/…$/, '')}`);
    expect(people.some((badge) => / · /.test(badge.label) && !badge.text.includes(' · '))).toBe(true);
    for (const badge of shifts) expect(badge.label).toMatch(/^(Your shift|\d+ places? to fill|up for swap)( · |$)/);
    expect(shifts.some((badge) => /^\d+ to fill$/.test(badge.text))).toBe(true);
    await page.close();
  });

  /** Every badge in a day cell with its box, and every day cell's width. */
  async function measure(page: TestPage): Promise<{ badges: DayBadgeBox[]; cellWidths: Record<string, number> }> {
    const cellWidths = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('td[id^="day_"]')].map((cell) => [cell.id, cell.getBoundingClientRect().width])));
    return { badges: await readDayBadgeBoxes(sites!.browser, page), cellWidths };
  }
});

function setTableLayout(page: TestPage, layout: 'auto' | 'fixed'): Promise<void> {
  return page.evaluate((value) => {
    document.querySelector<HTMLElement>('td[id^="day_"]')!.closest('table')!.style.tableLayout = value;
  }, layout);
}

function within(inner: Box, outer: Box): boolean {
  return (
    inner.left >= outer.left - TOLERANCE_PX &&
    inner.right <= outer.right + TOLERANCE_PX &&
    inner.top >= outer.top - TOLERANCE_PX &&
    inner.bottom <= outer.bottom + TOLERANCE_PX
  );
}
