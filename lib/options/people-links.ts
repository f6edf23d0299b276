import type { ChoirMember, CiviContact, SourceRef, Volunteer } from '../model';
import { contactRecord, joinPeople, memberRecord, volunteerRecord, type Person } from '../people/index';
import { matchPeople, refKey, samePair, type ManualLink } from '../people/match';
import { ordered } from '../people/decisions';
import type { CiviCrmPeopleState, PeopleState, PersonChoice } from '@/components/options/PeopleSection';

/** What the options page lists: today's links, pairs kept apart, and who is left to link by hand. */
export function peopleState(volunteers: Volunteer[], members: ChoirMember[], manual: ManualLink[], contacts: CiviContact[] = []): PeopleState {
  const choices = choicesOf(volunteers, members, contacts);
  const choice = (source: SourceRef['source'], id: number) => choices.get(refKey({ source, id }));
  const links = matchPeople(volunteers.map(volunteerRecord), members.map(memberRecord), manual).flatMap(({ a, b, match }) => {
    const [volunteerRef, memberRef] = ordered(a, b);
    const volunteer = choice('threeRings', volunteerRef.id);
    const member = choice('harmonySite', memberRef.id);
    return volunteer && member ? [{ volunteer, member, match }] : [];
  });
  const linked = new Set(links.flatMap((row) => [refKey(row.volunteer.ref), refKey(row.member.ref)]));
  const keptApart = manual.flatMap((entry) => {
    const [first, second] = ordered(entry.a, entry.b);
    const volunteer = first.source === 'threeRings' ? choice('threeRings', first.id) : undefined;
    const member = second.source === 'harmonySite' ? choice('harmonySite', second.id) : undefined;
    return !entry.linked && volunteer && member ? [{ volunteer, member }] : [];
  });
  const unlinked = (source: SourceRef['source']) => byName([...choices.values()].filter((person) => person.ref.source === source && !linked.has(refKey(person.ref))));
  return {
    links: links.sort((x, y) => x.volunteer.name.localeCompare(y.volunteer.name)),
    keptApart,
    unmatchedVolunteers: unlinked('threeRings'),
    unmatchedMembers: unlinked('harmonySite'),
    ...(contacts.length > 0 && { civiCrm: civiCrmPeopleState(volunteers, members, contacts, manual, choices) }),
  };
}

/** Every record of each system as the page lists it, by `refKey`. */
function choicesOf(volunteers: Volunteer[], members: ChoirMember[], contacts: CiviContact[]): Map<string, PersonChoice> {
  const records = [
    ...volunteers.map((volunteer) => ({ ref: volunteerRecord(volunteer).ref, name: volunteer.name })),
    ...members.map((member) => ({ ref: memberRecord(member).ref, name: member.name })),
    ...contacts.map((contact) => ({ ref: contactRecord(contact).ref, name: contact.name })),
  ];
  return new Map(records.map((record) => [refKey(record.ref), record]));
}

/**
 * CiviCRM contacts as the join placed them: each linked one with the volunteer and/or member it
 * belongs to, contacts kept apart, and who is left on each side.
 */
function civiCrmPeopleState(volunteers: Volunteer[], members: ChoirMember[], contacts: CiviContact[], manual: ManualLink[], choices: Map<string, PersonChoice>): CiviCrmPeopleState {
  const choice = (source: SourceRef['source'], id: number | undefined) => (id === undefined ? undefined : choices.get(refKey({ source, id })));
  const people = joinPeople({ volunteers, members, contacts, links: manual });
  const recordsOf = (person: Person) => [choice('threeRings', person.volunteer?.id), choice('harmonySite', person.member?.id)].filter((record): record is PersonChoice => !!record);
  const links = people.flatMap((person) => {
    const contact = choice('civiCrm', person.contact?.id);
    if (!contact) return [];
    const records = recordsOf(person);
    const byHand = manual.some((entry) => entry.linked && records.some((record) => samePair([entry.a, entry.b], [record.ref, contact.ref])));
    return [{ records, contact, byHand }];
  });
  const linkedContacts = new Set(links.map((row) => row.contact.ref.id));
  const keptApart = manual.flatMap((entry) => {
    const [record, contactRef] = ordered(entry.a, entry.b);
    const person = record.source === 'civiCrm' ? undefined : choices.get(refKey(record));
    const contact = contactRef.source === 'civiCrm' ? choice('civiCrm', contactRef.id) : undefined;
    return !entry.linked && person && contact ? [{ person, contact }] : [];
  });
  return {
    links: links.sort((x, y) => x.contact.name.localeCompare(y.contact.name)),
    keptApart,
    unmatchedPeople: byName(people.filter((person) => !person.contact).flatMap(recordsOf)),
    unmatchedContacts: byName([...choices.values()].filter((record) => record.ref.source === 'civiCrm' && !linkedContacts.has(record.ref.id))),
  };
}

function byName(choices: PersonChoice[]): PersonChoice[] {
  return choices.sort((x, y) => x.name.localeCompare(y.name));
}
