import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSERS, type TestPage } from './harness';
import { badgeTextAfter, readStorage, scriptErrors, waitForStored, writeStorage } from './harness/extension-state';
import { startChoirSites, type ChoirSites } from '../tools/choir-sites';
import { HEALTH_CASES } from '../simulators/health-cases';
import { FINDING_KINDS, type FindingKind } from '@/lib/health/findings';
import type { ManualLink } from '@/lib/people/match';

/**
 * The choir data health page, end to end: the three simulated sites, the built extension in a
 * real browser with the member signed in to each, and the findings their data holds.
 */
describe.each(BROWSERS)('%s: choir data health', (browserName) => {
  let sites: ChoirSites;
  let downloads: string;

  beforeAll(async () => {
    downloads = mkdtempSync(join(tmpdir(), 'descant-downloads-'));
    sites = await startChoirSites(browserName, { launch: { downloadsDir: downloads } });
  });
  afterAll(async () => {
    await sites?.close();
    rmSync(downloads, { recursive: true, force: true });
  });

  async function openHealth(): Promise<TestPage> {
    const page = await sites.browser.openExtensionPage('health.html');
    await page.waitFor('.finding');
    return page;
  }

  /** How many findings of each kind the page counts. */
  async function counts(page: TestPage): Promise<Record<string, number>> {
    return page.evaluate(() => Object.fromEntries([...document.querySelectorAll<HTMLElement>('.kind-option')].map((option) => [option.dataset.kind!, Number(option.dataset.count)])));
  }

  /** The sentences of the findings of one kind the page lists. */
  async function sentences(page: TestPage, kind: FindingKind): Promise<string[]> {
    return page.evaluate((wanted) => [...document.querySelectorAll(`.finding[data-kind="${wanted}"] .sentence`)].map((sentence) => sentence.textContent ?? ''), kind);
  }

  it('lists each kind of finding, on the people the sites hold it for', async () => {
    const page = await openHealth();
    const found = await counts(page);
    for (const kind of FINDING_KINDS) expect(found[kind], kind).toBeGreaterThan(0);
    const { formerMemberWithShift, expiredMembership, membershipEndingSoon, twoEmails, probablySamePerson, sharedEmail, duplicateMember, noVoicePart, noEmailAnywhere } = HEALTH_CASES;
    const name = (person: { firstName: string; surname: string }) => `${person.firstName} ${person.surname}`;
    const expected: [FindingKind, string][] = [
      ['notCurrentWithShifts', `${name(formerMemberWithShift)} is “Former” on HarmonySite but has`],
      ['membershipLapsed', `${name(expiredMembership)} is a current member, but their CiviCRM membership (`],
      ['membershipEnding', `${name(membershipEndingSoon)}'s CiviCRM membership (`],
      ['differentEmails', `${name(twoEmails)} has different email addresses: ${twoEmails.threeRingsEmail} on Three Rings and ${twoEmails.harmonySiteEmail} on HarmonySite.`],
      ['volunteerOnly', `${name(probablySamePerson)} is a volunteer on Three Rings but not a member on HarmonySite. Probably the same person as ${name(probablySamePerson)} on HarmonySite`],
      ['memberOnly', `${name(probablySamePerson)} is a current member on HarmonySite but not a volunteer on Three Rings. Probably the same person`],
      ['sharedEmail', `${sharedEmail.email} is the email address of `],
      ['duplicate', `${name(duplicateMember)} is in HarmonySite 2 times, with the same name and email.`],
      ['noVoicePart', `${name(noVoicePart)} is a current member with no voice part on HarmonySite.`],
      ['noEmail', `${name(noEmailAnywhere)} has no email address in any system.`],
    ];
    for (const [kind, start] of expected) expect(await sentences(page, kind), kind).toContainEqual(expect.stringContaining(start));
    // Its renewal is on a membership that has run out, not one ending soon.
    expect((await sentences(page, 'membershipEnding')).join()).not.toContain(name(expiredMembership));
    expect(scriptErrors(page)).toEqual([]);
    await page.close();
  });

  it('"Link them" records the decision in Who is who, and the badges follow it', async () => {
    const { volunteerId } = HEALTH_CASES.probablySamePerson;
    const directory = await sites.browser.openPage('https://www.3r.org.uk/directory');
    await directory.waitFor('[data-descant-badge]');
    const anchor = `a[href="/directory/${volunteerId}"]`;
    expect(await badgeTextAfter(sites.browser, directory, anchor), 'no badge before the link').toBe('');

    const page = await openHealth();
    const finding = `.finding[data-kind="volunteerOnly"][data-records~="threeRings:${volunteerId}"]`;
    await page.click(`${finding} .link-them`);
    await page.waitFor('.status', { text: /^Linked / });
    const links = await waitForStored<ManualLink[]>(sites.browser, 'people.links', (stored) => !!stored?.some((link) => link.linked && [link.a, link.b].some((ref) => ref.source === 'threeRings' && ref.id === volunteerId)));
    const memberId = links.flatMap((link) => [link.a, link.b]).find((ref) => ref.source === 'harmonySite')!.id;
    // One person now, with two addresses: no longer in one system only.
    await page.waitFor(`.finding[data-kind="differentEmails"][data-records~="threeRings:${volunteerId}"][data-records~="harmonySite:${memberId}"]`);
    expect(await page.count(finding)).toBe(0);
    expect(await page.count(`.finding[data-kind="memberOnly"][data-records~="harmonySite:${memberId}"]`)).toBe(0);

    // The open directory page redraws: their badge now says what HarmonySite knows of them.
    await expect.poll(() => badgeTextAfter(sites.browser, directory, anchor), { timeout: 15_000 }).not.toBe('');
    // Taken back, for the other tests.
    await writeStorage(sites.browser, { 'people.links': [] });
    expect(await readStorage<ManualLink[]>(sites.browser, 'people.links')).toEqual([]);
    await page.close();
    await directory.close();
  });

  it('Export CSV downloads every finding shown, one row each, as UTF-8 with a byte order mark', async () => {
    const page = await openHealth();
    const total = (await counts(page)).all!;
    await page.click('button.export-csv');
    const csv = await downloaded(downloads);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe('Kind,Person,Finding,Three Rings id,Three Rings link,HarmonySite id,HarmonySite link,CiviCRM id,CiviCRM link');
    // Quoted line breaks would split a row: the simulators' names hold none.
    expect(lines.filter(Boolean)).toHaveLength(total + 1);
    await page.close();
  });

  it('draws and exports only the kind chosen, as the background hands it over', async () => {
    rmSync(downloads, { recursive: true, force: true });
    mkdirSync(downloads);
    const page = await openHealth();
    const noEmail = (await counts(page)).noEmail!;
    await page.click('.kind-option[data-kind="noEmail"] input');
    await page.waitUntil(() => [...document.querySelectorAll('.finding')].every((item) => item.getAttribute('data-kind') === 'noEmail'));
    expect(await page.evaluate(() => document.querySelectorAll('.finding').length)).toBe(noEmail);
    await page.click('button.export-csv');
    const rows = (await downloaded(downloads)).slice(1).split('\r\n').filter(Boolean).slice(1);
    expect(rows).toHaveLength(noEmail);
    for (const row of rows) expect(row.startsWith('No email,')).toBe(true);
    expect(scriptErrors(page)).toEqual([]);
    await page.close();
  });
});

/** The text of the first file to finish downloading into `dir`. */
async function downloaded(dir: string, timeoutMs = 15_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    // Browsers write a partial file first (".part", ".crdownload"), then rename it.
    const done = readdirSync(dir).filter((name) => !/\.(part|crdownload)$/.test(name));
    if (done.length > 0) {
      const text = readFileSync(join(dir, done[0]!), 'utf8');
      if (text.endsWith('\r\n')) return text;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing was downloaded into ${dir}`);
}
