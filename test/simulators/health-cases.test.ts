// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { joinPeople, type Person } from '@/lib/people/index';
import type { ChoirMember, CiviContact, Volunteer } from '@/lib/model';
import { type ContactRow, generateCiviCrmData, MEMBERSHIP_STATUSES } from './civicrm/data';
import { generateHarmonySiteData, type Row } from './harmonysite/data';
import { HEALTH_CASES, HEALTH_VOLUNTEERS } from './health-cases';
import { generateSimData, SIGNED_IN_VOLUNTEER_ID, type SimVolunteer } from './three-rings/data';
import { addDays, londonDate } from './three-rings/london-time';
import { NAMED_VOLUNTEERS } from './three-rings/names';

const DAY = 86_400_000;

/** The three simulators' data, each built from the one before, as the demo and the end-to-end tests build them. */
function generate(seed: number, instant: string) {
  const now = new Date(instant);
  const threeRings = generateSimData({ seed, volunteerCount: 120, now });
  const harmonySite = generateHarmonySiteData({ seed, volunteers: threeRings.volunteers, now });
  const civiCrm = generateCiviCrmData({ seed, volunteers: threeRings.volunteers, members: harmonySite, now });
  return { nowMs: now.getTime(), today: londonDate(now.getTime()), threeRings, harmonySite, civiCrm };
}

// The records as the extension reads them (lib/three-rings, lib/harmonysite, lib/civicrm), with what matching uses.
const asVolunteer = (volunteer: SimVolunteer): Volunteer => ({
  id: volunteer.id,
  name: volunteer.name,
  roleCodes: [],
  roles: [],
  properties: { first_name: volunteer.firstName, surname: volunteer.surname, ...(volunteer.email && { email: volunteer.email }) },
});
const asMember = (row: Row): ChoirMember => ({
  id: Number(row.id),
  givenNames: row.FirstName!,
  ...(row.Greeting && { preferredName: row.Greeting }),
  surname: row.Surname!,
  name: `${row.Greeting || row.FirstName!.split(' ')[0]} ${row.Surname}`,
  ...(row.Email && { email: row.Email }),
});
const asContact = (row: ContactRow): CiviContact => ({
  id: row.id,
  name: row.display_name,
  ...(row.first_name && { firstName: row.first_name }),
  ...(row.last_name && { lastName: row.last_name }),
  ...(row.nick_name && { nickName: row.nick_name }),
  ...(row.email && { email: row.email }),
  groups: [],
  memberships: [],
});

const SEEDS = [1, 42];
/** A Tuesday morning, and a minute before London's clocks go forward. */
const INSTANTS = ['2026-11-24T10:00:00Z', '2027-03-28T00:59:00Z'];

describe.each(SEEDS.flatMap((seed) => INSTANTS.map((instant) => [seed, instant] as const)))('health cases, seed %i at %s', (seed, instant) => {
  const { nowMs, today, threeRings, harmonySite, civiCrm } = generate(seed, instant);
  const contacts = civiCrm.contacts.filter((contact) => !contact.is_deleted);
  // How the extension joins the three systems' people: automatic matching only.
  const people = joinPeople({ volunteers: threeRings.volunteers.map(asVolunteer), members: harmonySite.members.map(asMember), contacts: contacts.map(asContact), links: [] });

  const volunteer = (id: number) => threeRings.volunteers.find((candidate) => candidate.id === id)!;
  const named = (firstName: string, surname: string) => ({
    volunteers: threeRings.volunteers.filter((candidate) => candidate.firstName === firstName && candidate.surname === surname),
    members: harmonySite.members.filter((row) => row.FirstName === firstName && row.Surname === surname),
    contacts: contacts.filter((row) => row.first_name === firstName && row.last_name === surname),
  });
  const statuses = (member: Row) => harmonySite.memberships.filter((row) => row.Member === member.id).map((row) => row.Status);
  const parts = (member: Row) => harmonySite.participations.filter((row) => row.Member === member.id);
  const memberships = (contact: ContactRow) =>
    civiCrm.memberships.filter((row) => row.contact_id === contact.id).map((row) => ({ ...row, status: MEMBERSHIP_STATUSES.find((status) => status.id === row.status_id)!.name }));
  const personOf = (member: Row): Person => people.find((person) => person.member?.id === Number(member.id))!;
  const inTruth = (member: Row, volunteerId: number) => harmonySite.truth.some((pair) => pair.memberId === Number(member.id) && pair.volunteerId === volunteerId);

  it('gives the volunteers their fixed ids, right after the named ones, with their emails', () => {
    expect(HEALTH_VOLUNTEERS[0]!.id).toBe(SIGNED_IN_VOLUNTEER_ID + NAMED_VOLUNTEERS.length + 1);
    for (const { id, firstName, surname, email } of HEALTH_VOLUNTEERS) {
      expect(volunteer(id)).toMatchObject({ firstName, surname, friendlyName: `${firstName} ${surname}`, email, onLeave: false });
    }
  });

  it('a former member with a shift in the next 7 days: Former in HarmonySite, linked by email', () => {
    const { volunteerId, firstName, surname, email } = HEALTH_CASES.formerMemberWithShift;
    const { members, contacts: inCiviCrm } = named(firstName, surname);
    expect(members).toHaveLength(1);
    const member = members[0]!;
    expect(member.Email).toBe(email);
    expect(statuses(member)).toEqual(['Former']);
    expect(parts(member).length).toBeGreaterThan(0);
    for (const part of parts(member)) expect(part.Status).toBe('Former');
    expect(inTruth(member, volunteerId)).toBe(true);
    expect(personOf(member).volunteer?.id).toBe(volunteerId);
    const soon = threeRings.shifts.filter((shift) => {
      const startMs = Date.parse(shift.startsAt);
      return !shift.closedAt && startMs > nowMs && startMs <= nowMs + 7 * DAY && shift.volunteerShifts.some((place) => place.volunteerId === volunteerId);
    });
    expect(soon.length).toBeGreaterThanOrEqual(1);
    expect(inCiviCrm).toEqual([]);
  });

  it('an expired CiviCRM membership of a current member: the only one, ended before today', () => {
    const { firstName, surname, email, part, endsInDays } = HEALTH_CASES.expiredMembership;
    const { members, contacts: found } = named(firstName, surname);
    expect(members.map((row) => row.Email)).toEqual([email]);
    expect(statuses(members[0]!)).toContain('Active');
    expect(parts(members[0]!).map((row) => [row.Part, row.Status])).toContainEqual([part, 'Active']);
    expect(found.map((row) => row.email)).toEqual([email]);
    expect(memberships(found[0]!).map((row) => [row.status, row.end_date])).toEqual([['Expired', addDays(today, endsInDays)]]);
    expect(addDays(today, endsInDays) < today).toBe(true);
    expect(civiCrm.truth).toContainEqual({ contactId: found[0]!.id, memberId: Number(members[0]!.id) });
    expect(personOf(members[0]!).contact?.id).toBe(found[0]!.id);
  });

  it('a current CiviCRM membership ending 3 to 20 days from today, of a current member with a voice part', () => {
    const { firstName, surname, email, part, endsInDays } = HEALTH_CASES.membershipEndingSoon;
    const { members, contacts: found } = named(firstName, surname);
    expect(members.map((row) => row.Email)).toEqual([email]);
    expect(statuses(members[0]!)).toContain('Active');
    expect(parts(members[0]!).map((row) => [row.Part, row.Status])).toContainEqual([part, 'Active']);
    expect(found.map((row) => row.email)).toEqual([email]);
    const [membership, ...others] = memberships(found[0]!);
    expect(others).toEqual([]);
    expect(membership).toMatchObject({ status: 'Current', end_date: addDays(today, endsInDays) });
    expect(membership!.end_date! >= addDays(today, 3) && membership!.end_date! <= addDays(today, 20)).toBe(true);
    expect(personOf(members[0]!).contact?.id).toBe(found[0]!.id);
  });

  it('one person with two emails a letter apart, linked by name', () => {
    const { volunteerId, firstName, surname, threeRingsEmail, harmonySiteEmail } = HEALTH_CASES.twoEmails;
    const { volunteers, members } = named(firstName, surname);
    expect(volunteers.map((row) => [row.id, row.email])).toEqual([[volunteerId, threeRingsEmail]]);
    expect(members.map((row) => row.Email)).toEqual([harmonySiteEmail]);
    expect(statuses(members[0]!)).toContain('Active');
    expect(inTruth(members[0]!, volunteerId)).toBe(true);
    expect(personOf(members[0]!).volunteer?.id).toBe(volunteerId);
  });

  it('probably the same person: one volunteer and one member of that name, other emails, not linked, one person in truth', () => {
    const { volunteerId, firstName, surname, threeRingsEmail, harmonySiteEmail } = HEALTH_CASES.probablySamePerson;
    const { volunteers, members, contacts: inCiviCrm } = named(firstName, surname);
    expect(volunteers.map((row) => [row.id, row.email])).toEqual([[volunteerId, threeRingsEmail]]);
    expect(members.map((row) => row.Email)).toEqual([harmonySiteEmail]);
    expect(statuses(members[0]!)).toContain('Active');
    expect(inTruth(members[0]!, volunteerId)).toBe(true);
    expect(personOf(members[0]!).volunteer).toBeUndefined();
    expect(people.find((person) => person.volunteer?.id === volunteerId)?.member).toBeUndefined();
    expect(inCiviCrm).toEqual([]);
  });

  it('a member entered twice (same name and email), both rows paired with the volunteer, who is linked to one', () => {
    const { volunteerId, firstName, surname, email } = HEALTH_CASES.duplicateMember;
    const { members } = named(firstName, surname);
    expect(members.map((row) => row.Email)).toEqual([email, email]);
    for (const member of members) {
      expect(statuses(member)).toContain('Active');
      expect(inTruth(member, volunteerId)).toBe(true);
    }
    expect(members.filter((member) => personOf(member).volunteer?.id === volunteerId)).toHaveLength(1);
  });

  it('one email shared by two members who are not one family', () => {
    const { email, people: sharers } = HEALTH_CASES.sharedEmail;
    const members = harmonySite.members.filter((row) => row.Email === email);
    expect(members.map((row) => [row.FirstName, row.Surname]).sort()).toEqual(sharers.map((person) => [person.firstName, person.surname]).sort());
    expect(new Set(members.map((row) => row.Surname)).size).toBe(2);
    expect(new Set(members.map((row) => row.FirstName)).size).toBe(2);
    for (const member of members) expect(statuses(member)).toContain('Active');
    expect(threeRings.volunteers.filter((row) => row.email === email)).toEqual([]);
    expect(contacts.filter((row) => row.email === email)).toEqual([]);
  });

  it('a current member with no voice part: no participations row', () => {
    const { firstName, surname, email } = HEALTH_CASES.noVoicePart;
    const { members } = named(firstName, surname);
    expect(members.map((row) => row.Email)).toEqual([email]);
    expect(statuses(members[0]!)).toContain('Active');
    expect(parts(members[0]!)).toEqual([]);
  });

  it('a person with no email anywhere: a member without one, whom no other system knows', () => {
    const { firstName, surname } = HEALTH_CASES.noEmailAnywhere;
    const { volunteers, members, contacts: inCiviCrm } = named(firstName, surname);
    expect(members.map((row) => row.Email)).toEqual(['']);
    expect(volunteers).toEqual([]);
    expect(inCiviCrm).toEqual([]);
    expect(harmonySite.truth.some((pair) => pair.memberId === Number(members[0]!.id))).toBe(false);
    expect(civiCrm.truth.some((entry) => entry.memberId === Number(members[0]!.id))).toBe(false);
  });

  it('shares no health case’s surname with anyone random', () => {
    const surnames = new Set<string>([...HEALTH_VOLUNTEERS, HEALTH_CASES.expiredMembership, HEALTH_CASES.membershipEndingSoon, ...HEALTH_CASES.sharedEmail.people, HEALTH_CASES.noVoicePart].map((person) => person.surname));
    const volunteers = threeRings.volunteers.filter((row) => surnames.has(row.surname));
    expect(volunteers.map((row) => row.id).sort()).toEqual(HEALTH_VOLUNTEERS.map((person) => person.id));
    // Each case's members: one each, two for the duplicate, and one for each address sharer.
    expect(harmonySite.members.filter((row) => surnames.has(row.Surname!))).toHaveLength(surnames.size + 1);
    expect(contacts.filter((row) => surnames.has(row.last_name ?? ''))).toHaveLength(2);
  });
});
