import type { SourceRef } from '@/lib/model';
import type { PersonRecord } from '@/lib/people/match';

/**
 * A generated choir roster, seeded, with the mess real rosters have: nicknames on one side and
 * given names on the other, married names, shared family addresses, missing or mistyped emails,
 * dropped accents, role suffixes, duplicate entries, and different people with one common name.
 */
export interface Roster {
  /** How many people were generated (some on one side only). */
  people: number;
  /** Three Rings volunteers. */
  left: PersonRecord[];
  /** HarmonySite members. */
  right: PersonRecord[];
  /** The pairs that really are one person. */
  truth: [SourceRef, SourceRef][];
}

const FIRST_NAMES: [string, string][] = [
  ['Margaret', 'Maggie'], ['Elizabeth', 'Liz'], ['William', 'Bill'], ['Robert', 'Bob'], ['Katherine', 'Kate'], ['James', 'Jim'],
  ['Susan', 'Sue'], ['Michael', 'Mike'], ['Thomas', 'Tom'], ['Christopher', 'Chris'], ['Alexandra', 'Alex'], ['Samuel', 'Sam'],
  ['Nicholas', 'Nick'], ['David', 'Dave'], ['Andrew', 'Andy'], ['Patricia', 'Pat'], ['Jennifer', 'Jenny'], ['Edward', 'Ted'],
  ['Richard', 'Rich'], ['Henry', 'Harry'], ['Anthony', 'Tony'], ['Stephen', 'Steve'], ['Rebecca', 'Becky'], ['Jonathan', 'Jon'],
  ['Philip', 'Phil'], ['Gillian', 'Gill'], ['Eleanor', 'Ellie'], ['Deborah', 'Debbie'], ['Victoria', 'Vicky'], ['Frederick', 'Fred'],
  ['Zoë', 'Zoë'], ['José', 'José'], ['Siobhán', 'Siobhán'], ['Aoife', 'Aoife'], ['Chidi', 'Chidi'], ['Oluwaseun', 'Seun'],
  ['Priya', 'Priya'], ['Rahul', 'Rahul'], ['Mei', 'Mei'], ['Hiroshi', 'Hiroshi'], ['Fatima', 'Fatima'], ['Yusuf', 'Yusuf'],
  ['Agnieszka', 'Aga'], ['Łukasz', 'Łukasz'], ['Ingrid', 'Ingrid'], ['Søren', 'Søren'], ['Renée', 'Renée'], ['François', 'François'],
  ['Gwen', 'Gwen'], ['Rhys', 'Rhys'], ['Catrin', 'Cat'], ['Dafydd', 'Dai'], ['Niamh', 'Niamh'], ['Ciarán', 'Ciarán'],
  ['Amara', 'Amara'], ['Kwame', 'Kwame'], ['Leila', 'Leila'], ['Omar', 'Omar'], ['Ana', 'Ana'], ['Mateo', 'Mateo'],
  ['Benjamin', 'Ben'], ['Daniel', 'Dan'], ['Matthew', 'Matt'], ['Abigail', 'Abby'], ['Charlotte', 'Lottie'], ['Timothy', 'Tim'],
  ['Penelope', 'Penny'], ['Theodore', 'Theo'], ['Lawrence', 'Larry'], ['Judith', 'Judy'], ['Dorothy', 'Dot'], ['Teresa', 'Tess'],
  ['Caroline', 'Carrie'], ['Isabel', 'Izzy'], ['Hannah', 'Hannah'], ['Grace', 'Grace'], ['Oliver', 'Olly'], ['Lucy', 'Lucy'],
  ['Ruth', 'Ruth'], ['Esther', 'Esther'], ['Malcolm', 'Malcolm'], ['Graham', 'Graham'], ['Nadia', 'Nadia'], ['Tariq', 'Tariq'],
  ['Ifeoma', 'Ify'], ['Babajide', 'Jide'], ['Sunita', 'Sunita'], ['Arjun', 'Arjun'], ['Ling', 'Ling'], ['Kenji', 'Kenji'],
];
const MIDDLE_NAMES = ['Anne', 'Louise', 'John', 'Marie', 'James', 'Rose', 'Grace', 'Lee', 'Jane', 'Paul'];
const SURNAMES = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Roberts', 'Johnson', 'Lewis', 'Walker',
  'Robinson', 'Wood', 'Thompson', 'White', 'Watson', 'Jackson', 'Wright', 'Green', 'Harris', 'Cooper', 'King', 'Lee', 'Martin',
  'Clarke', 'James', 'Morgan', 'Hughes', 'Edwards', 'Hill', 'Moore', 'Clark', 'Harrison', 'Scott', "O'Neill", 'McDonald', 'MacLeod',
  'van der Berg', 'de la Cruz', 'Okafor', 'Adeyemi', 'Patel', 'Sharma', 'Chen', 'Wang', 'Nakamura', 'Khan', 'Hussain', 'Kowalski',
  'Nowak', 'Jensen', 'Müller', 'García', 'Fernández', 'Ní Bhriain', 'Ó Súilleabháin', 'Smith-Jones', 'Llewellyn', 'Pritchard',
  'Byrne', 'Murphy', 'Kelly', 'Doherty', 'Mensah', 'Boateng', 'Haddad', 'Rossi', 'Bianchi', 'Dubois', 'Lefèvre', 'Novak', 'Horvat',
  'Baker', 'Carter', 'Mitchell', 'Turner', 'Phillips', 'Campbell', 'Parker', 'Collins', 'Stewart', 'Morris', 'Rogers', 'Reed', 'Cook',
  'Bell', 'Ward', 'Bailey', 'Cox', 'Richardson', 'Howard', 'Kennedy', 'Fraser', 'Ross', 'Grant', 'Hamilton', 'Graham', 'Reid',
  'Ahmed', 'Ali', 'Begum', 'Singh', 'Kaur', 'Gupta', 'Das', 'Nguyen', 'Tran', 'Kim', 'Park', 'Li', 'Zhang', 'Suzuki', 'Tanaka',
  'Eze', 'Obi', 'Nwosu', 'Owusu', 'Asante', 'Mwangi', 'Ndlovu', 'Silva', 'Santos', 'Pereira', 'Costa', 'Romano', 'Ricci', 'Moreau',
  'Laurent', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Wagner', 'Becker', 'Hansen', 'Larsen', 'Andersson', 'Lindqvist', 'Virtanen',
];
const DOMAINS = ['example.org', 'example.com', 'mail.example', 'post.example'];

export function generateRoster(seed = 1, people = 650): Roster {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  const left: PersonRecord[] = [];
  const right: PersonRecord[] = [];
  const truth: [SourceRef, SourceRef][] = [];
  const households: { surname: string; email: string; names: string[] }[] = [];

  for (let index = 0; index < people; index++) {
    const [given, nickname] = pick(FIRST_NAMES);
    const middle = chance(0.3) ? pick(MIDDLE_NAMES) : undefined;
    // A family: another person (with another first name) at an address already used, with the same surname.
    const home = households.length > 0 && chance(0.06) ? pick(households) : undefined;
    const household = home && home.names.length < 3 && !home.names.includes(given) ? home : undefined;
    household?.names.push(given);
    const surname = household?.surname ?? pick(SURNAMES);
    const email = household?.email ?? `${fold(given)}.${fold(surname).replace(/[^a-z]/g, '')}${index}@${pick(DOMAINS)}`;
    if (!household && chance(0.08)) households.push({ surname, email, names: [given] });

    const onLeft = chance(0.85);
    const onRight = !onLeft || chance(0.82);
    const leftRef: SourceRef = { source: 'threeRings', id: 100_000 + index };
    const rightRef: SourceRef = { source: 'harmonySite', id: 1 + index };
    const usesNickname = nickname !== given && chance(0.5);

    if (onLeft) {
      // Three Rings: one name as the volunteer likes it, often with role suffixes.
      const shown = usesNickname ? nickname : given;
      // A married name on this side only, recognisable by the unchanged address.
      const leftSurname = chance(0.05) ? pick(SURNAMES) : surname;
      left.push({
        ref: leftRef,
        fullName: `${stripAccents(shown, chance(0.3))} ${leftSurname}${chance(0.3) ? ' [COM,NW]' : ''}`,
        givenNames: stripAccents(shown, false),
        surname: leftSurname,
        emails: leftSurname === surname && chance(0.12) ? [] : [chance(0.04) ? typo(email, random) : email.toUpperCase().slice(0, 1) + email.slice(1)],
      });
    }
    if (onRight) {
      // HarmonySite: given names in full, the preferred name apart.
      right.push({
        ref: rightRef,
        givenNames: middle ? `${given} ${middle}` : given,
        ...(nickname !== given && { preferredName: nickname }),
        surname,
        emails: chance(0.1) && !(onLeft && left.at(-1)?.surname !== surname) ? [] : [email],
      });
      if (onLeft && chance(0.015)) {
        // The same member entered twice.
        const duplicate: SourceRef = { source: 'harmonySite', id: 50_000 + index };
        right.push({ ref: duplicate, givenNames: given, surname, emails: [email] });
        truth.push([leftRef, duplicate]);
      }
    }
    if (onLeft && onRight) truth.push([leftRef, rightRef]);
  }
  return { people, left, right, truth };
}

function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function stripAccents(text: string, strip: boolean): string {
  return strip ? text.normalize('NFD').replace(/\p{M}/gu, '') : text;
}

function typo(email: string, random: () => number): string {
  const at = 1 + Math.floor(random() * (email.indexOf('@') - 1));
  return email.slice(0, at) + email.slice(at + 1);
}
