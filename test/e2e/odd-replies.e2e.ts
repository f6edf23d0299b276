import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ThreeRingsSim } from '../simulators/three-rings/server';
import type { CiviCrmSim } from '../simulators/civicrm/server';
import { startChoirSites, type ChoirSites } from '../tools/choir-sites';
import { BROWSERS, type ExtensionBrowser } from './harness';
import { readStorage, refreshAndWait, waitForRead, writeStorage } from './harness/extension-state';
import type { Cached, CiviCrmData, CiviCrmSettings, ShiftWindow, SourceStatus } from '@/lib/store';

const SHIFTS = 'threeRings.shifts';
const CIVICRM = 'civiCrm.data';
const AUTO: CiviCrmSettings = { flavour: 'auto' };

/**
 * Replies whose envelope is odd (fields beside Three Rings' payload, CiviCRM counts that are null
 * or text, no `is_error`) but whose payload is good: the data is stored and shown as usual.
 */
describe.each(BROWSERS)('%s: odd envelopes around good data', (browserName) => {
  let threeRings: ThreeRingsSim;
  let civiCrm: CiviCrmSim;
  let browser: ExtensionBrowser;
  /** What was stored from well-formed replies, to compare the odd ones' data with. */
  let wellFormed: { shifts: ShiftWindow; civiCrm: CiviCrmData };
  let sites: ChoirSites | undefined;

  beforeAll(async () => {
    sites = await startChoirSites(browserName);
    ({ threeRings, civiCrm, browser } = sites);
    await refreshAndWait(browser, [SHIFTS]);
    wellFormed = {
      shifts: (await readStorage<Cached<ShiftWindow>>(browser, SHIFTS)).data,
      civiCrm: (await readStorage<Cached<CiviCrmData>>(browser, CIVICRM)).data,
    };
  });
  afterAll(async () => {
    await sites?.close();
  });
  beforeEach(() => {
    threeRings.reset();
    civiCrm.reset();
    civiCrm.setFlavours({ api4: true, api3: true, legacy: true, emailPrimary: true });
  });

  /** Asks for a refresh and waits for `key` to be stored from a read that started now. */
  async function refreshed<T>(key: string, check: (data: T) => boolean = () => true): Promise<T> {
    const since = Date.now();
    await refreshAndWait(browser, []);
    return waitForRead<T>(browser, key, since, check);
  }

  it('Three Rings: shifts beside undocumented envelope fields are stored, shown in the popup, and no problem is recorded', async () => {
    threeRings.setFault({ kind: 'odd-envelope' });
    const window = await refreshed<ShiftWindow>(SHIFTS);
    expect(window.shifts.length).toBeGreaterThan(0);
    expect(window.shifts.map((shift) => shift.id)).toEqual(wellFormed.shifts.shifts.map((shift) => shift.id));
    expect(threeRings.requests().filter((request) => request.path.startsWith('/shift.json?')).map((request) => request.status)).toContain(200);
    expect((await readStorage<SourceStatus | undefined>(browser, 'threeRings.status'))?.problem).toBeUndefined(); // never written while clear

    const popup = await browser.openExtensionPage('popup.html');
    try {
      await popup.waitFor('.my-shifts .shift');
      expect(await popup.count('[role="alert"][data-service="threeRings"]')).toBe(0);
      expect(popup.consoleErrors()).toEqual([]);
    } finally {
      await popup.close();
    }
  });

  it.each(['api4', 'api3'] as const)('CiviCRM %s: contacts and memberships from replies with odd counts (and, in v3, no is_error) are stored in full', async (flavour) => {
    if (flavour === 'api3') civiCrm.setFlavours({ api4: false });
    civiCrm.setFault({ kind: 'odd-envelope' });
    await writeStorage(browser, { 'settings.civiCrm': AUTO });
    const data = await refreshed<CiviCrmData>(CIVICRM, (stored) => stored.flavour === flavour);
    expect(data.contacts.length).toBeGreaterThan(100);
    expect(data.unreadable).toEqual([]);
    expect(civiCrm.requests().filter((request) => request.flavour === flavour && request.entity === 'Membership').length).toBeGreaterThan(0);
    const memberships = (stored: CiviCrmData) => stored.contacts.map((contact) => [contact.id, contact.memberships.map((membership) => membership.status)]);
    expect(memberships(data)).toEqual(memberships(wellFormed.civiCrm));
    expect((await readStorage<SourceStatus | undefined>(browser, 'civiCrm.status'))?.problem).toBeUndefined();

    const popup = await browser.openExtensionPage('popup.html');
    try {
      await popup.waitFor('main');
      // Its first render is from the snapshot of the last popup, which may be older than this read.
      await expect.poll(() => popup.count('[role="alert"][data-service="civiCrm"]'), { timeout: 5_000 }).toBe(0);
    } finally {
      await popup.close();
    }
  });
});
