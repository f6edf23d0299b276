import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startThreeRingsSimulator, type ThreeRingsSim } from '../simulators/three-rings/server';
import { BROWSERS, launchExtensionBrowser, type BrowserName, type ExtensionApi, type ExtensionBrowser, type TestPage } from './harness';
import { refreshAndWait, waitForStored } from './harness/extension-state';
import { signInToThreeRings } from '../tools/three-rings-session';
import { chromiumBuildWithNotifications } from '../tools/notifications-build';
import { addMyShiftStartingAt } from '../tools/my-shift';

const MINUTE = 60_000;
/** Long enough to sign in, choose the lead and restart the background before the reminder is due. */
const DUE_IN_MS = 50_000;

/** Firefox grants what Settings asks for without the prompt; Chromium gets a build that holds it from install. */
function extensionDirFor(name: BrowserName): { dir?: string; cleanUp: () => void } {
  return name === 'firefox' ? { cleanUp: () => undefined } : chromiumBuildWithNotifications();
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
    await signInToThreeRings(browser);

    // Turned on and chosen from the keyboard, as a member would: the permission is asked for from the switch.
    await inExtensionPage(browser, async (settings) => {
      await settings.waitFor('input[name="feature-reminders"]');
      await settings.evaluate(() => document.querySelector<HTMLInputElement>('input[name="feature-reminders"]')!.focus());
      await settings.press(' ');
      await settings.waitFor('select[name="reminderLead"]');
      const lead = () => settings.evaluate(() => document.querySelector<HTMLSelectElement>('select[name="reminderLead"]')!.value);
      expect(await lead()).toBe('2h');
      await settings.evaluate(() => document.querySelector<HTMLSelectElement>('select[name="reminderLead"]')!.focus());
      await settings.press('ArrowUp');
      await settings.press('ArrowUp');
      await expect.poll(lead).toBe('30m');
    });
    await waitForStored<{ lead: string }>(browser, 'settings.reminders', (value) => value?.lead === '30m');
    // Added once the lead is chosen: under the 2 hours reminders start with, it would be due at once.
    // Starting just after the 30-minute lead, so its reminder is due in DUE_IN_MS.
    const soon = addMyShiftStartingAt(sim, Date.now() + 30 * MINUTE + DUE_IN_MS);
    const name = `reminder:${soon.id}`;
    await refreshAndWait(browser, ['threeRings.shifts']);
    await waitForStored<{ data: { shifts: { id: number }[] } }>(browser, 'threeRings.shifts', (cache) => !!cache?.data.shifts.some((shift) => shift.id === soon.id));
    await expect.poll(() => reminderAlarms(browser), { timeout: 10_000 }).toContain(name);

    // Before it is due: the reminder must survive the restart.
    await browser.restartBackground();
    const notified = await waitForStored<Record<string, string>>(browser, 'reminders.notified', (value) => !!value?.[soon.id], DUE_IN_MS + 30_000);
    expect(notified[soon.id]).toBe(soon.startsAt);
    const shown = await inExtensionPage(browser, (page) => page.evaluate(async () => Object.keys(await (((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as ExtensionApi).notifications.getAll())));
    // Headless Firefox lists one in getAll only while its alert window is still up: there the
    // record made on firing is the evidence, and no other notification may be open.
    if (browserName === 'chromium') expect(shown).toEqual([name]);
    else expect(shown.filter((id) => id !== name)).toEqual([]);

    // After it fired: a new background sets no alarm for it again.
    await browser.restartBackground();
    await new Promise((done) => setTimeout(done, 3_000));
    expect(await reminderAlarms(browser)).not.toContain(name);
    expect(await waitForStored(browser, 'reminders.notified', () => true)).toEqual(notified);
    expect(browser.backgroundErrors()).toEqual([]);
  });
});
