import { describe, expect, it } from 'vitest';
import { buildPeopleIndex, type PeopleIndexInput } from '@/lib/people/index';
import type { ManualLink } from '@/lib/people/match';
import { contact, member, volunteer } from './records';

function everyone(input: Partial<PeopleIndexInput>, site: 'threeRings' | 'harmonySite' = 'threeRings') {
  const index = buildPeopleIndex({ volunteers: [], members: [], links: [], civiCrmOrigin: 'https://crm.example.org', harmonySiteOrigin: 'https://hs.example.org', ...input });
  return index.everyoneOn(site, [], Date.parse('2026-11-22T12:00:00Z'));
}

describe('people index with CiviCRM', () => {
  it('adds the CiviCRM membership, groups and link to a volunteer who is also a member', () => {
    const people = everyone({ volunteers: [volunteer(1, 'Ann', 'Lee', 'ann@example.org')], members: [member(10, 'Ann', 'Lee', 'ann@example.org')], contacts: [contact(100, 'Ann', 'Lee', 'ann@example.org')] });
    expect(people[1]).toMatchObject({
      name: 'Ann Lee',
      voicePart: 'Alto 1',
      civiCrm: { membership: { type: 'Singing member', status: 'Current' }, groups: ['Choir members'] },
      links: { threeRings: 'https://www.3r.org.uk/directory/1', harmonySite: expect.stringContaining('id=10'), civiCrm: 'https://crm.example.org/civicrm/contact/view?reset=1&cid=100' },
    });
  });

  it('gives a badge to a volunteer known only to CiviCRM, by name when there is no email', () => {
    const people = everyone({ volunteers: [volunteer(2, 'Bob', 'Roy')], contacts: [contact(200, 'Bob', 'Roy', undefined, { groups: ['Newsletter'], memberships: [] })] });
    expect(people[2]).toEqual({ name: 'Bob Roy', civiCrm: { groups: ['Newsletter'] }, links: { threeRings: 'https://www.3r.org.uk/directory/2', civiCrm: 'https://crm.example.org/civicrm/contact/view?reset=1&cid=200' } });
  });

  it('gives a HarmonySite member known only to CiviCRM a badge on HarmonySite pages', () => {
    const people = everyone({ members: [member(11, 'Cy', 'Dunn', 'cy@example.org')], contacts: [contact(300, 'Cy', 'Dunn', 'cy@example.org')] }, 'harmonySite');
    expect(people[11]?.civiCrm?.membership?.status).toBe('Current');
    expect(people[11]?.links.threeRings).toBeUndefined();
  });

  it('gives nobody a badge who is known to one system only', () => {
    expect(everyone({ volunteers: [volunteer(3, 'Di', 'Eve')], contacts: [contact(400, 'Flo', 'Gray')] })).toEqual({});
  });

  describe('when the volunteer and the member of one person match different contacts', () => {
    const input: Partial<PeopleIndexInput> = {
      volunteers: [volunteer(1, 'Ann', 'Lee', 'ann@example.org')],
      members: [member(10, 'Ann', 'Lee', 'ann.lee@work.example.org')],
      contacts: [contact(100, 'Ann', 'Lee', 'ann@example.org', { memberships: [] }), contact(101, 'Ann', 'Lee', 'ann.lee@work.example.org')],
    };
    const oneNotTwo: ManualLink = { a: { source: 'threeRings', id: 1 }, b: { source: 'harmonySite', id: 10 }, linked: true };

    it('leaves CiviCRM out, as which contact is right is unknown', () => {
      const people = everyone({ ...input, links: [oneNotTwo] });
      expect(people[1]?.voicePart).toBe('Alto 1');
      expect(people[1]?.civiCrm).toBeUndefined();
    });

    it('takes the contact the member linked by hand', () => {
      const people = everyone({ ...input, links: [oneNotTwo, { a: { source: 'harmonySite', id: 10 }, b: { source: 'civiCrm', id: 101 }, linked: true }] });
      expect(people[1]?.links.civiCrm).toContain('cid=101');
      expect(people[1]?.civiCrm?.membership?.status).toBe('Current');
    });
  });

  it('makes one person of a volunteer and a member that only CiviCRM connects', () => {
    // The volunteer has no email and another first-name spelling; the contact knows both.
    const people = everyone({
      volunteers: [volunteer(5, 'Kate', 'Moss', 'kate@example.org')],
      members: [member(50, 'Catherine', 'Moss-Hale', 'catherine@example.org')],
      contacts: [contact(500, 'Catherine', 'Moss-Hale', 'kate@example.org', { nickName: 'Kate', email: 'kate@example.org' })],
      links: [{ a: { source: 'harmonySite', id: 50 }, b: { source: 'civiCrm', id: 500 }, linked: true }],
    });
    expect(people[5]).toMatchObject({ voicePart: 'Alto 1', civiCrm: { membership: { status: 'Current' } } });
  });

  it('keeps apart a volunteer and a member the member said are different people, and links neither to the contact', () => {
    const keptApart: ManualLink = { a: { source: 'threeRings', id: 5 }, b: { source: 'harmonySite', id: 50 }, linked: false };
    const people = everyone({
      volunteers: [volunteer(5, 'Kate', 'Moss', 'kate@example.org')],
      members: [member(50, 'Kate', 'Moss', 'kate@example.org')],
      contacts: [contact(500, 'Kate', 'Moss', 'kate@example.org')],
      links: [keptApart],
    });
    expect(people[5]).toBeUndefined();
  });

  it('lets a manual link to a contact win over an automatic one', () => {
    const people = everyone({
      volunteers: [volunteer(6, 'Lee', 'Park', 'lee@example.org'), volunteer(7, 'Lee', 'Parker')],
      contacts: [contact(600, 'Lee', 'Park', 'lee@example.org')],
      links: [{ a: { source: 'civiCrm', id: 600 }, b: { source: 'threeRings', id: 7 }, linked: true }],
    });
    expect(people[7]?.links.civiCrm).toContain('cid=600');
    expect(people[6]).toBeUndefined();
  });

  it('links a person entered twice in CiviCRM only once', () => {
    const people = everyone({ volunteers: [volunteer(8, 'Mo', 'Reed', 'mo@example.org')], contacts: [contact(800, 'Mo', 'Reed', 'mo@example.org'), contact(801, 'Mo', 'Reed', 'mo@example.org')] });
    expect(Object.keys(people)).toEqual(['8']);
    expect(people[8]?.links.civiCrm).toMatch(/cid=80[01]$/);
  });

  it('leaves a tie between two different contacts unlinked', () => {
    const people = everyone({ volunteers: [volunteer(9, 'Sam', 'Hill')], contacts: [contact(900, 'Sam', 'Hill', 'sam.one@example.org'), contact(901, 'Sam', 'Hill', 'sam.two@example.org')] });
    expect(people[9]).toBeUndefined();
  });
});
