import type { ChoirMember, Shift, SourceRef, Volunteer } from '../model';
import { contactRecord, joinPeople, memberRecord, recordLink, volunteerRecord, type PeopleIndexInput, type Person, type SiteOrigins } from '../people/index';
import { pushTo, refKey, sameNamePairs, samePair, type ManualLink, type PersonRecord } from '../people/match';
import { fold, stripRoleSuffix, surnameKeys } from '../people/names';
import { addDays, DAY, localDateKey } from '../time';

/**
 * Where the choir's systems disagree about its people, found in what Descant already keeps
 * (read with the member's own sign-ins) and joined as the badges join them, with the member's
 * own decisions in Who is who.
 */

/** The kinds of finding, in the order the page lists them, by the group each belongs to. */
export const FINDING_GROUPS = {
  onlyInOne: ['volunteerOnly', 'memberOnly'],
  status: ['notCurrentWithShifts', 'membershipLapsed', 'membershipEnding'],
  contact: ['differentEmails', 'noEmail', 'sharedEmail'],
  duplicates: ['duplicate'],
  gaps: ['noVoicePart'],
} as const;
export type FindingGroup = keyof typeof FINDING_GROUPS;
export type FindingKind = (typeof FINDING_GROUPS)[FindingGroup][number];
export const FINDING_KINDS: readonly FindingKind[] = Object.values(FINDING_GROUPS).flat();

/**
 * What the page records for `npm run bench`: its read of the caches, the findings' build, their
 * first render (Preact's, before layout), and its start to its first frame drawn.
 */
export const HEALTH_MEASURES = { asked: 'descant:health-asked', rendered: 'descant:health-rendered', drawn: 'descant:health-drawn' } as const;

/** Shifts and renewals this close are worth an administrator's attention. */
export const HEALTH_DAYS_AHEAD = 30;

/** One record of one system, as a finding names it. */
export interface HealthRecord {
  ref: SourceRef;
  name: string;
  email?: string;
  /** The record on its own site, when that site's address is known. */
  link?: string;
}

/** One person (or, for an email or a duplicate, one of several) a finding is about. */
export interface HealthPerson {
  name: string;
  /** Their records, one per system (several in one system for a duplicate). */
  records: HealthRecord[];
}

interface FindingBase {
  kind: FindingKind;
  /** What the finding sorts by: the first person's name. */
  name: string;
  people: HealthPerson[];
}

export type Finding = FindingBase &
  (
    | { kind: 'volunteerOnly' | 'memberOnly'; probablySame?: HealthRecord }
    | { kind: 'notCurrentWithShifts'; status: string; shiftCount: number; firstShift: string }
    | { kind: 'membershipLapsed' | 'membershipEnding'; membership: { type: string; status: string; endDate?: string } }
    | { kind: 'differentEmails' }
    | { kind: 'noEmail' }
    | { kind: 'sharedEmail'; email: string }
    | { kind: 'duplicate'; source: SourceRef['source'] }
    | { kind: 'noVoicePart' }
  );
export type FindingOf<K extends FindingKind> = Finding & { kind: K };

/** The people index's input (each system's records empty when it is not set up, or not yet read), and what only the findings need. */
export interface HealthInput extends PeopleIndexInput {
  /** What CiviCRM would not let this login read: findings that need it are not made. */
  civiCrmUnreadable?: readonly ('groups' | 'memberships')[];
  /** The rota Descant keeps: only its window is known. */
  shifts: { to: string; shifts: Shift[] } | null;
  now: number;
  /** Only tests pass this; otherwise the member's own zone decides what "today" is. */
  timeZone?: string;
}

/**
 * Every finding in the input, grouped by kind in FINDING_KINDS order, then by name. `people` is
 * the input joined (joinPeople), when the caller has already done it for the badges.
 */
export function findHealthProblems(input: HealthInput, people: Person[] = joinPeople(input)): Finding[] {
  const groups = recordGroups(input);
  const context = { ...input, today: localDateKey(input.now, input.timeZone), groups, twins: duplicateTwins(groups) };
  const findings = [
    ...onlyInOneSystem(people, context),
    ...notCurrentWithShifts(people, context),
    ...membershipProblems(people, context),
    ...differentEmails(people, context),
    ...noEmail(people, context),
    ...sharedEmails(people, context),
    ...duplicates(context),
    ...noVoicePart(people, context),
  ];
  const order = new Map(FINDING_KINDS.map((kind, index) => [kind, index]));
  return findings.sort((a, b) => order.get(a.kind)! - order.get(b.kind)! || byName(a, b));
}

const names = new Intl.Collator();

export function byName(a: { name: string }, b: { name: string }): number {
  return names.compare(a.name, b.name);
}

type Context = HealthInput & {
  today: string;
  /** Records of one system entered twice or more. */
  groups: PersonRecord[][];
  /** Records entered twice, each to its twin: only one of a pair is worth a finding of its own. */
  twins: Map<string, SourceRef>;
};

/** HarmonySite's statuses for a member in good standing (a site may add its own; these ship). */
const CURRENT_MEMBER = /^(active|current|new)\b/i;
/** CiviMember's statuses of a membership that has run out, or is about to with no renewal. */
const LAPSED_MEMBERSHIP = /^(expired|lapsed|cancelled|canceled|grace)\b/i;
const RUNNING_MEMBERSHIP = /^(new|current)\b/i;

/** A member whose status is known and current; a status that was not read is neither. */
export function isCurrentMember(member: ChoirMember | undefined): member is ChoirMember {
  return !!member?.membershipStatus && CURRENT_MEMBER.test(member.membershipStatus);
}

function isFormerMember(member: ChoirMember | undefined): member is ChoirMember & { membershipStatus: string } {
  return !!member?.membershipStatus && !CURRENT_MEMBER.test(member.membershipStatus);
}

// ---------------------------------------------------------------------------------------------
// 1. Only in one system

function onlyInOneSystem(people: Person[], context: Context): Finding[] {
  if (context.volunteers.length === 0 || context.members.length === 0) return [];
  const volunteersAlone = people.filter((person) => person.volunteer && !person.member && !hasLinkedTwin(person, context));
  const membersAlone = people.filter((person) => person.member && !person.volunteer && !hasLinkedTwin(person, context));
  const suggestions = probablySame(volunteersAlone.map((person) => person.volunteer!), membersAlone.map((person) => person.member!), context.links);
  const suggestion = (ref: SourceRef) => suggestions.get(refKey(ref));
  return [
    ...volunteersAlone.map((person) => onlyFinding('volunteerOnly', person, context, suggestion({ source: 'threeRings', id: person.volunteer!.id }))),
    ...membersAlone.filter((person) => isCurrentMember(person.member)).map((person) => onlyFinding('memberOnly', person, context, suggestion({ source: 'harmonySite', id: person.member!.id }))),
  ];
}

function onlyFinding(kind: 'volunteerOnly' | 'memberOnly', person: Person, context: Context, probable: PersonRecord | undefined): Finding {
  return { ...about(kind, [healthPerson(person, context)]), ...(probable && { probablySame: healthRecord(probable, context) }) };
}

/**
 * A volunteer and a member no match could join, with the same name but different emails:
 * probably one person with two addresses. Only when each has one such namesake (two would be a
 * guess) and the member has not kept them apart.
 */
function probablySame(volunteers: Volunteer[], members: ChoirMember[], links: ManualLink[]): Map<string, PersonRecord> {
  const pairs = sameNamePairs(volunteers.map(volunteerRecord), members.map(memberRecord)).filter(
    ([a, b]) => !emailsAgree(a.emails, b.emails) && !links.some((link) => !link.linked && samePair([link.a, link.b], [a.ref, b.ref])),
  );
  const partners = new Map<string, PersonRecord[]>();
  for (const [a, b] of pairs) {
    pushTo(partners, refKey(a.ref), b);
    pushTo(partners, refKey(b.ref), a);
  }
  const onlyOne = new Map<string, PersonRecord>();
  for (const [key, found] of partners) {
    const [partner] = found;
    if (found.length === 1 && partners.get(refKey(partner!.ref))?.length === 1) onlyOne.set(key, partner!);
  }
  return onlyOne;
}

function emailsAgree(a: string[], b: string[]): boolean {
  return a.some((x) => b.some((y) => normalEmail(x) === normalEmail(y)));
}

// ---------------------------------------------------------------------------------------------
// 2. Status disagreements

function notCurrentWithShifts(people: Person[], context: Context): Finding[] {
  if (!context.shifts) return [];
  const until = context.now + HEALTH_DAYS_AHEAD * DAY;
  const coming = context.shifts.shifts.filter((shift) => Date.parse(shift.end) > context.now && Date.parse(shift.start) < until).sort((a, b) => a.start.localeCompare(b.start));
  const shiftsOf = new Map<number, Shift[]>();
  for (const shift of coming) for (const { id } of shift.volunteers) pushTo(shiftsOf, id, shift);
  return people.flatMap((person) => {
    const shifts = person.volunteer && shiftsOf.get(person.volunteer.id);
    if (!shifts || !isFormerMember(person.member)) return [];
    return [{ ...about('notCurrentWithShifts', [healthPerson(person, context)]), status: person.member.membershipStatus, shiftCount: shifts.length, firstShift: shifts[0]!.start }];
  });
}

function membershipProblems(people: Person[], context: Context): Finding[] {
  if (context.civiCrmUnreadable?.includes('memberships')) return [];
  const lastDay = addDays(context.today, HEALTH_DAYS_AHEAD);
  return people.flatMap((person): Finding[] => {
    const membership = person.contact?.memberships[0];
    if (!membership || !isCurrentMember(person.member)) return [];
    const subject = [healthPerson(person, context)];
    if (LAPSED_MEMBERSHIP.test(membership.status)) return [{ ...about('membershipLapsed', subject), membership }];
    const ending = RUNNING_MEMBERSHIP.test(membership.status) && membership.endDate && membership.endDate >= context.today && membership.endDate <= lastDay;
    return ending ? [{ ...about('membershipEnding', subject), membership }] : [];
  });
}

// ---------------------------------------------------------------------------------------------
// 3. Contact details

function differentEmails(people: Person[], context: Context): Finding[] {
  return people.filter((person) => new Set(recordsOf(person).flatMap((record) => emailsOf(record))).size > 1).map((person) => about('differentEmails', [healthPerson(person, context)]));
}

/** Among volunteers and members in good standing: a supporter known only to CiviCRM need not be written to. */
function noEmail(people: Person[], context: Context): Finding[] {
  return people
    .filter((person) => (person.volunteer || isCurrentMember(person.member)) && recordsOf(person).every((record) => emailsOf(record).length === 0))
    .map((person) => about('noEmail', [healthPerson(person, context)]));
}

/** One address for several people is fine within a family (the same surname); otherwise mail goes astray. */
function sharedEmails(people: Person[], context: Context): Finding[] {
  const byEmail = new Map<string, Person[]>();
  for (const person of people) {
    for (const email of new Set(recordsOf(person).flatMap(emailsOf))) pushTo(byEmail, email, person);
  }
  return [...byEmail].flatMap(([email, sharing]) => {
    const apart = sharing.filter((person) => !hasLinkedTwin(person, context));
    if (apart.length < 2 || isOneFamily(apart)) return [];
    const subjects = apart.map((person) => healthPerson(person, context)).sort(byName);
    return [{ ...about('sharedEmail', subjects), email }];
  });
}

function isOneFamily(people: Person[]): boolean {
  const [first, ...rest] = people.map((person) => new Set(recordsOf(person).flatMap((record) => surnameKeys(record.surname ?? lastWord(record.fullName)))));
  return rest.every((keys) => [...keys].some((key) => first!.has(key)));
}

// ---------------------------------------------------------------------------------------------
// 4. Duplicates within one system

function duplicates(context: Context): Finding[] {
  return context.groups.flatMap((group) => {
    const [first] = group;
    const records = group.map((record) => healthRecord(record, context));
    return [{ ...about('duplicate', [{ name: records[0]!.name, records }]), source: first!.ref.source }];
  });
}

/** Records of one system with the same name and the same address: one person entered twice or more. */
function recordGroups(input: HealthInput): PersonRecord[][] {
  const lists = [input.volunteers.map(volunteerRecord), input.members.map(memberRecord), (input.contacts ?? []).map(contactRecord)];
  return lists.flatMap((records) => {
    const groups = new Map<string, PersonRecord[]>();
    for (const record of records) {
      const [email] = emailsOf(record);
      if (!email) continue;
      const key = `${fold(stripRoleSuffix(record.fullName ?? ''))}|${email}`;
      pushTo(groups, key, record);
    }
    return [...groups.values()].filter((group) => group.length > 1);
  });
}

function duplicateTwins(groups: PersonRecord[][]): Map<string, SourceRef> {
  const twins = new Map<string, SourceRef>();
  for (const group of groups) for (const record of group) twins.set(refKey(record.ref), group.find((other) => other !== record)!.ref);
  return twins;
}

/** A duplicate record whose twin belongs to a person: the duplicate finding covers it. */
function hasLinkedTwin(person: Person, context: Context): boolean {
  const records = recordsOf(person);
  return records.length === 1 && context.twins.has(refKey(records[0]!.ref));
}

// ---------------------------------------------------------------------------------------------
// 5. Gaps

function noVoicePart(people: Person[], context: Context): Finding[] {
  return people.filter((person) => isCurrentMember(person.member) && !person.member.voicePart).map((person) => about('noVoicePart', [healthPerson(person, context)]));
}

// ---------------------------------------------------------------------------------------------

function about<K extends FindingKind>(kind: K, people: HealthPerson[]): { kind: K; name: string; people: HealthPerson[] } {
  return { kind, name: people[0]?.name ?? '', people };
}

/** Each person's records are asked for by every kind of finding: made once. */
const recordsKept = new WeakMap<Person, PersonRecord[]>();

function recordsOf(person: Person): PersonRecord[] {
  let records = recordsKept.get(person);
  if (!records) {
    const { volunteer, member, contact } = person;
    records = [volunteer && volunteerRecord(volunteer), member && memberRecord(member), contact && contactRecord(contact)].filter((record): record is PersonRecord => !!record);
    recordsKept.set(person, records);
  }
  return records;
}

/** A person as the badges name them: the choir's own spelling (HarmonySite) first. */
function healthPerson(person: Person, origins: SiteOrigins): HealthPerson {
  const name = person.member?.name ?? person.contact?.name ?? stripRoleSuffix(person.volunteer?.name ?? '');
  return { name, records: recordsOf(person).map((record) => healthRecord(record, origins)) };
}

function healthRecord(record: PersonRecord, origins: SiteOrigins): HealthRecord {
  const [email] = record.emails;
  const link = recordLink(record.ref, origins);
  return { ref: record.ref, name: stripRoleSuffix(record.fullName ?? ''), ...(email && { email }), ...(link && { link }) };
}

function emailsOf(record: PersonRecord): string[] {
  return record.emails.map(normalEmail).filter((email) => email.includes('@'));
}

function normalEmail(email: string): string {
  return email.trim().toLowerCase();
}

function lastWord(name: string | undefined): string {
  return stripRoleSuffix(name ?? '').split(/\s+/).at(-1) ?? '';
}
