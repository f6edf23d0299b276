import type { HarmonySiteData, Row } from '../harmonysite/data';
import { asciiLetters } from '../harmonysite/names';
import { HEALTH_CASES, HEALTH_MEMBER_EMAILS, isHealthVolunteer } from '../health-cases';
import { ROLES, SIGNED_IN_VOLUNTEER_ID, type SimVolunteer } from '../three-rings/data';
import { addDays, type CalendarDate, londonDate } from '../three-rings/london-time';
import { FIRST_NAMES, NAMED_VOLUNTEERS, SURNAMES } from '../three-rings/names';
import { SeededRandom } from '../three-rings/random';
import { type ContactName, displayName, HOSTILE_CONTACTS, hostileLinkedName, NAMED_CONTACT_CHANGES, nickFor, PREFIXES, sortName, splitQuotedNick } from './names';

/**
 * The simulated CiviCRM's tables, typed as APIv4 sends them (ids numbers, flags booleans, dates
 * YYYY-MM-DD, nothing as null); APIv3 turns them into strings. Built from the Three Rings
 * volunteers and HarmonySite members when given, with the differences a choir's CRM really has.
 * Handlers read these arrays on every request, so a test may edit them.
 */

export { HEALTH_CASES };

export type ContactType = 'Individual' | 'Organization' | 'Household';

export interface ContactRow {
  id: number;
  contact_type: ContactType;
  first_name: string | null;
  middle_name: string | null;
  last_name: string | null;
  nick_name: string | null;
  display_name: string;
  sort_name: string;
  organization_name: string | null;
  household_name: string | null;
  /** The primary email, as `email_primary.email` (v4) or `email` (v3). */
  email: string | null;
  is_deleted: boolean;
  is_deceased: boolean;
  /** "YYYY-MM-DD HH:MM:SS" */
  created_date: string;
}

export interface GroupRow {
  id: number;
  name: string;
  title: string;
  description: string | null;
  is_active: boolean;
  visibility: string;
  /** 1 Access Control, 2 Mailing List. */
  group_type: number[];
  /** Set on smart groups: their members come from the saved search, not GroupContact. */
  saved_search_id: number | null;
}

export interface GroupContactRow {
  id: number;
  group_id: number;
  contact_id: number;
  status: 'Added' | 'Removed' | 'Pending';
}

export interface MembershipRow {
  id: number;
  contact_id: number;
  membership_type_id: number;
  status_id: number;
  join_date: CalendarDate;
  start_date: CalendarDate;
  /** Null for a lifetime membership. */
  end_date: CalendarDate | null;
}

export interface MembershipTypeRow {
  id: number;
  name: string;
  is_active: boolean;
}

export interface MembershipStatusRow {
  id: number;
  name: string;
  label: string;
  is_current_member: boolean;
  is_active: boolean;
}

/** The only rule the simulator's saved searches know. */
export interface SavedSearchRow {
  id: number;
  label: string;
  rule: 'latest-membership-expired';
}

/** Which contact is which volunteer and/or HarmonySite member. */
export interface TruthEntry {
  contactId: number;
  volunteerId?: number;
  memberId?: number;
}

export interface CiviCrmData {
  contacts: ContactRow[];
  groups: GroupRow[];
  groupContacts: GroupContactRow[];
  memberships: MembershipRow[];
  membershipTypes: MembershipTypeRow[];
  membershipStatuses: MembershipStatusRow[];
  savedSearches: SavedSearchRow[];
  /** Live contacts only (not the trashed duplicates), by contact id. */
  truth: TruthEntry[];
  /** Alex Morgan, demo@example.org: the `demo` login's contact and Three Rings volunteer 100001. */
  demoContactId: number;
  noMembersContactId: number;
  noCiviContactId: number;
  /** The one hostile-named contact linked by email to a volunteer who is not a HarmonySite member. */
  hostileLinked?: { contactId: number; volunteerId: number };
  /** Hostile-named contacts who match nobody. */
  hostileContactIds: number[];
  today: CalendarDate;
}

export interface GenerateOptions {
  seed: number;
  volunteers?: readonly SimVolunteer[];
  members?: HarmonySiteData;
  /** About how many contacts in all: supporters the CRM alone knows make up the number. */
  contactCount?: number;
  now: Date;
}

export const MEMBERSHIP_TYPES: readonly MembershipTypeRow[] = [
  { id: 1, name: 'Singing member', is_active: true },
  { id: 2, name: 'Friend of the choir', is_active: true },
];
const SINGING = 1;
const FRIEND = 2;

/** CiviMember's own statuses and ids (5, Pending, is not used here). */
export const MEMBERSHIP_STATUSES: readonly MembershipStatusRow[] = [
  { id: 1, name: 'New', label: 'New', is_current_member: true, is_active: true },
  { id: 2, name: 'Current', label: 'Current', is_current_member: true, is_active: true },
  { id: 3, name: 'Grace', label: 'Grace', is_current_member: true, is_active: true },
  { id: 4, name: 'Expired', label: 'Expired', is_current_member: false, is_active: true },
  { id: 6, name: 'Cancelled', label: 'Cancelled', is_current_member: false, is_active: true },
];
type StatusName = 'New' | 'Current' | 'Grace' | 'Expired' | 'Cancelled';
const STATUS_ID: Readonly<Record<StatusName, number>> = { New: 1, Current: 2, Grace: 3, Expired: 4, Cancelled: 6 };

export const GROUP_IDS = { choir: 3, newsletter: 4, committee: 6, lapsed: 9, oldMailing: 11 } as const;
const LAPSED_SEARCH_ID = 2;

function groupRows(): GroupRow[] {
  const group = (id: number, title: string, rest: Partial<GroupRow> = {}): GroupRow => ({
    id, name: title.replace(/ /g, '_'), title, description: null, is_active: true, visibility: 'User and User Admin Only', group_type: [2], saved_search_id: null, ...rest,
  });
  return [
    group(GROUP_IDS.choir, 'Choir members', { description: 'Everyone singing with us this season' }),
    group(GROUP_IDS.newsletter, 'Newsletter', { visibility: 'Public Pages' }),
    group(GROUP_IDS.committee, 'Committee', { group_type: [1] }),
    group(GROUP_IDS.lapsed, 'Lapsed singers', { group_type: [], saved_search_id: LAPSED_SEARCH_ID, description: 'Latest membership expired' }),
    group(GROUP_IDS.oldMailing, 'Old mailing 2019', { is_active: false }),
  ];
}

// ---------------------------------------------------------------------------------------------
// People, before they get ids

type Kind = 'singer' | 'former' | 'supporter' | 'hostile' | 'staff' | 'organisation' | 'household' | 'deleted';

interface MembershipPlan {
  type: number;
  status: StatusName;
  /** An older, expired membership before this one. */
  rejoined?: boolean;
  lifetime?: boolean;
  /** When it ends, in days from today, for a health case that needs it so; otherwise as its status says. */
  endsInDays?: number;
}

interface Person {
  kind: Kind;
  contactType: ContactType;
  name: ContactName;
  /** '' when the CRM has none. */
  email: string;
  plan?: MembershipPlan;
  volunteerId?: number;
  memberId?: number;
  committee?: boolean;
  deceased?: boolean;
  role?: 'demo' | 'noMembers' | 'noCivi' | 'hostileLinked';
}

const DEMO: Person = {
  kind: 'singer', contactType: 'Individual', name: { first: 'Alex', last: 'Morgan' }, email: 'demo@example.org',
  plan: { type: SINGING, status: 'Current' }, committee: true, role: 'demo', volunteerId: SIGNED_IN_VOLUNTEER_ID,
};
/** The `no-members` login: office help, in the committee group, not a member. */
const NO_MEMBERS: Person = { kind: 'staff', contactType: 'Individual', name: { first: 'Jordan', last: 'Pryce' }, email: 'jordan.pryce@example.com', committee: true, role: 'noMembers' };
const NO_CIVI: Person = { kind: 'staff', contactType: 'Individual', name: { first: 'Chris', last: 'Lowe' }, email: 'chris.lowe@example.com', role: 'noCivi' };

const ORGANISATIONS: readonly Person[] = [
  { kind: 'organisation', contactType: 'Organization', name: { first: '', last: "St Cecilia's Parish Church" }, email: 'office@stcecilia-church.example' },
  { kind: 'organisation', contactType: 'Organization', name: { first: '', last: 'Bristol Choral Trust' }, email: 'grants@choraltrust.example' },
  { kind: 'household', contactType: 'Household', name: { first: '', last: 'The Hughes Household' }, email: '' },
];

export function generateCiviCrmData({ seed, volunteers, members, contactCount, now }: GenerateOptions): CiviCrmData {
  const random = new SeededRandom(seed * 104_729 + 31);
  const today = londonDate(now.getTime());
  const emails = new Set<string>();
  const taken = takenNames(volunteers, members);
  const fromVolunteers = volunteers ? volunteerPeople(random, volunteers, members) : [];
  const demo = fromVolunteers.find((person) => person.role === 'demo') ?? { ...DEMO, volunteerId: undefined };
  const singers = volunteers ? fromVolunteers.filter((person) => person !== demo) : inventedPeople(random, 35, 'singer', emails, taken);
  for (const person of [demo, ...singers]) emails.add(person.email.toLowerCase());
  const fromMembers = members ? memberPeople(random, members) : [];
  const health = members ? healthContacts(members) : [];
  for (const person of health) emails.add(person.email);
  const formers = inventedPeople(random, volunteers ? Math.round(volunteers.length * 0.75) : 20, 'former', emails, taken);
  const hostile = HOSTILE_CONTACTS.map((contact): Person => ({ kind: 'hostile', contactType: 'Individual', name: contact, email: contact.email }));
  const everyoneElse = [demo, ...singers, ...fromMembers, ...health, ...formers, ...hostile, NO_MEMBERS, NO_CIVI];
  // About one contact in five is a supporter the CRM alone knows: donors, audience, friends.
  const supporterCount = contactCount === undefined ? Math.round(everyoneElse.length / 4) : Math.max(0, contactCount - everyoneElse.length - DELETED_COUNT - ORGANISATIONS.length);
  const supporters = inventedPeople(random, supporterCount, 'supporter', emails, taken);
  const deleted = deletedPeople(random, [...singers, ...formers], emails, taken);
  const people = [...everyoneElse, ...supporters, ...deleted, ...ORGANISATIONS];
  return buildTables(random, people, today, now);
}

/**
 * About two in three volunteers are contacts: always the signed-in one, more often those
 * HarmonySite does not know (so some are known only to Three Rings and CiviCRM). Volunteers
 * whose names are markup are left out, so exactly one linked contact has a hostile name.
 */
function volunteerPeople(random: SeededRandom, volunteers: readonly SimVolunteer[], members?: HarmonySiteData): Person[] {
  const memberIdOf = new Map((members?.truth ?? []).map((pair) => [pair.volunteerId, pair.memberId]));
  const chosen: Person[] = [];
  const skipped: SimVolunteer[] = [];
  for (const volunteer of volunteers) {
    // The health cases' volunteers are not contacts: their cases are between Three Rings and HarmonySite.
    if (volunteer.firstName.includes('<') || volunteer.surname.includes('<') || isHealthVolunteer(volunteer.id)) continue;
    const isDemo = volunteer.id === SIGNED_IN_VOLUNTEER_ID;
    const inHarmonySite = memberIdOf.has(volunteer.id);
    if (isDemo || isNamed(volunteer) || random.chance(inHarmonySite || !members ? 0.58 : 0.85)) chosen.push(volunteerPerson(random, volunteer, memberIdOf.get(volunteer.id)));
    else if (!inHarmonySite) skipped.push(volunteer);
  }
  const civiOnly = () => chosen.filter((person) => person.memberId === undefined && person.role !== 'demo');
  for (const volunteer of skipped) if (civiOnly().length < 6) chosen.push(volunteerPerson(random, volunteer, undefined));
  markHostileLinked(civiOnly());
  // Volunteers known only here must show a membership, so the badge has something to say.
  for (const person of civiOnly().filter((candidate) => !candidate.role).slice(0, 3)) {
    person.plan = { type: SINGING, status: 'Current' };
    person.email = person.email.toLowerCase();
  }
  return chosen;
}

const isNamed = (volunteer: SimVolunteer) => volunteer.id - SIGNED_IN_VOLUNTEER_ID <= NAMED_VOLUNTEERS.length;

function volunteerPerson(random: SeededRandom, volunteer: SimVolunteer, memberId: number | undefined): Person {
  const base = { kind: 'singer' as const, contactType: 'Individual' as const, volunteerId: volunteer.id, ...(memberId !== undefined && { memberId }) };
  const committee = volunteer.roles.some((role) => role.id === ROLES.committee.id);
  if (volunteer.id === SIGNED_IN_VOLUNTEER_ID) return { ...DEMO, ...base, email: volunteer.email ?? DEMO.email, committee: true };
  const { first, nick } = splitQuotedNick(volunteer.firstName);
  if (isNamed(volunteer)) return { ...base, ...namedContact(first, nick, volunteer), plan: { type: SINGING, status: 'Current' }, committee };
  // Someone HarmonySite does not know keeps their email here, so the two systems can still be linked.
  const knownElsewhere = memberId !== undefined;
  const married = knownElsewhere && random.chance(0.05) && !!volunteer.email;
  const name: ContactName = {
    first,
    last: married ? random.pick(SURNAMES.filter((surname) => surname !== volunteer.surname)) : volunteer.surname,
    ...((nick ?? (random.chance(0.3) ? nickFor(first) : undefined)) && { nick: nick ?? nickFor(first) }),
    ...(random.chance(0.1) && { prefix: random.pick(PREFIXES) }),
  };
  return { ...base, name, email: crmEmail(random, volunteer.email ?? '', knownElsewhere), plan: singerPlan(random), committee };
}

/** A named volunteer, written with the change NAMED_CONTACT_CHANGES gives them (if any). */
function namedContact(first: string, nick: string | undefined, volunteer: SimVolunteer): Pick<Person, 'name' | 'email'> {
  const { email: emailChange, ...nameChange } = NAMED_CONTACT_CHANGES[volunteer.firstName] ?? {};
  const email = volunteer.email ?? '';
  return {
    name: { first, last: volunteer.surname, ...(nick && { nick }), ...nameChange },
    email: emailChange === 'missing' ? '' : emailChange === 'capitalised' ? capitalised(email) : email,
  };
}

const capitalised = (email: string) => email.replace(/^./, (first) => first.toUpperCase()).replace(/@example/, '@Example');

/** Emails as typed into a CRM: now and then missing, or with a capital letter. */
function crmEmail(random: SeededRandom, email: string, mayBeMissing: boolean): string {
  if (!email || (mayBeMissing && random.chance(0.07))) return '';
  if (random.chance(0.08)) return capitalised(email);
  return email;
}

function singerPlan(random: SeededRandom): MembershipPlan | undefined {
  const roll = random.next();
  if (roll < 0.05) return undefined;
  if (roll < 0.13) return { type: SINGING, status: 'New' };
  if (roll < 0.23) return { type: SINGING, status: 'Grace' };
  if (roll < 0.28) return { type: SINGING, status: 'Expired' };
  return { type: SINGING, status: 'Current', rejoined: random.chance(0.1) };
}

/** One volunteer HarmonySite does not know, with an email, gets a name full of markup. */
function markHostileLinked(candidates: Person[]): void {
  const named = SIGNED_IN_VOLUNTEER_ID + NAMED_VOLUNTEERS.length;
  const person = candidates.find((candidate) => candidate.email && candidate.volunteerId! > named) ?? candidates.find((candidate) => candidate.email);
  if (!person) return;
  person.name = hostileLinkedName(person.name.first, person.name.last);
  person.email = person.email.toLowerCase();
  person.role = 'hostileLinked';
  person.plan = { type: SINGING, status: 'Current' };
}

/** Members HarmonySite has but Three Rings does not: about two in three of those with an email. */
function memberPeople(random: SeededRandom, members: HarmonySiteData): Person[] {
  const volunteerMembers = new Set(members.truth.map((pair) => String(pair.memberId)));
  const statusOf = new Map(members.memberships.map((row) => [row.Member, row.Status]));
  return members.members
    .filter((row) => !volunteerMembers.has(row.id ?? '') && row.Email && !HEALTH_MEMBER_EMAILS.has(row.Email) && random.chance(0.7))
    .map((row) => memberPerson(row, statusOf.get(row.id ?? '') ?? 'Active'));
}

/**
 * The health cases' contacts (see ../health-cases.ts): two current HarmonySite members, one whose
 * only membership has expired and one whose ends within the month. Found by their email.
 */
function healthContacts(members: HarmonySiteData): Person[] {
  const { expiredMembership, membershipEndingSoon } = HEALTH_CASES;
  const contact = (email: string, plan: MembershipPlan): Person[] => {
    const row = members.members.find((member) => member.Email === email);
    return row ? [{ ...memberPerson(row, 'Active'), plan }] : [];
  };
  return [
    ...contact(expiredMembership.email, { type: SINGING, status: 'Expired', endsInDays: expiredMembership.endsInDays }),
    ...contact(membershipEndingSoon.email, { type: SINGING, status: 'Current', endsInDays: membershipEndingSoon.endsInDays }),
  ];
}

function memberPerson(row: Row, harmonySiteStatus: string): Person {
  const [first = '', ...middle] = (row.FirstName ?? '').split(' ');
  const name: ContactName = { first, last: row.Surname ?? '', ...(middle.length > 0 && { middle: middle.join(' ') }), ...(row.Greeting && row.Greeting !== first && { nick: row.Greeting }) };
  const status: StatusName = harmonySiteStatus === 'Active' ? 'Current' : harmonySiteStatus === 'Leave of absence' ? 'Grace' : 'Expired';
  return { kind: 'singer', contactType: 'Individual', name, email: row.Email ?? '', memberId: Number(row.id), plan: { type: SINGING, status }, deceased: harmonySiteStatus === 'Deceased' };
}

/**
 * Full names of the volunteers and members. Nobody the CRM alone knows gets one: such a namesake,
 * with no email to tell them apart, would be the same person to anyone reading both lists.
 */
function takenNames(volunteers: readonly SimVolunteer[] | undefined, members: HarmonySiteData | undefined): Set<string> {
  const names = (volunteers ?? []).map((volunteer) => `${volunteer.firstName} ${volunteer.surname}`);
  for (const row of members?.members ?? []) names.push(`${(row.FirstName ?? '').split(' ')[0]} ${row.Surname ?? ''}`);
  return new Set(names.map((name) => name.toLowerCase()));
}

/** People the CRM alone knows: singers (without volunteers), former singers, supporters. */
function inventedPeople(random: SeededRandom, count: number, kind: 'singer' | 'former' | 'supporter', emails: Set<string>, taken: Set<string>): Person[] {
  return Array.from({ length: count }, () => {
    let name: ContactName;
    do name = { first: random.pick(FIRST_NAMES), last: random.pick(SURNAMES), ...(random.chance(0.05) && { prefix: random.pick(PREFIXES) }) };
    while (taken.has(`${name.first} ${name.last}`.toLowerCase()));
    const email = random.chance(0.85) ? uniqueEmail(name, emails) : '';
    return { kind, contactType: 'Individual', name, email, plan: inventedPlan(random, kind) };
  });
}

function inventedPlan(random: SeededRandom, kind: 'singer' | 'former' | 'supporter'): MembershipPlan | undefined {
  if (kind === 'singer') return singerPlan(random);
  if (kind === 'former') return { type: SINGING, status: random.chance(0.85) ? 'Expired' : 'Cancelled' };
  if (!random.chance(0.4)) return undefined;
  const roll = random.next();
  if (roll < 0.15) return { type: FRIEND, status: 'Current', lifetime: true };
  return { type: FRIEND, status: roll < 0.7 ? 'Current' : roll < 0.8 ? 'Grace' : 'Expired' };
}

function uniqueEmail(name: ContactName, emails: Set<string>): string {
  const base = `${asciiLetters(name.first) || 'friend'}.${asciiLetters(name.last) || 'choir'}`;
  let email = `${base}@example.com`;
  for (let n = 2; emails.has(email); n++) email = `${base}${n}@example.com`;
  emails.add(email);
  return email;
}

/** In the trash: an old duplicate of a singer (same name and email), and two others. */
const DELETED_COUNT = 3;
function deletedPeople(random: SeededRandom, candidates: Person[], emails: Set<string>, taken: Set<string>): Person[] {
  const original = candidates.find((person) => person.email && !person.role && person.volunteerId !== undefined) ?? candidates.find((person) => person.email);
  const duplicate: Person[] = original ? [{ kind: 'deleted', contactType: 'Individual', name: { ...original.name }, email: original.email.toLowerCase() }] : [];
  return [...duplicate, ...inventedPeople(random, DELETED_COUNT - 1, 'former', emails, taken).map((person): Person => ({ ...person, kind: 'deleted', plan: undefined }))];
}

// ---------------------------------------------------------------------------------------------
// Tables

type Entered = { id: number; person: Person };

function buildTables(random: SeededRandom, people: Person[], today: CalendarDate, now: Date): CiviCrmData {
  // Ids follow the order contacts were entered, starting above 100, with gaps where records were merged.
  let nextId = 100 + random.int(1, 20);
  const entered: Entered[] = random.shuffle(people).map((person) => {
    const id = nextId;
    nextId += random.chance(0.12) ? random.int(2, 5) : 1;
    return { id, person };
  });
  const idOf = (role: Person['role']) => entered.find(({ person }) => person.role === role)?.id ?? 0;
  const hostileLinked = entered.find(({ person }) => person.role === 'hostileLinked');
  return {
    contacts: entered.map(({ id, person }) => contactRow(random, id, person, now)),
    groups: groupRows(),
    groupContacts: groupContactRows(random, entered),
    memberships: membershipRows(random, entered, today),
    membershipTypes: MEMBERSHIP_TYPES.map((row) => ({ ...row })),
    membershipStatuses: MEMBERSHIP_STATUSES.map((row) => ({ ...row })),
    savedSearches: [{ id: LAPSED_SEARCH_ID, label: 'Lapsed singers', rule: 'latest-membership-expired' }],
    truth: entered
      .filter(({ person }) => person.kind !== 'deleted' && (person.volunteerId !== undefined || person.memberId !== undefined))
      .sort((a, b) => a.id - b.id)
      .map(({ id, person }) => ({ contactId: id, ...(person.volunteerId !== undefined && { volunteerId: person.volunteerId }), ...(person.memberId !== undefined && { memberId: person.memberId }) })),
    demoContactId: idOf('demo'),
    noMembersContactId: idOf('noMembers'),
    noCiviContactId: idOf('noCivi'),
    ...(hostileLinked && { hostileLinked: { contactId: hostileLinked.id, volunteerId: hostileLinked.person.volunteerId! } }),
    hostileContactIds: entered.filter(({ person }) => person.kind === 'hostile').map(({ id }) => id).sort((a, b) => a - b),
    today,
  };
}

function contactRow(random: SeededRandom, id: number, person: Person, now: Date): ContactRow {
  const { name, contactType } = person;
  const individual = contactType === 'Individual';
  const created = new Date(now.getTime() - random.int(1, 12 * 365) * 86_400_000 - random.int(0, 86_399) * 1000);
  return {
    id,
    contact_type: contactType,
    first_name: individual ? name.first || null : null,
    middle_name: individual ? name.middle ?? null : null,
    last_name: individual ? name.last || null : null,
    nick_name: individual ? name.nick ?? null : null,
    display_name: individual ? displayName(name) : name.last,
    sort_name: individual ? sortName(name) : name.last,
    organization_name: contactType === 'Organization' ? name.last : null,
    household_name: contactType === 'Household' ? name.last : null,
    email: person.email || null,
    is_deleted: person.kind === 'deleted',
    is_deceased: person.deceased ?? false,
    created_date: created.toISOString().slice(0, 19).replace('T', ' '),
  };
}

const isCurrent = (plan: MembershipPlan | undefined) => !!plan && (plan.status === 'New' || plan.status === 'Current' || plan.status === 'Grace');

/** Static groups: who was added, and a few who were removed again (and so are not in the group). */
function groupContactRows(random: SeededRandom, entered: Entered[]): GroupContactRow[] {
  const rows: GroupContactRow[] = [];
  let nextId = 1;
  const add = (group: number, contact: number, status: GroupContactRow['status'] = 'Added') => {
    rows.push({ id: nextId, group_id: group, contact_id: contact, status });
    nextId += random.chance(0.08) ? random.int(2, 4) : 1;
  };
  for (const { id, person } of [...entered].sort((a, b) => a.id - b.id)) {
    if (person.kind === 'deleted') continue;
    const singing = person.plan?.type === SINGING;
    if (singing && isCurrent(person.plan)) add(GROUP_IDS.choir, id);
    else if (singing && random.chance(0.3)) add(GROUP_IDS.choir, id, 'Removed');
    // The demo contact is in exactly Choir members and Committee, so tests can name its groups.
    const demo = person.role === 'demo';
    if (person.kind === 'supporter' || person.kind === 'organisation' ? random.chance(0.8) : person.kind === 'singer' && random.chance(0.4) && !demo) {
      add(GROUP_IDS.newsletter, id, random.chance(0.08) ? 'Removed' : 'Added');
    }
    if (person.committee) add(GROUP_IDS.committee, id);
    if (person.kind !== 'hostile' && random.chance(0.06) && !demo) add(GROUP_IDS.oldMailing, id);
  }
  return rows;
}

/** Memberships by contact id; someone who rejoined has an expired one first. End dates lie around today. */
function membershipRows(random: SeededRandom, entered: Entered[], today: CalendarDate): MembershipRow[] {
  const rows: MembershipRow[] = [];
  for (const { id, person } of [...entered].sort((a, b) => a.id - b.id)) {
    const plan = person.plan;
    if (!plan) continue;
    const joined = addDays(today, -random.int(400, 15 * 365));
    if (plan.rejoined) {
      const oldStart = addDays(today, -random.int(1100, 2500));
      rows.push({ id: rows.length + 1, contact_id: id, membership_type_id: plan.type, status_id: STATUS_ID.Expired, join_date: oldStart, start_date: oldStart, end_date: addDays(oldStart, 364) });
    }
    const { start, end } = datesFor(random, plan, today);
    const join = plan.status === 'New' ? start : joined < start ? joined : start;
    rows.push({ id: rows.length + 1, contact_id: id, membership_type_id: plan.type, status_id: STATUS_ID[plan.status], join_date: join, start_date: start, end_date: plan.lifetime ? null : end });
  }
  return rows;
}

/** A year's membership whose dates agree with its status. */
function datesFor(random: SeededRandom, plan: MembershipPlan, today: CalendarDate): { start: CalendarDate; end: CalendarDate } {
  const year = (start: CalendarDate) => ({ start, end: addDays(start, 364) });
  const endingOn = (end: CalendarDate) => ({ start: addDays(end, -364), end });
  if (plan.endsInDays !== undefined) return endingOn(addDays(today, plan.endsInDays));
  switch (plan.status) {
    case 'New':
      return year(addDays(today, -random.int(1, 80)));
    case 'Current':
      return year(addDays(today, -random.int(90, 330)));
    case 'Grace':
      return endingOn(addDays(today, -random.int(1, 25)));
    case 'Expired':
      return endingOn(addDays(today, -random.int(35, 1500)));
    case 'Cancelled':
      return year(addDays(today, -random.int(30, 300)));
  }
}
