import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startThreeRingsSimulator, type SimShift, type ThreeRingsSim } from '../simulators/three-rings/server';
import { BROWSERS, launchExtensionBrowser, type BrowserName, type ExtensionApi, type ExtensionBrowser, type TestPage } from './harness';
import { waitForStored } from './harness/extension-state';
import { signInToThreeRings } from '../tools/three-rings-session';

const MINUTE = 60_000;
/** Long enough to sign in, choose the lead and restart the background before the reminder is due. */
const DUE_IN_MS = 50_000;

/**
 * Chromium cannot grant an optional permission without its prompt, which no test can answer:
 * it gets a copy of the build that asks for `notifications` at install instead. The code under
 * test is the same; only how the permission came to be held differs. Firefox uses the real
 * build and grants what Settings asks for without the prompt.
 */
function extensionDirFor(name: BrowserName): { dir?: string; cleanUp: () => void } {
  if (name === 'firefox') return { cleanUp: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'descant-notifications-'));
  cpSync(resolve('.output/chrome-mv3'), dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { permissions: string[]; optional_permissions?: string[] };
  manifest.permissions.push('notifications');
  manifest.optional_permissions = manifest.optional_permissions?.filter((name) => name !== 'notifications');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return { dir, cleanUp: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One of my shifts, starting just after the 30-minute lead, so its reminder is due in DUE_IN_MS. */
function addMyShiftSoon(sim: ThreeRingsSim): SimShift {
  const mine = sim.data.shifts.find((shift) => !shift.allDay && shift.volunteerShifts.some((place) => place.volunteerId === sim.data.signedInVolunteer.id))!;
  const startsAt = new Date(Math.ceil((Date.now() + 30 * MINUTE + DUE_IN_MS) / 1000) * 1000).toISOString();
  const id = Math.max(...sim.data.shifts.map((shift) => shift.id)) + 1;
  const soon: SimShift = { ...mine, id, startsAt, volunteerShifts: mine.volunteerShifts.map((place) => ({ ...place, id: place.id + 100_000 })) };
  sim.data.shifts.push(soon);
  return soon;
}

async function inExtensionPage<T>(browser: ExtensionBrowser, use: (page: TestPage) => Promise<T>): Promise<T> {
  const page = await browser.openExtensionPage('options.html');
  try {
    return await use(page);
  } finally {
    await page.close();
  }
}

const reminderAlarms = (browser: ExtensionBrowser) =>
  inExtensionPage(browser, (page) => page.evaluate(async () => (await (((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi).alarms.getAll()).map((alarm) => alarm.name).filter((name) => name.startsWith('reminder:'))));

describe.each(BROWSERS)('%s: shift reminders', (browserName) => {
  let sim: ThreeRingsSim;
  let browser: ExtensionBrowser;
  let build: ReturnType<typeof extensionDirFor>;

  beforeAll(async () => {
    sim = await startThreeRingsSimulator();
    build = extensionDirFor(browserName);
    browser = await launchExtensionBrowser(browserName, { hostMap: { 'www.3r.org.uk': sim.port }, grantWithoutPrompt: true, ...(build.dir && { extensionDir: build.dir }) });
  });
  afterAll(async () => {
    await browser?.close();
    await sim?.close();
    build?.cleanUp();
  });

  it('a reminder fires for my shift once, across restarts of the background', { timeout: 180_000 }, async () => {
    const soon = addMyShiftSoon(sim);
    const name = `reminder:${soon.id}`;
    await signInToThreeRings(browser);

    // Chosen from the keyboard, as a member would: the permission is asked for from that change.
    await inExtensionPage(browser, async (settings) => {
      await settings.waitFor('select[name="reminderLead"]');
      await settings.evaluate(() => document.querySelector<HTMLSelectElement>('select[name="reminderLead"]')!.focus());
      await settings.press('ArrowDown');
      await settings.waitFor('.status', { text: 'Saved.' });
      expect(await settings.evaluate(() => document.querySelector<HTMLSelectElement>('select[name="reminderLead"]')!.value)).toBe('30m');
    });
    await waitForStored<{ data: { shifts: { id: number }[] } }>(browser, 'threeRings.shifts', (cache) => !!cache?.data.shifts.some((shift) => shift.id === soon.id));
    await expect.poll(() => reminderAlarms(browser), { timeout: 10_000 }).toContain(name);

    // Before it is due: the reminder must survive the restart.
    await browser.restartBackground();
    const notified = await waitForStored<Record<string, string>>(browser, 'reminders.notified', (value) => !!value?.[soon.id], DUE_IN_MS + 30_000);
    expect(notified[soon.id]).toBe(soon.startsAt);
    const shown = await inExtensionPage(browser, (page) => page.evaluate(async () => Object.keys(await (((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi).notifications.getAll())));
    // Headless Firefox lists none in getAll (none stays open there): the record made on firing is the evidence.
    expect(shown).toEqual(browserName === 'chromium' ? [name] : []);

    // After it fired: a new background sets no alarm for it again.
    await browser.restartBackground();
    await new Promise((done) => setTimeout(done, 3_000));
    expect(await reminderAlarms(browser)).not.toContain(name);
    expect(await waitForStored(browser, 'reminders.notified', () => true)).toEqual(notified);
    expect(browser.backgroundErrors()).toEqual([]);
  });
});
