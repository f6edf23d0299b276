import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readBadgeAnswer } from '@/lib/badge-answers';
import { badgeDataSince, forgetBadgeAnswers, publishBadgeAnswers } from '@/lib/background/badge-answers';
import type { PeopleLookup } from '@/lib/background/people-lookup';
import type { BadgeData } from '@/lib/model';
import { badgeAnswers, pausedSites } from '@/lib/store';

const HS = 'https://choir.example.org';
const NOW = Date.parse('2027-06-21T12:00:00Z');
const alto = { name: 'Ann Lee', voicePart: 'Alto 2', onOtherSite: true };
const answer: BadgeData = {
  people: { 1: alto, 2: { ...alto, name: 'Bo', nextShift: { start: '2027-06-21T09:00:00Z', end: '2027-06-21T11:00:00Z', allDay: false, rota: 'Car Park' } } },
  shifts: { 9: { id: 9, mine: true } },
};
/** A value as Chrome's storage gives it back: every object's keys in order. */
function withSortedKeys<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_key, part: unknown) => (part && typeof part === 'object' && !Array.isArray(part) ? Object.fromEntries(Object.entries(part).sort(([a], [b]) => a.localeCompare(b))) : part))) as T;
}
const lookup = (data: BadgeData) => ({ badgeData: vi.fn(async () => data) }) as unknown as PeopleLookup;

describe('the kept badge answers', () => {
  it("are written for each site, only when they changed, and none for a HarmonySite that isn't set up", async () => {
    const people = lookup(answer);
    await publishBadgeAnswers(people, HS, NOW);
    expect(await badgeAnswers.threeRings.getValue()).toEqual({ origin: 'https://www.3r.org.uk', features: ['threeRingsBadges', 'rotaMarkers'], paused: false, data: answer, at: NOW });
    expect((await badgeAnswers.harmonySite.getValue())?.origin).toBe(HS);
    const set = vi.spyOn(fakeBrowser.storage.session, 'set');
    await publishBadgeAnswers(people, HS, NOW + 1);
    expect(set).not.toHaveBeenCalled();
    await publishBadgeAnswers(people, undefined, NOW + 2);
    expect(await badgeAnswers.harmonySite.getValue()).toBeNull();
    await pausedSites.setValue(['https://www.3r.org.uk']);
    await publishBadgeAnswers(people, undefined, NOW + 3);
    expect(await badgeAnswers.threeRings.getValue()).toMatchObject({ features: [], paused: true });
  });

  it('are not written again when the answer kept has come back from storage with its keys sorted, as Chrome gives them', async () => {
    await publishBadgeAnswers(lookup(answer), HS, NOW);
    const kept = (await badgeAnswers.threeRings.getValue())!;
    await badgeAnswers.threeRings.setValue(withSortedKeys(kept));
    const set = vi.spyOn(fakeBrowser.storage.session, 'set');
    await publishBadgeAnswers(lookup(answer), HS, NOW + 1);
    expect(set).not.toHaveBeenCalled();
  });

  it('are read by a site only for its own address, with next shifts that have started left out', async () => {
    await publishBadgeAnswers(lookup(answer), HS, NOW);
    expect(await readBadgeAnswer('harmonySite', 'https://elsewhere.example', NOW)).toBeUndefined();
    const read = await readBadgeAnswer('harmonySite', HS, NOW);
    expect(read?.data.people[2]).toEqual({ ...alto, name: 'Bo' });
    expect(read?.data.shifts).toEqual(answer.shifts);
    expect((await readBadgeAnswer('harmonySite', HS, Date.parse('2027-06-21T08:00:00Z')))?.data.people[2]?.nextShift?.rota).toBe('Car Park');
  });

  it('are dropped when what they were made from changes, so no page draws from them meanwhile', async () => {
    await publishBadgeAnswers(lookup(answer), HS, NOW);
    await forgetBadgeAnswers();
    expect(await readBadgeAnswer('threeRings', 'https://www.3r.org.uk', NOW)).toBeUndefined();
    expect(await readBadgeAnswer('harmonySite', HS, NOW)).toBeUndefined();
  });

  it('tell a page that drew one whether it still holds: null if so, else what the badges show now', async () => {
    await publishBadgeAnswers(lookup(answer), HS, NOW);
    expect(await badgeDataSince(lookup(answer), 'threeRings', NOW)).toBeNull();
    expect(await badgeDataSince(lookup(answer), 'threeRings', NOW - 1)).toEqual(answer);
    const changed = { ...answer, shifts: {} };
    expect(await badgeDataSince(lookup(changed), 'threeRings', NOW)).toEqual(changed);
  });

  it('are not there to read where the browser keeps the area from content scripts', async () => {
    vi.spyOn(fakeBrowser.storage.session, 'get').mockRejectedValue(new Error('Access to storage is not allowed from this context.'));
    expect(await readBadgeAnswer('threeRings', 'https://www.3r.org.uk', NOW)).toBeUndefined();
  });
});
