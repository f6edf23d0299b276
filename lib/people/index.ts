import type { ChoirMember, CiviContact, PersonSummary, Shift, SourceRef, Volunteer } from '../model';
import { THREE_RINGS_ORIGIN } from '../three-rings/origin';
import { matchPeople, prepareRecords, samePair, type Link, type ManualLink, type PersonRecord } from './match';

export interface PeopleIndexInput {
  volunteers: Volunteer[];
  members: ChoirMember[];
  /** The choir's CiviCRM contacts, when it has one. */
  contacts?: CiviContact[];
  links: ManualLink[];
  harmonySiteOrigin?: string;
  civiCrmOrigin?: string;
}

/** One person across Three Rings, HarmonySite and CiviCRM, as badges ask for them. */
export interface PeopleIndex {
  /**
   * Everyone on one site who is also known to another system, keyed by their id on this site
   * (volunteer id on Three Rings, member id on HarmonySite), each with their next shift from
   * `shifts` (the cached rota window) after `now`: what that site's badges need.
   */
  everyoneOn(site: 'threeRings' | 'harmonySite', shifts: Shift[], now: number): Record<number, PersonSummary>;
}

/** One person: their record in each system that knows them. */
export interface Person {
  volunteer?: Volunteer;
  member?: ChoirMember;
  contact?: CiviContact;
}

/** `people` is the input joined (joinPeople), when the caller needs the join for more than badges. */
export function buildPeopleIndex(input: PeopleIndexInput, people: Person[] = joinPeople(input)): PeopleIndex {
  const known = people.filter((person) => [person.volunteer, person.member, person.contact].filter(Boolean).length > 1);
  const byVolunteer = new Map(known.flatMap((person) => (person.volunteer ? [[person.volunteer.id, person] as const] : [])));
  const byMember = new Map(known.flatMap((person) => (person.member ? [[person.member.id, person] as const] : [])));
  return {
    everyoneOn(site, shifts, now) {
      const nextShifts = nextShiftByVolunteer(shifts, now);
      const onSite = site === 'threeRings' ? byVolunteer : byMember;
      return Object.fromEntries([...onSite].map(([id, person]) => [id, summary(person, person.volunteer && nextShifts.get(person.volunteer.id), input)]));
    },
  };
}

/**
 * Volunteers and members are matched first, as before; then each system to CiviCRM. A contact
 * joins the person whose records it matched. If the two records of one person match different
 * contacts, or one contact matches two people, it is left out: never merge two people. A
 * manual link wins over automatic ones; a contact matched by a volunteer alone and a member
 * alone (whom nothing else linked, and whom the member has not kept apart) makes them one person.
 */
export function joinPeople({ volunteers, members, contacts = [], links }: PeopleIndexInput): Person[] {
  // Each list is matched against two others: prepared once.
  const volunteerRecords = prepareRecords(volunteers.map(volunteerRecord));
  const memberRecords = prepareRecords(members.map(memberRecord));
  const contactRecords = prepareRecords(contacts.map(contactRecord));
  const volunteerById = new Map(volunteers.map((volunteer) => [volunteer.id, volunteer]));
  const memberById = new Map(members.map((member) => [member.id, member]));
  const contactById = new Map(contacts.map((contact) => [contact.id, contact]));

  const people: Person[] = [];
  const personOfVolunteer = new Map<number, Person>();
  const personOfMember = new Map<number, Person>();
  for (const { a, b } of matchPeople(volunteerRecords, memberRecords, links)) {
    const [volunteer, member] = [volunteerById.get(refOf(a, b, 'threeRings').id), memberById.get(refOf(a, b, 'harmonySite').id)];
    if (!volunteer || !member) continue;
    const person = { volunteer, member };
    people.push(person);
    personOfVolunteer.set(volunteer.id, person);
    personOfMember.set(member.id, person);
  }
  for (const volunteer of volunteers) if (!personOfVolunteer.has(volunteer.id)) personOfVolunteer.set(volunteer.id, push(people, { volunteer }));
  for (const member of members) if (!personOfMember.has(member.id)) personOfMember.set(member.id, push(people, { member }));
  if (contacts.length === 0) return people;

  const claims = new Map<number, { person: Person; manual: boolean }[]>();
  const claim = (matched: Link[], source: 'threeRings' | 'harmonySite', personOf: Map<number, Person>) => {
    for (const link of matched) {
      const person = personOf.get(refOf(link.a, link.b, source).id);
      const contactId = refOf(link.a, link.b, 'civiCrm').id;
      if (person) claims.set(contactId, [...(claims.get(contactId) ?? []), { person, manual: link.match.by === 'manual' }]);
    }
  };
  claim(matchPeople(volunteerRecords, contactRecords, links), 'threeRings', personOfVolunteer);
  claim(matchPeople(memberRecords, contactRecords, links), 'harmonySite', personOfMember);

  const contactsOf = new Map<Person, { contact: CiviContact; manual: boolean }[]>();
  for (const [contactId, claimants] of claims) {
    const contact = contactById.get(contactId);
    const person = contact && settle(claimants, links, people);
    const manual = claimants.some((claimant) => claimant.person === person && claimant.manual);
    if (person) contactsOf.set(person, [...(contactsOf.get(person) ?? []), { contact, manual }]);
  }
  for (const [person, matched] of contactsOf) {
    // Its volunteer and member matched two different contacts: unless the member linked one by
    // hand, which is right is unknown.
    const byHand = matched.filter((entry) => entry.manual);
    const chosen = matched.length === 1 ? matched[0] : byHand.length === 1 ? byHand[0] : undefined;
    if (chosen) person.contact = chosen.contact;
  }
  return people;
}

/** Who a contact belongs to when more than one person claimed it; undefined when unclear. */
function settle(claimants: { person: Person; manual: boolean }[], links: ManualLink[], people: Person[]): Person | undefined {
  const distinct = [...new Set(claimants.map((claimant) => claimant.person))];
  if (distinct.length === 1) return distinct[0];
  const merged = mergeIfOnePerson(distinct, links, people);
  if (merged) return merged;
  const manual = [...new Set(claimants.filter((claimant) => claimant.manual).map((claimant) => claimant.person))];
  return manual.length === 1 ? manual[0] : undefined;
}

/**
 * A volunteer no member was linked to and a member no volunteer was linked to, found by the
 * same contact: one person after all, unless the member has kept the two apart.
 */
function mergeIfOnePerson(claimants: Person[], links: ManualLink[], people: Person[]): Person | undefined {
  if (claimants.length !== 2) return undefined;
  const volunteerAlone = claimants.find((person) => person.volunteer && !person.member);
  const memberAlone = claimants.find((person) => person.member && !person.volunteer);
  if (!volunteerAlone?.volunteer || !memberAlone?.member) return undefined;
  if (keptApart(links, { source: 'threeRings', id: volunteerAlone.volunteer.id }, { source: 'harmonySite', id: memberAlone.member.id })) return undefined;
  volunteerAlone.member = memberAlone.member;
  people.splice(people.indexOf(memberAlone), 1);
  return volunteerAlone;
}

function keptApart(links: ManualLink[], x: SourceRef, y: SourceRef): boolean {
  return links.some((link) => !link.linked && samePair([link.a, link.b], [x, y]));
}

function refOf(a: SourceRef, b: SourceRef, source: SourceRef['source']): SourceRef {
  return a.source === source ? a : b;
}

function push(people: Person[], person: Person): Person {
  people.push(person);
  return person;
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

export function contactRecord(contact: CiviContact): PersonRecord {
  return {
    ref: { source: 'civiCrm', id: contact.id },
    fullName: contact.name,
    ...(contact.firstName && { givenNames: contact.firstName }),
    ...(contact.nickName && { preferredName: contact.nickName }),
    ...(contact.lastName && { surname: contact.lastName }),
    emails: contact.email ? [contact.email] : [],
  };
}

function summary({ volunteer, member, contact }: Person, nextShift: Shift | undefined, origins: SiteOrigins): PersonSummary {
  const email = member?.email ?? contact?.email ?? volunteer?.properties.email;
  const phone = member?.phone ?? volunteer?.properties.telephone_mobile;
  const membership = contact?.memberships[0];
  return {
    name: member?.name ?? contact?.name ?? volunteer?.name ?? '',
    ...(member?.voicePart && { voicePart: member.voicePart }),
    ...(member?.membershipStatus && { membershipStatus: member.membershipStatus }),
    ...(email && { email }),
    ...(phone && { phone }),
    ...(nextShift && {
      nextShift: { id: nextShift.id, start: nextShift.start, end: nextShift.end, allDay: nextShift.allDay, rota: nextShift.rota.name },
    }),
    ...(contact && { civiCrm: { ...(membership && { membership }), groups: contact.groups } }),
    links: {
      ...(volunteer && { threeRings: recordLink({ source: 'threeRings', id: volunteer.id }, origins) }),
      ...(member && origins.harmonySiteOrigin && { harmonySite: recordLink({ source: 'harmonySite', id: member.id }, origins) }),
      ...(contact && origins.civiCrmOrigin && { civiCrm: recordLink({ source: 'civiCrm', id: contact.id }, origins) }),
    },
  };
}

export type SiteOrigins = Pick<PeopleIndexInput, 'harmonySiteOrigin' | 'civiCrmOrigin'>;

/** Where a record is on its own site; undefined for a site whose address is not known. */
export function recordLink({ source, id }: SourceRef, origins: SiteOrigins): string | undefined {
  if (source === 'threeRings') return `${THREE_RINGS_ORIGIN}/directory/${id}`;
  if (source === 'harmonySite') return origins.harmonySiteOrigin && `${origins.harmonySiteOrigin}/dbpage.php?pg=view&dbase=members&id=${id}`;
  return origins.civiCrmOrigin && `${origins.civiCrmOrigin}/civicrm/contact/view?reset=1&cid=${id}`;
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
