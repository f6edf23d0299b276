import { HEALTH_CASES, isHealthVolunteer } from '../health-cases';
import { SIGNED_IN_VOLUNTEER_ID, type SimVolunteer } from '../three-rings/data';
import { addDays, type CalendarDate, londonDate } from '../three-rings/london-time';
import { FIRST_NAMES, NAMED_VOLUNTEERS, SURNAMES } from '../three-rings/names';
import { SeededRandom } from '../three-rings/random';
import { asciiLetters, HOSTILE_MEMBERS, type MemberName, MIDDLE_NAMES, NAMED_MEMBER_CHANGES, NICKNAMES, SUBURBS, TITLES, withoutAccents } from './names';

/**
 * The simulated HarmonySite's tables. Rows hold raw values, every one a string ('' when empty,
 * booleans '1'/'0', dates YYYY-MM-DD); the API formats them. Built from the Three Rings
 * simulator's volunteers when given, with the differences a choir's two systems really have.
 * Handlers read these arrays on every request, so a test may edit them.
 */

export { HEALTH_CASES };

export type Row = Record<string, string>;
export type TableName = 'members' | 'memberships' | 'participations' | 'events';

export interface HarmonySiteData {
  members: Row[];
  memberships: Row[];
  participations: Row[];
  events: Row[];
  /** Which member is which Three Rings volunteer; empty without `volunteers`. */
  truth: { memberId: number; volunteerId: number }[];
  /** The demo login's member: the signed-in Three Rings volunteer (100001), same email. */
  demoMemberId: number;
  /** The section-leader login's member. */
  sectionLeaderMemberId: number;
}

export interface GenerateOptions {
  seed: number;
  volunteers?: readonly SimVolunteer[];
  /** About how many members in all: the choir alone knows the ones who are not volunteers. */
  memberCount?: number;
  now: Date;
}

interface Person extends MemberName {
  mobile: string;
  /** Voice part ("Soprano 1"), '' for members who do not sing. */
  part: string;
  status: string;
  volunteerId?: number;
  isDemo?: boolean;
}

/** Alex Morgan, the Three Rings simulator's signed-in volunteer (username demo). */
const DEMO_PERSON: Person = { title: '', given: 'Alex', greeting: '', surname: 'Morgan', email: 'demo@example.org', mobile: '07700 900001', part: 'Tenor', status: 'Active', isDemo: true };
const PARTS: Readonly<Record<string, readonly string[]>> = {
  Soprano: ['Soprano 1', 'Soprano 2'],
  Alto: ['Alto 1', 'Alto 2'],
  Tenor: ['Tenor'],
  Bass: ['Bass 1', 'Bass 2'],
};
const ALL_PARTS = Object.values(PARTS).flat();
/** Statuses that always occur somewhere, given to the first members who are not volunteers. */
const RARE_STATUSES = ['Former', 'Deceased', 'Leave of absence'];

export function generateHarmonySiteData({ seed, volunteers, memberCount, now }: GenerateOptions): HarmonySiteData {
  const random = new SeededRandom(seed * 7919 + 13);
  const today = londonDate(now.getTime());
  const people = volunteers ? membersFromVolunteers(random, volunteers.filter((volunteer) => !isHealthVolunteer(volunteer.id))) : [DEMO_PERSON];
  if (!people.some((person) => person.isDemo)) people.unshift(DEMO_PERSON);
  const health = volunteers ? healthMembers(random, volunteers) : [];

  const emails = new Set([...people, ...health].map((person) => person.email));
  const usualOthers = volunteers ? Math.round(people.length * 0.1) : 59;
  const others = memberCount === undefined ? usualOthers : Math.max(0, memberCount - people.length - health.length - HOSTILE_MEMBERS.length);
  const invented = Array.from({ length: others }, (_, index) => inventedPerson(random, emails, RARE_STATUSES[index] ?? (random.chance(0.9) ? 'Active' : 'Former')));
  const hostile = HOSTILE_MEMBERS.map((name): Person => ({ ...name, title: '', email: '', mobile: '', part: random.pick(ALL_PARTS), status: 'Active' }));
  const demo = people.find((person) => person.isDemo)!;
  const sectionLeader = [...people, ...invented].find((person) => !person.isDemo && person.status === 'Active' && person.part) ?? demo;

  // Database ids follow the order members were entered, with gaps where records were deleted.
  // The health cases were entered last, so `truth` lists them after everyone else: tests that
  // take the first few pairs get ones that link automatically, not Tobias Whitcombe's.
  let nextId = 1;
  const members = [...random.shuffle([...people, ...invented, ...hostile]), ...health].map((person) => {
    const id = nextId;
    nextId += random.chance(0.1) ? random.int(2, 4) : 1;
    return { id, person };
  });
  const idOf = (person: Person) => members.find((member) => member.person === person)!.id;
  return {
    members: members.map(({ id, person }) => memberRow(random, id, person, today)),
    memberships: membershipRows(random, members, today),
    participations: participationRows(random, members),
    events: eventRows(random, members.map(({ id }) => id), idOf(demo), today),
    truth: members.flatMap(({ id, person }) => (person.volunteerId === undefined ? [] : [{ memberId: id, volunteerId: person.volunteerId }])),
    demoMemberId: idOf(demo),
    sectionLeaderMemberId: idOf(sectionLeader),
  };
}

// ---------------------------------------------------------------------------------------------
// Members

/**
 * The health cases' members (see ../health-cases.ts), each with exactly the difference its case
 * is about, and nothing random that could hide it.
 */
function healthMembers(random: SeededRandom, volunteers: readonly SimVolunteer[]): Person[] {
  const { formerMemberWithShift, twoEmails, probablySamePerson, duplicateMember, expiredMembership, membershipEndingSoon, sharedEmail, noVoicePart } = HEALTH_CASES;
  const asMember = (volunteerId: number, changes: Partial<Person> = {}): Person[] => {
    const volunteer = volunteers.find((candidate) => candidate.id === volunteerId);
    return volunteer ? [{ ...volunteerMember(random, volunteer), ...changes }] : [];
  };
  const singer = (firstName: string, surname: string, email: string, part: string): Person => ({ title: '', given: firstName, greeting: '', surname, email, mobile: '', part, status: 'Active' });
  return [
    ...asMember(formerMemberWithShift.volunteerId, { status: 'Former' }),
    ...asMember(twoEmails.volunteerId, { email: twoEmails.harmonySiteEmail }),
    ...asMember(probablySamePerson.volunteerId, { email: probablySamePerson.harmonySiteEmail }),
    // The same record twice: two objects, since members are told apart by identity.
    ...asMember(duplicateMember.volunteerId).flatMap((person) => [person, { ...person }]),
    singer(expiredMembership.firstName, expiredMembership.surname, expiredMembership.email, expiredMembership.part),
    singer(membershipEndingSoon.firstName, membershipEndingSoon.surname, membershipEndingSoon.email, membershipEndingSoon.part),
    ...sharedEmail.people.map((person) => singer(person.firstName, person.surname, sharedEmail.email, person.part)),
    singer(noVoicePart.firstName, noVoicePart.surname, noVoicePart.email, ''),
  ];
}

/** About three in four volunteers are members (always the signed-in one and the named ones), and two partners who share their email. */
function membersFromVolunteers(random: SeededRandom, volunteers: readonly SimVolunteer[]): Person[] {
  const people: Person[] = [];
  for (const volunteer of volunteers) {
    const isNamed = volunteer.id - SIGNED_IN_VOLUNTEER_ID <= NAMED_VOLUNTEERS.length;
    if (!isNamed && !random.chance(0.75)) continue;
    const person = volunteerMember(random, volunteer);
    if (volunteer.id === SIGNED_IN_VOLUNTEER_ID) people.push({ ...person, isDemo: true });
    else people.push(isNamed ? { ...person, ...NAMED_MEMBER_CHANGES[volunteer.firstName] } : withDifferences(random, person));
  }
  const withEmail = people.filter((person) => person.email && !person.isDemo);
  const partners = random.sample(withEmail, 2).map((person): Person => ({
    ...inventedName(random),
    surname: person.surname,
    email: person.email,
    mobile: '',
    part: random.pick(ALL_PARTS),
    status: 'Active',
  }));
  return [...people, ...partners];
}

/** A volunteer's member record, written as in Three Rings. */
function volunteerMember(random: SeededRandom, volunteer: SimVolunteer): Person {
  return {
    title: '',
    given: volunteer.firstName,
    greeting: '',
    surname: volunteer.surname,
    email: volunteer.email ?? '',
    mobile: volunteer.mobile ?? '',
    part: partOf(random, volunteer),
    status: volunteer.onLeave ? 'Leave of absence' : 'Active',
    volunteerId: volunteer.id,
  };
}

/** The ordinary ways a member's record differs from their Three Rings account. */
function withDifferences(random: SeededRandom, person: Person): Person {
  const nickname = NICKNAMES[person.given];
  const given = random.chance(0.25) ? `${person.given} ${random.pick(MIDDLE_NAMES)}` : person.given;
  const greeting = nickname && random.chance(0.7) ? nickname : random.chance(0.4) ? person.given : '';
  const accents = random.chance(0.5) ? withoutAccents : (text: string) => text;
  const married = random.chance(0.05) && !!person.email;
  const email = random.chance(0.1) ? '' : random.chance(0.05) ? person.email.replace(/^./, (first) => first.toUpperCase()) : person.email;
  return {
    ...person,
    title: random.pick(TITLES),
    given: accents(given),
    greeting: accents(greeting),
    surname: married ? random.pick(SURNAMES.filter((surname) => surname !== person.surname)) : accents(person.surname),
    email,
    mobile: person.mobile && random.chance(0.3) ? person.mobile.replace(/^0/, '+44 ') : person.mobile,
    status: person.status === 'Active' && random.chance(0.03) ? 'Former' : person.status,
  };
}

function inventedName(random: SeededRandom): MemberName {
  const given = random.pick(FIRST_NAMES);
  return { title: random.pick(TITLES), given, greeting: random.chance(0.3) ? (NICKNAMES[given] ?? '') : '', surname: random.pick(SURNAMES), email: '' };
}

function inventedPerson(random: SeededRandom, emails: Set<string>, status: string): Person {
  const name = inventedName(random);
  let email = '';
  if (random.chance(0.85)) {
    const base = `${asciiLetters(name.given) || 'member'}.${asciiLetters(name.surname) || 'choir'}`;
    email = `${base}@example.net`;
    for (let n = 2; emails.has(email); n++) email = `${base}${n}@example.net`;
    emails.add(email);
  }
  return { ...name, email, mobile: random.chance(0.7) ? `07700 9${random.int(10000, 99999)}` : '', part: random.chance(0.9) ? random.pick(ALL_PARTS) : '', status };
}

/** The section from the volunteer's Three Rings voice-part role, numbered as choirs do. */
function partOf(random: SeededRandom, volunteer: SimVolunteer): string {
  const voice = volunteer.roles.map((role) => PARTS[role.name]).find(Boolean);
  return voice ? random.pick(voice) : random.pick(ALL_PARTS);
}

function memberRow(random: SeededRandom, id: number, person: Person, today: CalendarDate): Row {
  return {
    id: String(id),
    stamp: `${addDays(today, -random.int(1, 400))} ${String(random.int(8, 22)).padStart(2, '0')}:${String(random.int(0, 59)).padStart(2, '0')}:00`,
    Title: person.title,
    FirstName: person.given,
    Greeting: person.greeting,
    Surname: person.surname,
    Email: person.email,
    MobilePhone: person.mobile,
    HomePhone: random.chance(0.2) ? `0117 496 0${random.int(100, 999)}` : '',
    Suburb: random.pick(SUBURBS),
    Searchable: random.chance(0.8) ? '1' : '0',
  };
}

// ---------------------------------------------------------------------------------------------
// Memberships, participations, events

type Entered = { id: number; person: Person };

/** One membership each; a few rejoined, so an older "Former" one comes first. */
function membershipRows(random: SeededRandom, members: Entered[], today: CalendarDate): Row[] {
  const rows: Row[] = [];
  const add = (id: number, status: string, registered: CalendarDate) =>
    rows.push({
      id: String(rows.length + 1),
      Member: String(id),
      MemberID: `SCS${String(id).padStart(4, '0')}`,
      Type: random.chance(0.9) ? 'Singing member' : 'Life member',
      Status: status,
      Registration: registered,
      MailList: random.chance(0.85) ? '1' : '0',
    });
  for (const { id, person } of [...members].sort((a, b) => a.id - b.id)) {
    const registered = addDays(today, -random.int(30, 20 * 365));
    if (person.status === 'Active' && random.chance(0.05)) add(id, 'Former', addDays(registered, -random.int(400, 3000)));
    add(id, person.status, registered);
  }
  return rows;
}

/** The main choir for every singer; some also sing in the chamber choir. Leavers' parts are "Former". */
function participationRows(random: SeededRandom, members: Entered[]): Row[] {
  const rows: Row[] = [];
  const add = (id: number, ensemble: string, part: string, status: string) =>
    rows.push({ id: String(rows.length + 1), Member: String(id), Ensemble: ensemble, Part: part, Status: status, FrontRow: random.chance(0.2) ? '1' : '0' });
  for (const { id, person } of [...members].sort((a, b) => a.id - b.id)) {
    if (!person.part) continue;
    const status = person.status === 'Active' || person.status === 'Leave of absence' ? 'Active' : 'Former';
    add(id, '1', person.part, status);
    if (status === 'Active' && random.chance(0.1)) add(id, '2', person.part, 'Active');
  }
  return rows;
}

const EVENTS: readonly { days: number; title: string; time: string; lasts?: number; description?: string }[] = [
  { days: -21, title: 'Rehearsal', time: '7:30pm' },
  { days: -14, title: 'Summer Concert', time: '7pm', description: '<p>Doors open 6.30pm. Concert black &amp; <b>red</b> scarves.</p>' },
  { days: -7, title: 'Rehearsal', time: '7:30pm' },
  { days: 2, title: 'Sectional: Tenors & Basses', time: '7pm', description: 'Church hall. Bring a pencil <and> your score.' },
  { days: 5, title: 'Rehearsal', time: '7:30pm' },
  { days: 12, title: 'Choir weekend away', time: '10am', lasts: 2, description: '<p>Residential course at Hill House.</p>' },
  { days: 19, title: 'Christmas Concert', time: '7:30pm', description: '<p>Bring your <i>own</i> folder.</p><img src=x onerror=alert(1)>' },
  { days: 26, title: 'Carols at the station', time: '5pm' },
  { days: 40, title: 'AGM', time: '7pm', description: 'Agenda to follow' },
];

/** The Roster is a multi-member field: its ids joined by "|" (the live delimiter is unknown). */
function eventRows(random: SeededRandom, memberIds: number[], demoMemberId: number, today: CalendarDate): Row[] {
  return EVENTS.map((event, index) => {
    const roster = new Set(random.sample(memberIds, random.int(6, 14)));
    if (index % 2 === 1) roster.add(demoMemberId);
    const start = addDays(today, event.days);
    return {
      id: String(index + 1),
      Title: event.title,
      start,
      Time: event.time,
      Until: event.lasts ? addDays(start, event.lasts) : '',
      Description: event.description ?? '',
      Roster: [...roster].sort((a, b) => a - b).join('|'),
      Public: event.title === 'Rehearsal' ? '0' : '1',
    };
  });
}
