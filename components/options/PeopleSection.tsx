import { useState } from 'preact/hooks';
import type { PersonMatch, SourceRef } from '@/lib/model';
import { t } from '@/lib/i18n';

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
}

export interface PeopleActions {
  link(volunteer: SourceRef, member: SourceRef): void;
  unlink(volunteer: SourceRef, member: SourceRef): void;
  /** Takes back a manual link or unlink, leaving the pair to automatic matching. */
  forget(volunteer: SourceRef, member: SourceRef): void;
}

/** Who is who across Three Rings and HarmonySite, with the member's own corrections. */
export function PeopleSection({ state, actions }: { state: PeopleState; actions: PeopleActions }) {
  if (state.links.length === 0 && state.unmatchedVolunteers.length === 0 && state.unmatchedMembers.length === 0) return null;
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
              {row.match.by === 'manual' ? (
                <button type="button" onClick={() => actions.forget(row.volunteer.ref, row.member.ref)}>
                  {t('peopleUndo')}
                </button>
              ) : (
                <button type="button" onClick={() => actions.unlink(row.volunteer.ref, row.member.ref)}>
                  {t('peopleNotSame')}
                </button>
              )}
            </li>
          ))}
        </ul>
      </details>
      {state.keptApart.length > 0 && (
        <ul class="people-kept-apart">
          {state.keptApart.map(({ volunteer, member }) => (
            <li key={`${volunteer.ref.id}-${member.ref.id}`}>
              <span>{t('peopleKeptApart', [volunteer.name, member.name])}</span>{' '}
              <button type="button" onClick={() => actions.forget(volunteer.ref, member.ref)}>
                {t('peopleUndo')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <LinkForm state={state} actions={actions} />
    </section>
  );
}

function LinkForm({ state, actions }: { state: PeopleState; actions: PeopleActions }) {
  const [volunteerId, setVolunteerId] = useState('');
  const [memberId, setMemberId] = useState('');
  const volunteer = state.unmatchedVolunteers.find((choice) => String(choice.ref.id) === volunteerId);
  const member = state.unmatchedMembers.find((choice) => String(choice.ref.id) === memberId);
  const select = (name: string, label: string, choices: PersonChoice[], value: string, set: (value: string) => void) => (
    <label class="field">
      <span>{label}</span>
      <select name={name} value={value} onChange={(event) => set((event.target as HTMLSelectElement).value)}>
        <option value="">{t('peopleChoose')}</option>
        {choices.map((choice) => (
          <option key={choice.ref.id} value={String(choice.ref.id)}>
            {choice.name}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form
      class="people-link-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (volunteer && member) actions.link(volunteer.ref, member.ref);
        setVolunteerId('');
        setMemberId('');
      }}
    >
      <h3>{t('peopleLinkHeading')}</h3>
      {select('linkVolunteer', t('peopleVolunteer'), state.unmatchedVolunteers, volunteerId, setVolunteerId)}
      {select('linkMember', t('peopleMember'), state.unmatchedMembers, memberId, setMemberId)}
      <button type="submit" class="primary" disabled={!volunteer || !member}>
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
