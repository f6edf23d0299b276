/**
 * How names are written in the choir's HarmonySite compared with Three Rings: preferred names
 * (`Greeting`) beside full given names (`FirstName`), and a few hostile names for escaping tests.
 */

export interface MemberName {
  /** `FirstName`, labelled "Given Names" on the site. */
  given: string;
  /** `Greeting`, labelled "First name": the name the member goes by. */
  greeting: string;
  surname: string;
  email: string;
  title: string;
}

/** Names members often go by in place of their given names. */
export const NICKNAMES: Readonly<Record<string, string>> = {
  Margaret: 'Maggie', Catherine: 'Kate', Susan: 'Sue', Judith: 'Judy', Eleanor: 'Nell', Charlotte: 'Lottie',
  William: 'Bill', Robert: 'Bob', Richard: 'Rick', Thomas: 'Tom', James: 'Jim', Samuel: 'Sam',
  Matthew: 'Matt', Daniel: 'Dan', Michael: 'Mike', Edward: 'Ted', Joseph: 'Joe', Andrew: 'Andy', David: 'Dave',
};

export const MIDDLE_NAMES: readonly string[] = ['Lee', 'Jordan', 'Robin', 'Morgan', 'Jean', 'Rhys', 'Kim', 'Alexis'];

export const TITLES: readonly string[] = ['', '', '', '', 'Mr', 'Mrs', 'Ms', 'Miss', 'Dr', 'Revd'];

/**
 * How the Three Rings simulator's named volunteers (three-rings/names.ts, keyed by first name)
 * are written here, so each kind of difference is always present.
 */
export const NAMED_MEMBER_CHANGES: Readonly<Record<string, Partial<MemberName>>> = {
  Dana: { given: 'Dana Louise', greeting: 'Dana' },
  'Zoë': { given: 'Zoe' },
  'Siobhán': { surname: 'Walsh', title: 'Mrs' },
  'José': { given: 'Jose', surname: 'Alvarez', email: '' },
  'Margaret "Peggy"': { given: 'Margaret Anne', greeting: 'Peggy' },
  Pat: { given: 'Patricia', greeting: 'Pat', title: 'Dr' },
};

const LONG_GIVEN = 'Wilhelmina Theodora Evangeline';

/** A surname that makes "given surname" exactly 200 characters long. */
function longSurname(): string {
  const wanted = 200 - LONG_GIVEN.length - 1;
  return 'Montmorency-Fotheringay-Ashburnham-Cholmondeley'.padEnd(wanted, '-Featherstonehaugh').slice(0, wanted);
}

/** Members who are not volunteers, with names that must stay text wherever they are shown. */
export const HOSTILE_MEMBERS: readonly Pick<MemberName, 'given' | 'greeting' | 'surname'>[] = [
  { given: '<img src=x onerror=alert(1)>', greeting: '', surname: 'Trudy</a><script>alert(2)</script>' },
  { given: LONG_GIVEN, greeting: '', surname: longSurname() },
  { given: 'נועה', greeting: '', surname: 'כהן' },
  { given: 'يوسف', greeting: '', surname: 'العلي' },
  { given: 'Jack & Jill', greeting: '"JJ"', surname: "O'Hare & Sons" },
];

export const SUBURBS: readonly string[] = ['Clifton', 'Redland', 'Bedminster', 'Totterdown', 'Southville', 'Bishopston', 'Easton', ''];

/** Letters only, without accents, lower case: for made-up email addresses. */
export function asciiLetters(text: string): string {
  return withoutAccents(text).toLowerCase().replace(/[^a-z]/g, '');
}

export function withoutAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{Mn}/gu, '').normalize('NFC');
}
