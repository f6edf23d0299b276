import type { ChoirMember, SourceRef, Volunteer } from '../model';
import { memberRecord, volunteerRecord } from '../people/index';
import { matchPeople, type ManualLink } from '../people/match';
import type { PeopleState, PersonChoice } from '@/components/options/PeopleSection';

/** What the options page lists: today's links, pairs kept apart, and who is left to link by hand. */
export function peopleState(volunteers: Volunteer[], members: ChoirMember[], manual: ManualLink[]): PeopleState {
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
    const pair = orient(entry);
    const volunteer = volunteerChoice.get(pair.volunteer.id);
    const member = memberChoice.get(pair.member.id);
    return !entry.linked && volunteer && member ? [{ volunteer, member }] : [];
  });
  return {
    links: links.sort((x, y) => x.volunteer.name.localeCompare(y.volunteer.name)),
    keptApart,
    unmatchedVolunteers: byName([...volunteerChoice.values()].filter((person) => !linkedVolunteers.has(person.ref.id))),
    unmatchedMembers: byName([...memberChoice.values()].filter((person) => !linkedMembers.has(person.ref.id))),
  };
}

/** Records the member's decision about a pair, replacing any earlier one about either record's link. */
export function withDecision(links: ManualLink[], volunteer: SourceRef, member: SourceRef, linked: boolean): ManualLink[] {
  const others = withoutDecision(links, volunteer, member).filter(
    // A new link replaces other manual links of either record; unlinks of other pairs stay.
    (entry) => !(linked && entry.linked && (sameRef(orient(entry).volunteer, volunteer) || sameRef(orient(entry).member, member))),
  );
  return [...others, { a: volunteer, b: member, linked }];
}

export function withoutDecision(links: ManualLink[], volunteer: SourceRef, member: SourceRef): ManualLink[] {
  return links.filter((entry) => !(sameRef(orient(entry).volunteer, volunteer) && sameRef(orient(entry).member, member)));
}

function orient(entry: ManualLink): { volunteer: SourceRef; member: SourceRef } {
  return entry.a.source === 'threeRings' ? { volunteer: entry.a, member: entry.b } : { volunteer: entry.b, member: entry.a };
}

function sameRef(x: SourceRef, y: SourceRef): boolean {
  return x.source === y.source && x.id === y.id;
}

function byName(choices: PersonChoice[]): PersonChoice[] {
  return choices.sort((x, y) => x.name.localeCompare(y.name));
}
