import type { ChoirMember, CiviContact, SourceRef, Volunteer } from '../model';
import { contactRecord, joinPeople, memberRecord, volunteerRecord } from '../people/index';
import { matchPeople, type ManualLink } from '../people/match';
import type { CiviCrmPeopleState, PeopleState, PersonChoice, RefPair } from '@/components/options/PeopleSection';

/** What the options page lists: today's links, pairs kept apart, and who is left to link by hand. */
export function peopleState(volunteers: Volunteer[], members: ChoirMember[], manual: ManualLink[], contacts: CiviContact[] = []): PeopleState {
  const volunteerChoice = new Map<number, PersonChoice>(volunteers.map((volunteer) => [volunteer.id, { ref: volunteerRecord(volunteer).ref, name: volunteer.name }]));
  const memberChoice = new Map<number, PersonChoice>(members.map((member) => [member.id, { ref: memberRecord(member).ref, name: member.name }]));
  const links = matchPeople(volunteers.map(volunteerRecord), members.map(memberRecord), manual).flatMap(({ a, b, match }) => {
    const [volunteerRef, memberRef] = a.source === 'threeRings' ? [a, b] : [b, a];
    const volunteer = volunteerChoice.get(volunteerRef.id);
    const member = memberChoice.get(memberRef.id);
    return volunteer && member ? [{ volunteer, member, match }] : [];
  });
  const linkedVolunteers = new Set(links.map((row) => row.volunteer.ref.id));
  const linkedMembers = new Set(links.map((row) => row.member.ref.id));
  const keptApart = manual.flatMap((entry) => {
    const [first, second] = ordered(entry.a, entry.b);
    const volunteer = first.source === 'threeRings' ? volunteerChoice.get(first.id) : undefined;
    const member = second.source === 'harmonySite' ? memberChoice.get(second.id) : undefined;
    return !entry.linked && volunteer && member ? [{ volunteer, member }] : [];
  });
  return {
    links: links.sort((x, y) => x.volunteer.name.localeCompare(y.volunteer.name)),
    keptApart,
    unmatchedVolunteers: byName([...volunteerChoice.values()].filter((person) => !linkedVolunteers.has(person.ref.id))),
    unmatchedMembers: byName([...memberChoice.values()].filter((person) => !linkedMembers.has(person.ref.id))),
    ...(contacts.length > 0 && { civiCrm: civiCrmPeopleState(volunteers, members, contacts, manual) }),
  };
}

/**
 * CiviCRM contacts as the join placed them: each linked one with the volunteer and/or member it
 * belongs to, contacts kept apart, and who is left on each side.
 */
function civiCrmPeopleState(volunteers: Volunteer[], members: ChoirMember[], contacts: CiviContact[], manual: ManualLink[]): CiviCrmPeopleState {
  const contactChoice = new Map<number, PersonChoice>(contacts.map((contact) => [contact.id, { ref: contactRecord(contact).ref, name: contact.name }]));
  const choiceOf = new Map<string, PersonChoice>([
    ...volunteers.map((volunteer) => [refKey(volunteerRecord(volunteer).ref), { ref: volunteerRecord(volunteer).ref, name: volunteer.name }] as const),
    ...members.map((member) => [refKey(memberRecord(member).ref), { ref: memberRecord(member).ref, name: member.name }] as const),
  ]);
  const people = joinPeople({ volunteers, members, contacts, links: manual });
  const recordsOf = (person: (typeof people)[number]) =>
    [person.volunteer && choiceOf.get(refKey(volunteerRecord(person.volunteer).ref)), person.member && choiceOf.get(refKey(memberRecord(person.member).ref))].filter(
      (choice): choice is PersonChoice => !!choice,
    );
  const links = people.flatMap((person) => {
    const contact = person.contact && contactChoice.get(person.contact.id);
    if (!contact) return [];
    const records = recordsOf(person);
    const byHand = manual.some((entry) => entry.linked && records.some((record) => samePair([entry.a, entry.b], [record.ref, contact.ref])));
    return [{ records, contact, byHand }];
  });
  const linkedContacts = new Set(links.map((row) => row.contact.ref.id));
  const keptApart = manual.flatMap((entry) => {
    const [record, contactRef] = ordered(entry.a, entry.b);
    const person = choiceOf.get(refKey(record));
    const contact = contactRef.source === 'civiCrm' ? contactChoice.get(contactRef.id) : undefined;
    return !entry.linked && person && contact ? [{ person, contact }] : [];
  });
  return {
    links: links.sort((x, y) => x.contact.name.localeCompare(y.contact.name)),
    keptApart,
    unmatchedPeople: byName(people.filter((person) => !person.contact).flatMap(recordsOf)),
    unmatchedContacts: byName([...contactChoice.values()].filter((contact) => !linkedContacts.has(contact.ref.id))),
  };
}

/**
 * Records the member's decision about a pair of records, replacing any earlier one about that
 * pair; a new link also replaces the manual links either record had to the other system.
 */
export function withDecision(links: ManualLink[], x: SourceRef, y: SourceRef, linked: boolean): ManualLink[] {
  const sources = ordered(x, y).map((ref) => ref.source).join('|');
  const others = withoutDecisions(links, [[x, y]]).filter(
    (entry) => !(linked && entry.linked && ordered(entry.a, entry.b).map((ref) => ref.source).join('|') === sources && [entry.a, entry.b].some((ref) => sameRef(ref, x) || sameRef(ref, y))),
  );
  return [...others, { a: x, b: y, linked }];
}

/** Records "not the same person" for several pairs at once (a person's volunteer and member, say). */
export function withUnlinks(links: ManualLink[], pairs: RefPair[]): ManualLink[] {
  return pairs.reduce((decided, [x, y]) => withDecision(decided, x, y, false), links);
}

/** Takes back the member's decisions about these pairs, leaving them to automatic matching. */
export function withoutDecisions(links: ManualLink[], pairs: RefPair[]): ManualLink[] {
  return links.filter((entry) => !pairs.some((pair) => samePair([entry.a, entry.b], pair)));
}

const SOURCE_ORDER: SourceRef['source'][] = ['threeRings', 'harmonySite', 'civiCrm'];

/** The two refs of a pair in a fixed order of systems: Three Rings, HarmonySite, CiviCRM. */
function ordered(x: SourceRef, y: SourceRef): [SourceRef, SourceRef] {
  return SOURCE_ORDER.indexOf(x.source) <= SOURCE_ORDER.indexOf(y.source) ? [x, y] : [y, x];
}

function samePair(pair: RefPair, other: RefPair): boolean {
  return (sameRef(pair[0], other[0]) && sameRef(pair[1], other[1])) || (sameRef(pair[0], other[1]) && sameRef(pair[1], other[0]));
}

function sameRef(x: SourceRef, y: SourceRef): boolean {
  return x.source === y.source && x.id === y.id;
}

function refKey(ref: SourceRef): string {
  return `${ref.source}:${ref.id}`;
}

function byName(choices: PersonChoice[]): PersonChoice[] {
  return choices.sort((x, y) => x.name.localeCompare(y.name));
}
