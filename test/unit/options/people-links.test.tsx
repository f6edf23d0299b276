import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/preact';
import type { SourceRef } from '@/lib/model';
import type { ManualLink } from '@/lib/people/match';
import { peopleState } from '@/lib/options/people-links';
import { withDecision, withoutDecisions, withUnlinks } from '@/lib/people/decisions';
import { PeopleSection, type PeopleActions } from '@/components/options/PeopleSection';
import { contact, member, volunteer } from '../people/records';

const ann: SourceRef = { source: 'threeRings', id: 1 };
const annMember: SourceRef = { source: 'harmonySite', id: 10 };
const annContact: SourceRef = { source: 'civiCrm', id: 100 };
const otherContact: SourceRef = { source: 'civiCrm', id: 101 };

const volunteers = [volunteer(1, 'Ann', 'Lee', 'ann@example.org'), volunteer(2, 'Bob', 'Roy', 'bob@example.org')];
const members = [member(10, 'Ann', 'Lee', 'ann@example.org'), member(11, 'Cy', 'Dunn', 'cy@example.org')];
const contacts = [contact(100, 'Ann', 'Lee', 'ann@example.org'), contact(101, 'Ed', 'Fox'), contact(102, 'Di', 'Eve', 'di@example.org')];

describe('Who is who with CiviCRM', () => {
  it('lists each contact with the volunteer and member it was joined to, and who is left on each side', () => {
    const state = peopleState(volunteers, members, [], contacts).civiCrm!;
    expect(state.links).toEqual([
      { records: [{ ref: ann, name: 'Ann Lee' }, { ref: annMember, name: 'Ann Lee' }], contact: { ref: annContact, name: 'Ann Lee' }, byHand: false },
    ]);
    expect(state.unmatchedPeople.map((choice) => choice.name)).toEqual(['Bob Roy', 'Cy Dunn']);
    expect(state.unmatchedContacts.map((choice) => choice.name)).toEqual(['Di Eve', 'Ed Fox']);
  });

  it('has no CiviCRM part when there are no contacts', () => {
    expect(peopleState(volunteers, members, []).civiCrm).toBeUndefined();
  });

  it('follows a link made by hand, and marks it so', () => {
    const links = withDecision([], { source: 'threeRings', id: 2 }, otherContact, true);
    const state = peopleState(volunteers, members, links, contacts).civiCrm!;
    expect(state.links.find((row) => row.contact.ref.id === 101)).toMatchObject({ records: [{ name: 'Bob Roy' }], byHand: true });
  });

  it('keeps a person and a contact apart once told, for both of their records, and lists the pairs', () => {
    const links = withUnlinks([], [
      [ann, annContact],
      [annMember, annContact],
    ]);
    const state = peopleState(volunteers, members, links, contacts).civiCrm!;
    expect(state.links).toEqual([]);
    expect(state.keptApart.map(({ person, contact: kept }) => [person.ref, kept.ref])).toEqual([
      [ann, annContact],
      [annMember, annContact],
    ]);
    expect(peopleState(volunteers, members, withoutDecisions(links, [[annContact, ann], [annContact, annMember]]), contacts).civiCrm!.links).toHaveLength(1);
  });
});

describe('manual decisions', () => {
  it('replaces an earlier link of either record to the same system, and keeps links to other systems', () => {
    const before: ManualLink[] = [
      { a: ann, b: otherContact, linked: true },
      { a: ann, b: annMember, linked: true },
      { a: { source: 'threeRings', id: 2 }, b: annContact, linked: false },
    ];
    expect(withDecision(before, annContact, ann, true)).toEqual([
      { a: ann, b: annMember, linked: true },
      { a: { source: 'threeRings', id: 2 }, b: annContact, linked: false },
      { a: annContact, b: ann, linked: true },
    ]);
  });

  it('replaces an earlier decision about the same pair, whichever way round it was stored', () => {
    expect(withDecision([{ a: annContact, b: ann, linked: true }], ann, annContact, false)).toEqual([{ a: ann, b: annContact, linked: false }]);
  });
});

describe('PeopleSection, CiviCRM part', () => {
  function setup(links: ManualLink[] = []) {
    const actions: PeopleActions = { link: vi.fn(), unlink: vi.fn(), forget: vi.fn() };
    render(<PeopleSection state={peopleState(volunteers, members, links, contacts)} actions={actions} />);
    return actions;
  }

  it('says a joined contact is not the person, for each of their records', () => {
    const actions = setup();
    const row = screen.getByText('Ann Lee (Three Rings), Ann Lee (HarmonySite) is Ann Lee (CiviCRM)').closest('li')!;
    fireEvent.click(within(row as HTMLElement).getByRole('button', { name: 'Not the same person' }));
    expect(actions.unlink).toHaveBeenCalledWith([
      [ann, annContact],
      [annMember, annContact],
    ]);
  });

  it('links a volunteer or member to a contact by hand, naming the system of each choice', () => {
    const actions = setup();
    const person = screen.getByLabelText('Volunteer or member') as HTMLSelectElement;
    expect([...person.options].map((option) => option.textContent)).toEqual(['Choose…', 'Bob Roy (Three Rings)', 'Cy Dunn (HarmonySite)']);
    fireEvent.change(person, { target: { value: 'harmonySite:11' } });
    fireEvent.change(screen.getByLabelText('CiviCRM contact'), { target: { value: 'civiCrm:102' } });
    fireEvent.submit(person.closest('form')!);
    expect(actions.link).toHaveBeenCalledWith({ source: 'harmonySite', id: 11 }, { source: 'civiCrm', id: 102 });
  });

  it('offers Undo for a link made by hand', () => {
    const actions = setup([{ a: { source: 'threeRings', id: 2 }, b: otherContact, linked: true }]);
    const row = screen.getByText('Bob Roy (Three Rings) is Ed Fox (CiviCRM)').closest('li')!;
    fireEvent.click(within(row as HTMLElement).getByRole('button', { name: 'Undo' }));
    expect(actions.forget).toHaveBeenCalledWith([[{ source: 'threeRings', id: 2 }, otherContact]]);
  });
});
