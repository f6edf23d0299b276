import { SeededRandom } from '../three-rings/random';
import { SIGNED_IN_VOLUNTEER_ID, type SimVolunteer } from '../three-rings/data';

/**
 * The simulated HarmonySite's tables, as the API returns them: every value a string, empty
 * fields as "" (sent as {}). Built from the Three Rings simulator's volunteers when given, with
 * the differences real choirs have between their two systems.
 */
export type Row = Record<string, string>;

export interface HarmonySiteData {
  members: Row[];
  memberships: Row[];
  participations: Row[];
  events: Row[];
  /** Which member is which volunteer, for tests. */
  truth: { memberId: number; volunteerId: number }[];
}

const PARTS = ['Soprano 1', 'Soprano 2', 'Alto 1', 'Alto 2', 'Tenor', 'Bass 1', 'Bass 2'];
const STATUSES = ['Active', 'Active', 'Active', 'Active', 'Active', 'Former', 'Leave of absence'];
const NICKNAMES: Record<string, string> = { Margaret: 'Maggie', Elizabeth: 'Liz', William: 'Bill', Robert: 'Bob', Katherine: 'Kate', Alexandra: 'Alex', Christopher: 'Chris', Jennifer: 'Jenny' };
const MIDDLE = ['Anne', 'Louise', 'John', 'Marie', 'James', 'Rose'];
const EXTRA_NAMES: [string, string][] = [['Agnes', 'Lindqvist'], ['Bartholomew', 'Okonkwo'], ['Cerys', 'Pritchard'], ['Dmitri', 'Volkov'], ['Esme', 'Castellanos'], ['Farah', 'Qureshi'], ['Gideon', 'Ashworth'], ['Hedda', 'Solberg'], ['Ines', 'Barbosa'], ['Jonah', 'Whitlock']];
/** Names a site may hold, to show badges and cards keep them as text. */
const HOSTILE_MEMBERS: [string, string][] = [
  ['<img src=x onerror=alert(1)>', 'Mallory'],
  ['Bartholomew-Alexander-Maximilian-Christopher', 'Featherstonehaugh-Cholmondeley-Worcestershire-Montgomery-Fotheringay'],
  ['يوسف', 'العلي'],
  ['"Quoted" & Co', "O'Brien & Sons"],
];

export function generateHarmonySiteData(seed: number, volunteers: SimVolunteer[] | undefined, now: Date): HarmonySiteData {
  const random = new SeededRandom(seed + 7);
  const members: Row[] = [];
  const truth: HarmonySiteData['truth'] = [];
  const addMember = (given: string, surname: string, email: string | null, greeting = ''): number => {
    const id = members.length + 1;
    members.push({ id: String(id), stamp: '2026-01-01 00:00:00', Surname: surname, FirstName: given, Greeting: greeting, Title: '', Email: email ?? '', MobilePhone: random.chance(0.7) ? `07700 9${String(random.int(10000, 99999))}` : '', HomePhone: '' });
    return id;
  };

  for (const volunteer of volunteers ?? []) {
    const isMe = volunteer.id === SIGNED_IN_VOLUNTEER_ID;
    // The volunteers with awkward names are always members too, so both sites' badges meet them.
    const awkward = /[<>&"']|[^\x20-\x7E]/.test(volunteer.friendlyName);
    if (!isMe && !awkward && !random.chance(0.75)) continue;
    const nickname = NICKNAMES[volunteer.firstName];
    const given = random.chance(0.3) ? `${volunteer.firstName} ${random.pick(MIDDLE)}` : volunteer.firstName;
    const married = !isMe && volunteer.email && random.chance(0.04);
    const email = isMe ? volunteer.email : random.chance(0.1) ? null : volunteer.email;
    const id = addMember(given, married ? 'Marchbanks' : volunteer.surname, email, nickname && random.chance(0.6) ? nickname : '');
    truth.push({ memberId: id, volunteerId: volunteer.id });
  }
  const extras = volunteers ? Math.ceil(members.length * 0.15) : 60;
  for (let index = 0; index < extras; index++) {
    const [given, surname] = EXTRA_NAMES[index % EXTRA_NAMES.length]!;
    addMember(given, index < EXTRA_NAMES.length ? surname : `${surname}${index}`, `${given.toLowerCase()}.${index}@choir.example`);
  }
  for (const [given, surname] of HOSTILE_MEMBERS) addMember(given, surname, null);

  const memberships = members.map((member, index) => ({ id: String(index + 1), Member: member.id!, MemberID: `SC${member.id}`, Status: random.pick(STATUSES), Type: 'Singing member' }));
  const participations = members.map((member, index) => ({ id: String(index + 1), Member: member.id!, Ensemble: '1', Part: random.pick(PARTS), Status: 'Active' }));
  const events = Array.from({ length: 8 }, (_, index) => {
    const date = new Date(now.getTime() + (index * 9 - 10) * 86_400_000).toISOString().slice(0, 10);
    const roster = random.sample(members, 6).map((member) => member.id).join('|');
    return { id: String(index + 1), Title: index % 2 ? `Rehearsal ${index}` : `Concert ${index}`, RAW_start: date, start: date, Time: index % 2 ? '7.30pm' : '3pm', Until: '', Description: index === 0 ? '<p>Bring <b>black</b> folders &amp; water</p>' : '', Roster: roster };
  });
  return { members, memberships, participations, events, truth };
}

export function memberName(member: Row): string {
  return `${member.Greeting || member.FirstName?.split(' ')[0] || ''} ${member.Surname ?? ''}`.trim();
}
