import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SiteSource } from '@/lib/background/site-source';
import { cachedCiviCrm, civiCrmStatus, type CiviCrmData } from '@/lib/store';
import { fixedClock } from '../../clock';

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
