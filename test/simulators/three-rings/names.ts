/**
 * Name material for the simulated choir. Mostly British names, with the international and
 * unicode names a real choir has, and a few hostile ones for escaping tests.
 */

export interface PersonName {
  firstName: string;
  surname: string;
  /** How the name is written as a whole; defaults to "first surname". */
  fullName?: string;
}

/** Role codes (see data.ts ROLES) given to a named volunteer on top of Everyone and a voice part. */
export interface NamedVolunteer extends PersonName {
  roleCodes?: string[];
  username?: string;
}

export const HOSTILE_NAME = '<img src=x onerror=alert(1)> Mallory';

const LONG_FIRST_NAMES = 'Maximiliana Wilhelmina Theodora Evangeline Anastasia Bartholomea Cordelia Genevieve';

/** A surname that makes the full name exactly 200 characters long. */
function longSurname(): string {
  const words = 'Featherstonehaugh-Cholmondeley-Marjoribanks-Wolfeschlegelsteinhausenbergerdorff-Vandersteen-Ashburnham-Fotheringay';
  const wanted = 200 - LONG_FIRST_NAMES.length - 1;
  return words.padEnd(wanted, '-Smythe').slice(0, wanted);
}

/**
 * Volunteers who always exist, in this order, right after the signed-in volunteer. Tests and
 * the demo rely on them; the rest of the roster is random.
 */
export const NAMED_VOLUNTEERS: readonly NamedVolunteer[] = [
  { firstName: 'Dana', surname: 'Thompson', roleCodes: ['COM', 'NW'] },
  { firstName: 'Zoë', surname: 'Clarke', roleCodes: ['SL'] },
  { firstName: 'Siobhán', surname: 'Ní Bhriain' },
  { firstName: 'José', surname: 'Álvarez', roleCodes: ['LIB'] },
  { firstName: 'Łukasz', surname: 'Wiśniewski' },
  { firstName: '美玲', surname: '陈', fullName: '陈美玲' },
  { firstName: '秀英', surname: '王', fullName: '王秀英' },
  { firstName: 'Νίκος', surname: 'Παπαδόπουλος' },
  { firstName: 'ليلى', surname: 'حداد', fullName: 'ليلى حداد' },
  { firstName: 'Margaret "Peggy"', surname: 'Ashworth', roleCodes: ['TR'] },
  { firstName: 'Bob & Barbara', surname: 'Hughes' },
  { firstName: 'Pat', surname: "O'Connor", roleCodes: ['FOH'] },
  { firstName: '<img src=x onerror=alert(1)>', surname: 'Mallory', fullName: HOSTILE_NAME },
  { firstName: LONG_FIRST_NAMES, surname: longSurname() },
];

export const FIRST_NAMES: readonly string[] = [
  'Oliver', 'Amelia', 'George', 'Isla', 'Harry', 'Ava', 'Jack', 'Emily', 'Charlie', 'Sophie',
  'Thomas', 'Grace', 'James', 'Lily', 'William', 'Freya', 'Henry', 'Ella', 'Edward', 'Charlotte',
  'Daniel', 'Hannah', 'Matthew', 'Lucy', 'Samuel', 'Eleanor', 'Joseph', 'Alice', 'David', 'Ruth',
  'Peter', 'Margaret', 'Richard', 'Susan', 'Andrew', 'Helen', 'Michael', 'Catherine', 'Robert', 'Judith',
  'Gareth', 'Rhiannon', 'Dafydd', 'Cerys', 'Hamish', 'Morag', 'Callum', 'Eilidh', 'Ciarán', 'Aoife',
  'Chloë', 'Renée', 'Björn', 'François', 'Søren', 'Núria', 'Małgorzata', 'Priya', 'Arjun', 'Chidi',
  'Ngozi', 'Kwame', 'Yuki', 'Hiroshi', 'Mei', 'Wei', 'Fatima', 'Omar', 'Elif', 'Mehmet',
];

export const SURNAMES: readonly string[] = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson',
  'Roberts', 'Robinson', 'Wright', 'Wood', 'Hall', 'Walker', 'Hughes', 'Green', 'Lewis', 'Edwards',
  'Clarke', 'Turner', 'Hill', 'Cooper', 'Harris', 'Ward', 'Morris', 'King', 'Baker', 'Harrison',
  'MacDonald', 'Campbell', 'Stewart', 'Fraser', 'Ó Súilleabháin', 'Murphy', 'Kelly', 'Byrne', 'Llewellyn', 'Pritchard',
  'Müller', 'García', 'Nowak', 'Kowalczyk', 'Dubois', 'Rossi', 'Jensen', 'Patel', 'Shah', 'Okonkwo',
  'Mensah', 'Nakamura', 'Tanaka', 'Chen', 'Wong', 'Khan', 'Hussain', 'Yılmaz', 'Kaya', 'Van der Berg',
];
