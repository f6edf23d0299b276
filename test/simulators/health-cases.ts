import { HOSTILE_MEMBERS } from './harmonysite/names';

/**
 * The people behind each finding of the "Choir data health" page: whatever the seed, the day or
 * the time zone, the simulators' data holds each of these disagreements between Three Rings,
 * HarmonySite and CiviCRM, on these people, so tests can name them. Their names are in none of
 * the random name lists, so nobody random shares them (no partner shares their email either).
 *
 * The volunteers come right after the named ones (100002–100015), so their ids are fixed;
 * HarmonySite and CiviCRM ids are not: find members and contacts by email. The cases are made
 * only when the HarmonySite simulator is given volunteers, and the CiviCRM one members too.
 */
export const HEALTH_CASES = {
  /**
   * A volunteer with a shift starting an hour to 7 days ahead, whose HarmonySite member (same
   * name and email, so linked automatically) has left: membership and part "Former". Not in CiviCRM.
   */
  formerMemberWithShift: { volunteerId: 100016, firstName: 'Rosalind', surname: 'Fairbairn', email: 'rfairbairn@example.org' },
  /** A volunteer and an Active member, linked by name: HarmonySite's copy of the email lost an "r". Not in CiviCRM. */
  twoEmails: { volunteerId: 100017, firstName: 'Nadia', surname: 'Farrow', threeRingsEmail: 'nfarrow@example.org', harmonySiteEmail: 'nfarow@example.org' },
  /**
   * A volunteer and an Active member of the same name (nobody else has it) with unrelated
   * emails: not linked automatically, though `truth` (what a reader would say) pairs them. Not in CiviCRM.
   */
  probablySamePerson: { volunteerId: 100018, firstName: 'Tobias', surname: 'Whitcombe', threeRingsEmail: 'twhitcombe@example.org', harmonySiteEmail: 'toby.sings@example.net' },
  /**
   * A volunteer entered twice in HarmonySite: two Active member rows with the same name, email and
   * part, both paired with the volunteer in `truth` (either link is right). Not in CiviCRM.
   */
  duplicateMember: { volunteerId: 100019, firstName: 'Cressida', surname: 'Holloway', email: 'cholloway@example.org' },
  /** An Active member with a voice part whose CiviCRM contact (same name and email) has one membership, Expired, ended 60 days before today. */
  expiredMembership: { firstName: 'Imogen', surname: 'Latimer', email: 'imogen.latimer@example.net', part: 'Alto 1', endsInDays: -60 },
  /** An Active member with a voice part whose CiviCRM contact (same name and email) has one membership, Current, ending 12 days after today. */
  membershipEndingSoon: { firstName: 'Hester', surname: 'Pennington', email: 'hester.pennington@example.net', part: 'Soprano 2', endsInDays: 12 },
  /** Two Active members who are not one family (other first names, other surnames) with one address. Only in HarmonySite. */
  sharedEmail: {
    email: 'choir.office@example.org',
    people: [
      { firstName: 'Bernard', surname: 'Quayle', part: 'Bass 1' },
      { firstName: 'Yasmin', surname: 'Delacroix', part: 'Alto 2' },
    ],
  },
  /** An Active member with no participations row. Only in HarmonySite. */
  noVoicePart: { firstName: 'Oswin', surname: 'Thackeray', email: 'oswin.thackeray@example.net' },
  /** One of the hostile-named HarmonySite members (harmonysite/names.ts): no email, and no other system knows them. */
  noEmailAnywhere: { firstName: HOSTILE_MEMBERS[2]!.given, surname: HOSTILE_MEMBERS[2]!.surname },
} as const;

/** The health cases' volunteers in id order, as Three Rings has them. */
export const HEALTH_VOLUNTEERS = [HEALTH_CASES.formerMemberWithShift, HEALTH_CASES.twoEmails, HEALTH_CASES.probablySamePerson, HEALTH_CASES.duplicateMember].map(
  (person) => ({ id: person.volunteerId, firstName: person.firstName, surname: person.surname, email: 'email' in person ? person.email : person.threeRingsEmail }),
);

export const isHealthVolunteer = (volunteerId: number): boolean => HEALTH_VOLUNTEERS.some((person) => person.id === volunteerId);

/** Every address the health cases' HarmonySite members have: the CiviCRM simulator makes no contacts of them by chance. */
export const HEALTH_MEMBER_EMAILS: ReadonlySet<string> = new Set([
  HEALTH_CASES.formerMemberWithShift.email,
  HEALTH_CASES.twoEmails.harmonySiteEmail,
  HEALTH_CASES.probablySamePerson.harmonySiteEmail,
  HEALTH_CASES.duplicateMember.email,
  HEALTH_CASES.expiredMembership.email,
  HEALTH_CASES.membershipEndingSoon.email,
  HEALTH_CASES.sharedEmail.email,
  HEALTH_CASES.noVoicePart.email,
]);
