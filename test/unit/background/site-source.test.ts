import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { retryWait, SiteSource } from '@/lib/background/site-source';
import { ProblemError } from '@/lib/problems';
import { cachedCiviCrm, civiCrmStatus, type CiviCrmData } from '@/lib/store';
import { fixedClock, manualClock } from '../../clock';

const ORIGIN = 'https://crm.example.org';
const clock = fixedClock('2026-11-22T12:00:00Z');

/** A source whose reads finish only when the test says, numbered from 1. */
function controlledSource() {
  const finishers: ((data: CiviCrmData) => void)[] = [];
  const read = vi.fn((_origin: string, _cached: CiviCrmData | undefined, _force: boolean) => new Promise<CiviCrmData>((resolve) => finishers.push(resolve)));
  const source = new SiteSource<CiviCrmData>({ service: 'civiCrm', origin: async () => ORIGIN, cache: cachedCiviCrm, status: civiCrmStatus, maxAge: 60_000, read, now: () => clock().getTime() });
  const finish = async (n: number) => {
    await vi.waitFor(() => expect(finishers.length).toBeGreaterThanOrEqual(n));
    finishers[n - 1]!({ origin: ORIGIN, flavour: n === 1 ? 'api4' : 'api3', contacts: [], unreadable: [] });
  };
  return { source, read, finish };
}

describe('SiteSource', () => {
  it('shares a read under way with anyone who asks without forcing', async () => {
    Object.assign(fakeBrowser.permissions, { contains: async () => true });
    const { source, read, finish } = controlledSource();
    const first = source.refresh({ force: true });
    const second = source.refresh();
    await finish(1);
    await Promise.all([first, second]);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('follows a read under way with one more when forced, shared by every forced ask meanwhile', async () => {
    Object.assign(fakeBrowser.permissions, { contains: async () => true });
    const { source, read, finish } = controlledSource();
    const underWay = source.refresh();
    const forced = [source.refresh({ force: true }), source.refresh({ force: true })];
    await finish(1);
    await underWay;
    await finish(2);
    await Promise.all(forced);
    expect(read).toHaveBeenCalledTimes(2);
    expect(read.mock.calls[1]![2]).toBe(true);
    expect(await cachedCiviCrm.getValue()).toMatchObject({ data: { flavour: 'api3' }, fetchedAt: clock().getTime() });
  });
});

describe('SiteSource after a failed read', () => {
  /** A source whose every read fails as a refused login would, on a clock the test moves. */
  function failingSource() {
    const clock = manualClock('2026-11-22T12:00:00Z');
    const read = vi.fn(async () => {
      throw new ProblemError({ kind: 'forbidden', service: 'civiCrm', endpoint: 'Contact.get' });
    });
    const source = new SiteSource<CiviCrmData>({ service: 'civiCrm', origin: async () => ORIGIN, cache: cachedCiviCrm, status: civiCrmStatus, maxAge: 60_000, read, now: () => clock().getTime() });
    return { source, read, clock };
  }

  it('waits 1, 2, 5 and then 15 minutes before reads nobody asked for, however often pages load', async () => {
    Object.assign(fakeBrowser.permissions, { contains: async () => true });
    const { source, read, clock } = failingSource();
    await source.refresh();
    expect(read).toHaveBeenCalledTimes(1);
    for (const [failures, waitMinutes] of [[1, 1], [2, 2], [3, 5], [4, 15], [5, 15]] as const) {
      for (let pageLoad = 0; pageLoad < 10; pageLoad++) expect(await source.refresh()).toMatchObject({ kind: 'forbidden' });
      clock.advance(waitMinutes * 60_000 - 1);
      await source.refresh();
      expect(read).toHaveBeenCalledTimes(failures);
      clock.advance(1);
      await source.refresh();
      expect(read).toHaveBeenCalledTimes(failures + 1);
    }
    expect((await civiCrmStatus.getValue()).failures).toBe(6);
  });

  it('keeps the wait in storage, so a new service worker waits too', async () => {
    Object.assign(fakeBrowser.permissions, { contains: async () => true });
    const first = failingSource();
    await first.source.refresh();
    const restarted = failingSource();
    await restarted.source.refresh();
    expect(restarted.read).not.toHaveBeenCalled();
  });

  it("tries at once when the member asks (Refresh, new settings), and a success clears the count", async () => {
    Object.assign(fakeBrowser.permissions, { contains: async () => true });
    const { source, read } = failingSource();
    await source.refresh();
    await source.refresh({ force: true });
    expect(read).toHaveBeenCalledTimes(2);
    read.mockResolvedValueOnce({ origin: ORIGIN, flavour: 'api4', contacts: [], unreadable: [] } as never);
    await source.refresh({ force: true });
    expect(await civiCrmStatus.getValue()).toEqual({});
  });

  it('gives the waits in order', () => {
    expect([1, 2, 3, 4, 9].map(retryWait)).toEqual([60_000, 120_000, 300_000, 900_000, 900_000]);
  });
});

describe('SiteSource writes only what changed', () => {
  const contacts: CiviCrmData['contacts'] = [{ id: 1, name: 'Maggie Hughes', email: 'maggie@example.org', memberships: [], groups: [] }];

  /** A source reading whatever `site` holds now, and the storage keys each refresh writes. */
  function sourceOf(site: { data: CiviCrmData }) {
    Object.assign(fakeBrowser.permissions, { contains: async () => true });
    const clock = manualClock('2026-11-22T12:00:00Z');
    const read = vi.fn(async () => structuredClone(site.data));
    const source = new SiteSource<CiviCrmData>({ service: 'civiCrm', origin: async () => ORIGIN, cache: cachedCiviCrm, status: civiCrmStatus, maxAge: 60_000, read, now: () => clock().getTime() });
    const set = vi.spyOn(fakeBrowser.storage.local, 'set');
    const writtenBy = async (refresh: () => Promise<unknown>) => {
      set.mockClear();
      await refresh();
      return set.mock.calls.flatMap(([items]) => Object.keys(items));
    };
    return { source, read, clock, writtenBy };
  }

  it('a read that brings the same data writes only when it was checked, and the cache counts as fresh from then', async () => {
    const site = { data: { origin: ORIGIN, flavour: 'api4' as const, contacts, unreadable: [] } };
    const { source, read, clock, writtenBy } = sourceOf(site);
    await source.refresh();
    const first = await cachedCiviCrm.getValue();
    clock.advance(60_000);
    expect(await writtenBy(() => source.refresh())).toEqual(['civiCrm.data$']);
    expect(await cachedCiviCrm.getValue()).toEqual(first);
    expect(await cachedCiviCrm.getMeta()).toEqual({ checkedAt: clock().getTime() });

    clock.advance(59_999);
    await source.refresh();
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('the same data read again is the same though storage gave back the kept copy with its keys sorted, as Chrome does', async () => {
    const site = { data: { origin: ORIGIN, flavour: 'api4' as const, contacts, unreadable: [] } };
    const { source, clock, writtenBy } = sourceOf(site);
    await source.refresh();
    const kept = (await cachedCiviCrm.getValue())!;
    const sorted = { ...kept, data: { contacts: kept.data.contacts.map(({ memberships, groups, id, email, name }) => ({ email, groups, id, memberships, name })), flavour: kept.data.flavour, origin: kept.data.origin, unreadable: kept.data.unreadable } };
    await cachedCiviCrm.setValue(sorted);
    clock.advance(60_000);
    expect(await writtenBy(() => source.refresh())).toEqual(['civiCrm.data$']);
  });

  it('a read that brings changed data writes the data', async () => {
    const site = { data: { origin: ORIGIN, flavour: 'api4' as const, contacts, unreadable: [] } };
    const { source, clock, writtenBy } = sourceOf(site);
    await source.refresh();
    site.data.contacts = [{ ...contacts[0]!, email: 'maggie.hughes@example.org' }];
    clock.advance(60_000);
    expect(await writtenBy(() => source.refresh())).toEqual(['civiCrm.data']);
    expect(await cachedCiviCrm.getValue()).toEqual({ data: site.data, fetchedAt: clock().getTime() });
  });
});
