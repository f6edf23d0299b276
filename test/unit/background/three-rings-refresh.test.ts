import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ThreeRingsRefresher } from '@/lib/background/three-rings-refresh';
import type { ThreeRingsClient } from '@/lib/three-rings/client';
import type { ChoirEvent, Volunteer } from '@/lib/model';
import { cachedDirectory, cachedEvents, cachedShifts } from '@/lib/store';
import { manualClock } from '../../clock';

const event: ChoirEvent = { id: 1, name: 'Winter concert', description: '', type: 'Concert', date: '2026-11-28' };
const volunteer: Volunteer = { id: 41, name: 'Maggie Hughes', roleCodes: [], roles: [], properties: { email: 'maggie@example.org' } };

/** A refresher over a Three Rings that answers whatever `site` holds now, and the storage keys each refresh writes. */
function refresherOf(site: { events: ChoirEvent[]; directory: Volunteer[] }) {
  const clock = manualClock('2026-11-22T12:00:00Z');
  const client = {
    shifts: vi.fn(async () => []),
    events: vi.fn(async () => structuredClone(site.events)),
    directory: vi.fn(async () => structuredClone(site.directory)),
  };
  const refresher = new ThreeRingsRefresher(client as unknown as ThreeRingsClient, async () => true, () => clock().getTime());
  const set = vi.spyOn(fakeBrowser.storage.local, 'set');
  const writtenBy = async (refresh: () => Promise<unknown>) => {
    set.mockClear();
    await refresh();
    return set.mock.calls.flatMap(([items]) => Object.keys(items)).sort();
  };
  return { refresher, client, clock, writtenBy };
}

describe('ThreeRingsRefresher writes only what changed', () => {
  it('a refresh that brings the same data writes only when each cache was checked, and each counts as fresh from then', async () => {
    const { refresher, client, clock, writtenBy } = refresherOf({ events: [event], directory: [volunteer] });
    await refresher.refresh();
    const first = await Promise.all([cachedShifts.getValue(), cachedEvents.getValue(), cachedDirectory.getValue()]);
    clock.advance(60 * 60_000);
    expect(await writtenBy(() => refresher.refresh({ force: true }))).toEqual(['threeRings.directory$', 'threeRings.events$', 'threeRings.shifts$']);
    expect(await Promise.all([cachedShifts.getValue(), cachedEvents.getValue(), cachedDirectory.getValue()])).toEqual(first);
    expect(await cachedEvents.getMeta()).toEqual({ checkedAt: clock().getTime() });

    clock.advance(60_000);
    expect(await refresher.refresh()).toEqual({ requested: 0 });
    expect(client.events).toHaveBeenCalledTimes(2);
  });

  it('a refresh that brings one changed event writes that cache alone', async () => {
    const site = { events: [event], directory: [volunteer] };
    const { refresher, clock, writtenBy } = refresherOf(site);
    await refresher.refresh();
    site.events = [{ ...event, name: 'Winter concert (moved)' }];
    clock.advance(60 * 60_000);
    expect(await writtenBy(() => refresher.refresh({ force: true }))).toEqual(['threeRings.directory$', 'threeRings.events', 'threeRings.shifts$']);
    expect(await cachedEvents.getValue()).toEqual({ data: site.events, fetchedAt: clock().getTime() });
  });
});
