import type { ChoirMember, PersonSummary, Shift, Volunteer } from '../model';
import { THREE_RINGS_ORIGIN } from '../three-rings/origin';
import { matchPeople, type ManualLink, type PersonRecord } from './match';

export interface PeopleIndexInput {
  volunteers: Volunteer[];
  members: ChoirMember[];
  links: ManualLink[];
  harmonySiteOrigin?: string;
}

/** One person across Three Rings and HarmonySite, as badges ask for them. */
export interface PeopleIndex {
  /**
   * Everyone on one site who is also on the other, keyed by their id on this site (volunteer id
   * on Three Rings, member id on HarmonySite), each with their next shift from `shifts` (the
   * cached rota window) after `now`: what that site's badges need.
   */
  everyoneOn(site: 'threeRings' | 'harmonySite', shifts: Shift[], now: number): Record<number, PersonSummary>;
}

interface Pair {
  volunteer: Volunteer;
  member: ChoirMember;
}

export function buildPeopleIndex(input: PeopleIndexInput): PeopleIndex {
  const volunteers = new Map(input.volunteers.map((volunteer) => [volunteer.id, volunteer]));
  const members = new Map(input.members.map((member) => [member.id, member]));
  const byVolunteer = new Map<number, Pair>();
  const byMember = new Map<number, Pair>();
  const links = matchPeople(input.volunteers.map(volunteerRecord), input.members.map(memberRecord), input.links);
  for (const { a, b } of links) {
    const [volunteerRef, memberRef] = a.source === 'threeRings' ? [a, b] : [b, a];
    const volunteer = volunteers.get(volunteerRef.id);
    const member = members.get(memberRef.id);
    if (!volunteer || !member) continue;
    const pair = { volunteer, member };
    byVolunteer.set(volunteer.id, pair);
    byMember.set(member.id, pair);
  }
  return {
    everyoneOn(site, shifts, now) {
      const nextShifts = nextShiftByVolunteer(shifts, now);
      const pairs = site === 'threeRings' ? byVolunteer : byMember;
      return Object.fromEntries([...pairs].map(([id, pair]) => [id, summary(pair, nextShifts.get(pair.volunteer.id), input.harmonySiteOrigin)]));
    },
  };
}

export function volunteerRecord(volunteer: Volunteer): PersonRecord {
  const { first_name, surname, email } = volunteer.properties;
  return {
    ref: { source: 'threeRings', id: volunteer.id },
    fullName: volunteer.name,
    ...(first_name && { givenNames: first_name }),
    ...(surname && { surname }),
    emails: email ? [email] : [],
  };
}

export function memberRecord(member: ChoirMember): PersonRecord {
  return {
    ref: { source: 'harmonySite', id: member.id },
    fullName: member.name,
    givenNames: member.givenNames,
    ...(member.preferredName && { preferredName: member.preferredName }),
    surname: member.surname,
    emails: member.email ? [member.email] : [],
  };
}

function summary({ volunteer, member }: Pair, nextShift: Shift | undefined, harmonySiteOrigin?: string): PersonSummary {
  const email = member.email ?? volunteer.properties.email;
  const phone = member.phone ?? volunteer.properties.telephone_mobile;
  return {
    name: member.name,
    ...(member.voicePart && { voicePart: member.voicePart }),
    ...(member.membershipStatus && { membershipStatus: member.membershipStatus }),
    ...(email && { email }),
    ...(phone && { phone }),
    ...(nextShift && {
      nextShift: { id: nextShift.id, start: nextShift.start, end: nextShift.end, allDay: nextShift.allDay, rota: nextShift.rota.name },
    }),
    links: {
      threeRings: `${THREE_RINGS_ORIGIN}/directory/${volunteer.id}`,
      ...(harmonySiteOrigin && { harmonySite: `${harmonySiteOrigin}/dbpage.php?pg=view&dbase=members&id=${member.id}` }),
    },
  };
}

/** Each volunteer's first shift that has not yet ended. */
function nextShiftByVolunteer(shifts: Shift[], now: number): Map<number, Shift> {
  const next = new Map<number, Shift>();
  const upcoming = shifts.filter((shift) => Date.parse(shift.end) > now).sort((a, b) => a.start.localeCompare(b.start));
  for (const shift of upcoming) {
    for (const person of shift.volunteers) if (!next.has(person.id)) next.set(person.id, shift);
  }
  return next;
}
