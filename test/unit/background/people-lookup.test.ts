import { describe, expect, it } from 'vitest';
import { PeopleLookup } from '@/lib/background/people-lookup';
import { cachedDirectory, cachedHarmonySite, peopleLinks } from '@/lib/store';
import type { ChoirMember, Volunteer } from '@/lib/model';
import { fixedClock } from '../../clock';

const HS = 'https://stcecilia.harmonysite.test';
const clock = fixedClock('2026-11-22T12:00:00Z');
const now = () => clock().getTime();
const volunteer: Volunteer = { id: 41, name: 'Maggie Hughes', roleCodes: [], roles: [], properties: { email: 'maggie@example.org' } };
const member: ChoirMember = { id: 7, surname: 'Hughes', givenNames: 'Margaret', preferredName: 'Maggie', name: 'Maggie Hughes', email: 'maggie@example.org', voicePart: 'Alto 2', membershipStatus: 'Active' };

async function storeBothSides(): Promise<void> {
  await cachedDirectory.setValue({ data: [volunteer], fetchedAt: 1 });
  await cachedHarmonySite.setValue({ data: { origin: HS, members: [member], events: [] }, fetchedAt: 1 });
}

const everything = { kind: 'all', sort: 'kind' } as const;

/** Storage watchers are called asynchronously. */
const watchersRun = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('PeopleLookup', () => {
  it("answers each site's badges keyed by that site's own ids, with the details only in each person's card", async () => {
    await storeBothSides();
    const lookup = new PeopleLookup(now);
    const onThreeRings = await lookup.badgeData('threeRings');
    const onHarmonySite = await lookup.badgeData('harmonySite');
    expect(onThreeRings.people[41]).toMatchObject({ name: 'Maggie Hughes', voicePart: 'Alto 2', membershipStatus: 'Active' });
    expect(JSON.stringify(onThreeRings)).not.toContain('maggie@example.org');
    const card = await lookup.card('threeRings', 41);
    expect(card?.email).toBe('maggie@example.org');
    expect(card?.links.harmonySite).toBe(`${HS}/dbpage.php?pg=view&dbase=members&id=7`);
    expect(await lookup.card('threeRings', 7)).toBeNull();
    expect(Object.keys(onHarmonySite.people)).toEqual(['7']);
    expect(onHarmonySite.shifts).toEqual({});
  });

  it('answers anew once a manual decision changes who is who', async () => {
    await storeBothSides();
    const lookup = new PeopleLookup(now);
    expect(Object.keys((await lookup.badgeData('threeRings')).people)).toEqual(['41']);
    await peopleLinks.setValue([{ a: { source: 'threeRings', id: 41 }, b: { source: 'harmonySite', id: 7 }, linked: false }]);
    await watchersRun();
    expect((await lookup.badgeData('threeRings')).people).toEqual({});
  });

  it('answers from what is cached, with nobody when nothing is', async () => {
    expect(await new PeopleLookup(now).badgeData('threeRings')).toEqual({ people: {}, shifts: {} });
  });

  it('works out the data health findings from the same join, keeps them, and works them out again once who is who changes', async () => {
    await storeBothSides();
    await cachedDirectory.setValue({ data: [volunteer, { ...volunteer, id: 42, name: 'Tobias Whitcombe', properties: { email: 'tw@example.org' } }], fetchedAt: 1 });
    const lookup = new PeopleLookup(now);
    const first = await lookup.healthReport(everything);
    expect(first).toMatchObject({ total: 1, matching: 1, counts: { volunteerOnly: 1 } });
    expect(first.findings.map((finding) => `${finding.kind} ${finding.name}`)).toEqual(['volunteerOnly Tobias Whitcombe']);
    expect(first.systems.threeRings).toMatchObject({ read: true, readAt: 1 });
    // No profile names this HarmonySite: its cache does not count as read.
    expect(first.systems.harmonySite.read).toBe(false);
    // Kept: asked again, the same findings are handed out, not worked out again.
    expect((await lookup.healthReport(everything)).findings[0]).toBe(first.findings[0]);
    await peopleLinks.setValue([{ a: { source: 'threeRings', id: 41 }, b: { source: 'harmonySite', id: 7 }, linked: false }]);
    await watchersRun();
    expect((await lookup.healthReport(everything)).findings.map((finding) => `${finding.kind} ${finding.name}`)).toEqual(['volunteerOnly Maggie Hughes', 'volunteerOnly Tobias Whitcombe', 'memberOnly Maggie Hughes']);
  });
});
