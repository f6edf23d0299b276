import { useState } from 'preact/hooks';
import type { PersonMatch, SourceRef } from '@/lib/model';
import { t } from '@/lib/i18n';
import { SERVICE_NAMES } from '@/lib/problems';
import { refKey } from '@/lib/people/match';

/** One person as the options page lists them: a record in one system. */
export interface PersonChoice {
  ref: SourceRef;
  name: string;
}

export interface PeopleLinkRow {
  volunteer: PersonChoice;
  member: PersonChoice;
  match: PersonMatch;
}

export interface PeopleState {
  links: PeopleLinkRow[];
  /** Pairs the member said are not the same person. */
  keptApart: { volunteer: PersonChoice; member: PersonChoice }[];
  unmatchedVolunteers: PersonChoice[];
  unmatchedMembers: PersonChoice[];
  /** When the choir has a CiviCRM and its contacts were read. */
  civiCrm?: CiviCrmPeopleState;
}

/** A CiviCRM contact and the volunteer and/or member it was joined to. */
export interface ContactLinkRow {
  records: PersonChoice[];
  contact: PersonChoice;
  byHand: boolean;
}

export interface CiviCrmPeopleState {
  links: ContactLinkRow[];
  keptApart: { person: PersonChoice; contact: PersonChoice }[];
  /** Volunteers and members no contact is joined to. */
  unmatchedPeople: PersonChoice[];
  unmatchedContacts: PersonChoice[];
}

export type { RefPair } from '@/lib/people/decisions';
import type { RefPair } from '@/lib/people/decisions';

export interface PeopleActions {
  link(x: SourceRef, y: SourceRef): void;
  /** "Not the same person", for each pair given. */
  unlink(pairs: RefPair[]): void;
  /** Takes back manual links or unlinks, leaving the pairs to automatic matching. */
  forget(pairs: RefPair[]): void;
}

/** Who is who across Three Rings, HarmonySite and CiviCRM, with the member's own corrections. */
export function PeopleSection({ state, actions }: { state: PeopleState; actions: PeopleActions }) {
  if (state.links.length === 0 && state.unmatchedVolunteers.length === 0 && state.unmatchedMembers.length === 0 && !state.civiCrm) return null;
  return (
    <section aria-labelledby="people-heading" class="people-links">
      <h2 id="people-heading">{t('peopleHeading')}</h2>
      <p>{t('peopleIntro', [String(state.links.length)])}</p>
      <details>
        <summary>{t('peopleShowMatches', [String(state.links.length)])}</summary>
        <ul class="people-matches">
          {state.links.map((row) => (
            <li key={`${row.volunteer.ref.id}-${row.member.ref.id}`} data-volunteer-id={row.volunteer.ref.id} data-member-id={row.member.ref.id}>
              <span>{t('peoplePair', [row.volunteer.name, row.member.name])}</span> <span class="tag">{matchText(row.match)}</span>{' '}
              <CorrectionButton byHand={row.match.by === 'manual'} pairs={[[row.volunteer.ref, row.member.ref]]} actions={actions} />
            </li>
          ))}
        </ul>
      </details>
      <KeptApartList
        rows={state.keptApart.map(({ volunteer, member }) => ({ text: t('peopleKeptApart', [volunteer.name, member.name]), pair: [volunteer.ref, member.ref] }))}
        forget={actions.forget}
      />
      <LinkForm
        heading={t('peopleLinkHeading')}
        left={{ name: 'linkVolunteer', label: t('peopleVolunteer'), choices: state.unmatchedVolunteers }}
        right={{ name: 'linkMember', label: t('peopleMember'), choices: state.unmatchedMembers }}
        onLink={actions.link}
      />
      {state.civiCrm && <CiviCrmPeople state={state.civiCrm} actions={actions} />}
    </section>
  );
}

/** Contacts joined to volunteers and members, with the same corrections. */
function CiviCrmPeople({ state, actions }: { state: CiviCrmPeopleState; actions: PeopleActions }) {
  const pairsOf = (row: ContactLinkRow): RefPair[] => row.records.map((record) => [record.ref, row.contact.ref] as const);
  return (
    <div class="people-civicrm">
      <h3>{t('peopleCiviCrmHeading')}</h3>
      <p>{t('peopleCiviCrmIntro', [String(state.links.length)])}</p>
      <details>
        <summary>{t('peopleShowMatches', [String(state.links.length)])}</summary>
        <ul class="people-contact-matches">
          {state.links.map((row) => (
            <li key={row.contact.ref.id} data-contact-id={row.contact.ref.id}>
              <span>{t('peopleContactPair', [row.records.map(recordLabel).join(', '), row.contact.name])}</span>{' '}
              {row.byHand && <span class="tag">{t('peopleByHand')}</span>} <CorrectionButton byHand={row.byHand} pairs={pairsOf(row)} actions={actions} />
            </li>
          ))}
        </ul>
      </details>
      <KeptApartList
        rows={state.keptApart.map(({ person, contact }) => ({ text: t('peopleContactKeptApart', [recordLabel(person), contact.name]), pair: [person.ref, contact.ref] }))}
        forget={actions.forget}
      />
      <LinkForm
        heading={t('peopleLinkContactHeading')}
        left={{ name: 'linkPerson', label: t('peoplePerson'), choices: state.unmatchedPeople }}
        right={{ name: 'linkContact', label: t('peopleContact'), choices: state.unmatchedContacts }}
        onLink={actions.link}
      />
    </div>
  );
}

/** Undo for a decision of the member's; "Not the same person" for Descant's own match. */
function CorrectionButton({ byHand, pairs, actions }: { byHand: boolean; pairs: RefPair[]; actions: PeopleActions }) {
  return byHand ? (
    <button type="button" onClick={() => actions.forget(pairs)}>
      {t('peopleUndo')}
    </button>
  ) : (
    <button type="button" onClick={() => actions.unlink(pairs)}>
      {t('peopleNotSame')}
    </button>
  );
}

/** Pairs the member said are different people, each with Undo. */
function KeptApartList({ rows, forget }: { rows: { text: string; pair: RefPair }[]; forget: PeopleActions['forget'] }) {
  if (rows.length === 0) return null;
  return (
    <ul class="people-kept-apart">
      {rows.map(({ text, pair }) => (
        <li key={pair.map(refKey).join('|')}>
          <span>{text}</span>{' '}
          <button type="button" onClick={() => forget([pair])}>
            {t('peopleUndo')}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** "Maggie Hughes (Three Rings)": the same name may be in two systems. */
function recordLabel(choice: PersonChoice): string {
  return t('peopleRecordIn', [choice.name, SERVICE_NAMES[choice.ref.source]]);
}

interface LinkSide {
  name: string;
  label: string;
  choices: PersonChoice[];
}

/** Two lists to pick one record from each, and a button saying they are one person. */
function LinkForm({ heading, left, right, onLink }: { heading: string; left: LinkSide; right: LinkSide; onLink: (x: SourceRef, y: SourceRef) => void }) {
  const [leftKey, setLeftKey] = useState('');
  const [rightKey, setRightKey] = useState('');
  const leftChoice = left.choices.find((choice) => refKey(choice.ref) === leftKey);
  const rightChoice = right.choices.find((choice) => refKey(choice.ref) === rightKey);
  const select = (side: LinkSide, value: string, set: (value: string) => void) => {
    const mixed = new Set(side.choices.map((choice) => choice.ref.source)).size > 1;
    return (
      <label class="field">
        <span>{side.label}</span>
        <select name={side.name} value={value} onChange={(event) => set((event.target as HTMLSelectElement).value)}>
          <option value="">{t('peopleChoose')}</option>
          {side.choices.map((choice) => (
            <option key={refKey(choice.ref)} value={refKey(choice.ref)}>
              {mixed ? recordLabel(choice) : choice.name}
            </option>
          ))}
        </select>
      </label>
    );
  };
  return (
    <form
      class="people-link-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (leftChoice && rightChoice) onLink(leftChoice.ref, rightChoice.ref);
        setLeftKey('');
        setRightKey('');
      }}
    >
      <h3>{heading}</h3>
      {select(left, leftKey, setLeftKey)}
      {select(right, rightKey, setRightKey)}
      <button type="submit" class="primary" disabled={!leftChoice || !rightChoice}>
        {t('peopleLink')}
      </button>
    </form>
  );
}

function matchText(match: PersonMatch): string {
  if (match.by === 'manual') return t('peopleByHand');
  const percent = String(Math.round(match.confidence * 100));
  return match.by === 'email' ? t('peopleByEmail', [percent]) : t('peopleByName', [percent]);
}
