import { describe, expect, it } from 'vitest';
import { findHealthProblems, type Finding, type FindingKind, type FindingOf, type HealthInput } from '@/lib/health/findings';
import { findingSentence } from '@/lib/health/words';
import type { ChoirMember, Shift } from '@/lib/model';
import { contact, member, volunteer } from '../people/records';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const ZONE = { timeZone: 'Europe/London' };

function findings(input: Partial<HealthInput>): Finding[] {
  return findHealthProblems({ volunteers: [], members: [], contacts: [], links: [], shifts: null, now: NOW, harmonySiteOrigin: 'https://hs.example.org', civiCrmOrigin: 'https://crm.example.org', ...ZONE, ...input });
}

function ofKind<K extends FindingKind>(all: Finding[], kind: K): FindingOf<K>[] {
  return all.filter((finding): finding is FindingOf<K> => finding.kind === kind);
}

const names = (all: Finding[], kind: FindingKind) => ofKind(all, kind).map((finding) => finding.name);
const withStatus = (record: ChoirMember, membershipStatus: string): ChoirMember => ({ ...record, membershipStatus });

function shift(id: number, daysAhead: number, volunteerIds: number[]): Shift {
  const start = new Date(NOW + daysAhead * 86_400_000).toISOString();
  return { id, rota: { name: 'Front of house' }, title: '', start, end: new Date(Date.parse(start) + 3_600_000).toISOString(), allDay: false, volunteers: volunteerIds.map((id) => ({ id, name: `V${id}`, roleCodes: [] })), unfilledPlaces: 0, closed: false };
}

describe('only in one system', () => {
  const volunteers = [volunteer(1, 'Ann', 'Lee', 'ann@example.org'), volunteer(2, 'Bea', 'Cole', 'bea@example.org')];
  const members = [member(10, 'Ann', 'Lee', 'ann@example.org'), member(11, 'Cy', 'Dunn', 'cy@example.org'), withStatus(member(12, 'Di', 'Eve', 'di@example.org'), 'Former')];

  it('finds a volunteer with no member, and a current member with no volunteer, but not a former one', () => {
    const all = findings({ volunteers, members });
    expect(names(all, 'volunteerOnly')).toEqual(['Bea Cole']);
    expect(names(all, 'memberOnly')).toEqual(['Cy Dunn']);
  });

  it('says nothing of it while the other system is not set up', () => {
    expect(findings({ volunteers })).toEqual([]);
    expect(names(findings({ members }), 'memberOnly')).toEqual([]);
  });

  it('names a namesake with another email as probably the same person, both ways', () => {
    const all = findings({ volunteers: [volunteer(3, 'Gus', 'Hale', 'gus@home.example.org')], members: [member(13, 'Gus', 'Hale', 'g.hale@work.example.org')] });
    expect(ofKind(all, 'volunteerOnly')[0]?.probablySame).toMatchObject({ ref: { source: 'harmonySite', id: 13 }, name: 'Gus Hale', link: 'https://hs.example.org/dbpage.php?pg=view&dbase=members&id=13' });
    expect(ofKind(all, 'memberOnly')[0]?.probablySame).toMatchObject({ ref: { source: 'threeRings', id: 3 } });
    expect(findingSentence(ofKind(all, 'volunteerOnly')[0]!)).toBe(
      'Gus Hale is a volunteer on Three Rings but not a member on HarmonySite. Probably the same person as Gus Hale on HarmonySite, who has a different email address.',
    );
  });

  it('names no one when there are two namesakes, or the member kept them apart', () => {
    const twoNamesakes = findings({ volunteers: [volunteer(3, 'Gus', 'Hale', 'gus@home.example.org')], members: [member(13, 'Gus', 'Hale', 'a@example.org'), member(14, 'Gus', 'Hale', 'b@example.org')] });
    expect(ofKind(twoNamesakes, 'volunteerOnly')[0]?.probablySame).toBeUndefined();
    const keptApart = findings({
      volunteers: [volunteer(3, 'Gus', 'Hale', 'gus@home.example.org')],
      members: [member(13, 'Gus', 'Hale', 'g.hale@work.example.org')],
      links: [{ a: { source: 'threeRings', id: 3 }, b: { source: 'harmonySite', id: 13 }, linked: false }],
    });
    expect(ofKind(keptApart, 'volunteerOnly')[0]?.probablySame).toBeUndefined();
  });

  it('respects a link made in Who is who: the two are one person, with two emails', () => {
    const all = findings({
      volunteers: [volunteer(3, 'Gus', 'Hale', 'gus@home.example.org')],
      members: [member(13, 'Gus', 'Hale', 'g.hale@work.example.org')],
      links: [{ a: { source: 'threeRings', id: 3 }, b: { source: 'harmonySite', id: 13 }, linked: true }],
    });
    expect(names(all, 'volunteerOnly')).toEqual([]);
    expect(names(all, 'memberOnly')).toEqual([]);
    expect(findingSentence(ofKind(all, 'differentEmails')[0]!)).toBe('Gus Hale has different email addresses: gus@home.example.org on Three Rings and g.hale@work.example.org on HarmonySite.');
  });
});

describe('status disagreements', () => {
  it('finds a member who is not current with shifts in the next 30 days, not past or later ones', () => {
    const volunteers = [volunteer(1, 'Ann', 'Lee', 'ann@example.org'), volunteer(2, 'Bea', 'Cole', 'bea@example.org'), volunteer(3, 'Cy', 'Dunn', 'cy@example.org')];
    const members = [withStatus(member(10, 'Ann', 'Lee', 'ann@example.org'), 'Former'), withStatus(member(11, 'Bea', 'Cole', 'bea@example.org'), 'Leave of absence'), withStatus(member(12, 'Cy', 'Dunn', 'cy@example.org'), 'Former')];
    const shifts = { to: '2026-04-30', shifts: [shift(1, 2, [1]), shift(2, 9, [1, 2]), shift(3, -3, [3]), shift(4, 40, [3])] };
    const all = ofKind(findings({ volunteers, members, shifts }), 'notCurrentWithShifts');
    expect(all.map(({ name, status, shiftCount }) => ({ name, status, shiftCount }))).toEqual([
      { name: 'Ann Lee', status: 'Former', shiftCount: 2 },
      { name: 'Bea Cole', status: 'Leave of absence', shiftCount: 1 },
    ]);
    expect(findingSentence(all[0]!, { ...ZONE, locale: 'en-GB' })).toBe('Ann Lee is “Former” on HarmonySite but has 2 shifts on Three Rings in the next 30 days, the first on Thu 12 Mar.');
  });

  it('finds current members whose CiviCRM membership has lapsed, or ends in the next 30 days', () => {
    const members = ['Ann', 'Bea', 'Cy', 'Di', 'Ed', 'Flo'].map((first, index) => member(10 + index, first, 'Lee', `${first.toLowerCase()}@example.org`));
    const membership = (status: string, endDate: string) => ({ memberships: [{ type: 'Singing member', status, endDate }] });
    const contacts = [
      contact(100, 'Ann', 'Lee', 'ann@example.org', membership('Expired', '2026-01-31')),
      contact(101, 'Bea', 'Lee', 'bea@example.org', membership('Grace', '2026-03-01')),
      contact(102, 'Cy', 'Lee', 'cy@example.org', membership('Cancelled', '2026-02-01')),
      contact(103, 'Di', 'Lee', 'di@example.org', membership('Current', '2026-03-25')),
      contact(104, 'Ed', 'Lee', 'ed@example.org', membership('Current', '2026-06-30')),
      contact(105, 'Flo', 'Lee', 'flo@example.org', membership('New', '2026-04-09')),
    ];
    const all = findings({ members, contacts });
    expect(names(all, 'membershipLapsed')).toEqual(['Ann Lee', 'Bea Lee', 'Cy Lee']);
    expect(names(all, 'membershipEnding')).toEqual(['Di Lee', 'Flo Lee']);
    expect(findingSentence(ofKind(all, 'membershipEnding')[0]!, { locale: 'en-GB' })).toBe("Di Lee's CiviCRM membership (Singing member) ends on 25 Mar 2026.");
  });

  it('does not check memberships the CiviCRM login may not read', () => {
    const contacts = [contact(100, 'Ann', 'Lee', 'ann@example.org', { memberships: [{ type: 'Singing member', status: 'Expired', endDate: '2026-01-31' }] })];
    expect(names(findings({ members: [member(10, 'Ann', 'Lee', 'ann@example.org')], contacts, civiCrmUnreadable: ['memberships'] }), 'membershipLapsed')).toEqual([]);
  });

  it('does not count a former member whose CiviCRM membership lapsed', () => {
    const contacts = [contact(100, 'Ann', 'Lee', 'ann@example.org', { memberships: [{ type: 'Singing member', status: 'Expired', endDate: '2026-01-31' }] })];
    expect(names(findings({ members: [withStatus(member(10, 'Ann', 'Lee', 'ann@example.org'), 'Former')], contacts }), 'membershipLapsed')).toEqual([]);
  });
});

describe('contact details', () => {
  it('finds one person with a different email in another system, ignoring case', () => {
    const all = findings({
      volunteers: [volunteer(1, 'Ann', 'Lee', 'ann@example.org'), volunteer(2, 'Bea', 'Cole', 'Bea@Example.org')],
      members: [member(10, 'Ann', 'Lee', 'ann@example.org'), member(11, 'Bea', 'Cole', 'bea@example.org')],
      contacts: [contact(100, 'Ann', 'Lee', 'ann.lee@example.net')],
      links: [{ a: { source: 'harmonySite', id: 10 }, b: { source: 'civiCrm', id: 100 }, linked: true }],
    });
    expect(names(all, 'differentEmails')).toEqual(['Ann Lee']);
  });

  it('finds volunteers and current members with no email anywhere, not supporters known only to CiviCRM', () => {
    const all = findings({ volunteers: [volunteer(1, 'Ann', 'Lee')], members: [member(10, 'Ann', 'Lee'), member(11, 'Bea', 'Cole')], contacts: [contact(100, 'Cy', 'Dunn')] });
    expect(names(all, 'noEmail')).toEqual(['Ann Lee', 'Bea Cole']);
  });

  it('finds one email shared by people of different surnames, not by a family', () => {
    const all = findings({
      members: [member(10, 'Ann', 'Lee', 'office@example.org'), member(11, 'Bea', 'Cole', 'office@example.org'), member(12, 'Cy', 'Dunn', 'home@example.org'), member(13, 'Di', 'Dunn', 'home@example.org')],
    });
    const shared = ofKind(all, 'sharedEmail');
    expect(shared.map(({ email, people }) => ({ email, people: people.map((person) => person.name) }))).toEqual([{ email: 'office@example.org', people: ['Ann Lee', 'Bea Cole'] }]);
    expect(findingSentence(shared[0]!, { locale: 'en-GB' })).toBe('office@example.org is the email address of Ann Lee and Bea Cole, who do not share a surname.');
  });
});

describe('duplicates and gaps', () => {
  it('finds the same name and email twice in one system, and counts the twin nowhere else', () => {
    const all = findings({
      volunteers: [volunteer(1, 'Ann', 'Lee', 'ann@example.org')],
      members: [member(10, 'Ann', 'Lee', 'ann@example.org'), member(11, 'Ann', 'Lee', 'Ann@example.org'), member(12, 'Ann', 'Lee', 'other@example.org')],
    });
    const [duplicate, ...others] = ofKind(all, 'duplicate');
    expect(others).toEqual([]);
    expect(duplicate).toMatchObject({ source: 'harmonySite', people: [{ records: [{ ref: { id: 10 } }, { ref: { id: 11 } }] }] });
    expect(findingSentence(duplicate!)).toBe('Ann Lee is in HarmonySite 2 times, with the same name and email.');
    // The twin no one was linked to is not also "a member who is not a volunteer"; the third Ann Lee is.
    expect(ofKind(all, 'memberOnly').map((finding) => finding.people[0]!.records[0]!.ref.id)).toEqual([12]);
  });

  it('finds current members with no voice part', () => {
    const { voicePart: _, ...noPart } = member(11, 'Bea', 'Cole', 'bea@example.org');
    const all = findings({ members: [member(10, 'Ann', 'Lee', 'ann@example.org'), noPart, { ...withStatus(member(12, 'Cy', 'Dunn'), 'Former'), voicePart: undefined } as ChoirMember] });
    expect(names(all, 'noVoicePart')).toEqual(['Bea Cole']);
  });
});

describe('all findings', () => {
  it('lists them by kind, then by name, with links to each record', () => {
    const all = findings({ volunteers: [volunteer(2, 'Zed', 'Ames'), volunteer(1, 'Abe', 'Zane')], members: [member(10, 'Cy', 'Dunn', 'cy@example.org')] });
    expect(all.map(({ kind, name }) => `${kind} ${name}`)).toEqual(['volunteerOnly Abe Zane', 'volunteerOnly Zed Ames', 'memberOnly Cy Dunn', 'noEmail Abe Zane', 'noEmail Zed Ames']);
    expect(all[0]!.people[0]!.records).toEqual([{ ref: { source: 'threeRings', id: 1 }, name: 'Abe Zane', link: 'https://www.3r.org.uk/directory/1' }]);
  });

  it('keeps a hostile name as it is: text, for the page to show as text', () => {
    const hostile = '<img src=x onerror=alert(1)> Mallory';
    const all = findings({ members: [{ ...member(10, '<img src=x onerror=alert(1)>', 'Mallory'), name: hostile }] });
    expect(names(all, 'noEmail')).toEqual([hostile]);
  });
});
