import { NICKNAMES } from '../harmonysite/names';

/**
 * How names are written in the choir's CiviCRM: split into first, middle and last name with a
 * separate nick name, a prefix in `display_name`, and `sort_name` as "Last, First". Also the
 * hostile names for escaping tests.
 */

export interface ContactName {
  first: string;
  middle?: string;
  last: string;
  nick?: string;
  /** "Dr.", "Mrs." and so on: CiviCRM puts it in front of `display_name`. */
  prefix?: string;
}

export const PREFIXES: readonly string[] = ['Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Revd'];

/** CiviCRM's default display-name format: "{prefix} {first} {last}". */
export function displayName(name: ContactName): string {
  return [name.prefix, name.first, name.last].filter(Boolean).join(' ');
}

/** CiviCRM's default sort-name format: "{last}, {first}". */
export function sortName(name: ContactName): string {
  return [name.last, name.first].filter(Boolean).join(', ');
}

/** `Margaret "Peggy"` (how Three Rings shows a preferred name) becomes first Margaret, nick Peggy. */
export function splitQuotedNick(firstName: string): { first: string; nick?: string } {
  const quoted = /^(.*?)\s*"([^"]+)"\s*$/.exec(firstName);
  if (quoted?.[1]) return { first: quoted[1], nick: quoted[2] };
  return { first: firstName };
}

/** The nick name a CRM administrator might have typed in for this first name, if any. */
export function nickFor(first: string): string | undefined {
  return NICKNAMES[first];
}

/**
 * How the Three Rings simulator's named volunteers (three-rings/names.ts, keyed by first name)
 * are written here, so each kind of difference is always present.
 */
export const NAMED_CONTACT_CHANGES: Readonly<Record<string, Partial<ContactName> & { email?: 'missing' | 'capitalised' }>> = {
  Dana: { prefix: 'Ms.' },
  'Zoë': { email: 'capitalised' },
  'Siobhán': { last: 'Walsh', prefix: 'Mrs.' },
  'José': { email: 'missing' },
  Pat: { first: 'Patricia', nick: 'Pat', prefix: 'Dr.' },
};

/**
 * Contacts who match nobody in Three Rings or HarmonySite, with names that must stay text
 * wherever they are shown: markup, a closing script tag, quotes and ampersands, 200 characters,
 * right-to-left text with a direction override.
 */
export const HOSTILE_CONTACTS: readonly (ContactName & { email: string })[] = [
  { first: '<img src=x onerror=alert(1)>', last: 'Nobody', email: 'img.nobody@example.com' },
  { first: '"Quotes" & Ampersands', last: '</script><script>alert(3)</script>', nick: '"Q&A"', email: 'quotes.amp@example.com' },
  { first: 'Bartholomew Maximilian Ignatius', last: longLastName('Bartholomew Maximilian Ignatius'), email: '' },
  { first: 'مريم', last: '\u202eالحسن', nick: 'שרה', email: 'rtl.contact@example.com' },
];

/** A last name that makes "first last" exactly 200 characters long. */
function longLastName(first: string): string {
  const wanted = 200 - first.length - 1;
  return 'Fiennes-Twisleton-Wykeham-Fiennes'.padEnd(wanted, '-Plantagenet').slice(0, wanted);
}

/** How the one hostile contact linked to a volunteer (by email) is written: still their name, with markup around it. */
export function hostileLinkedName(first: string, last: string): ContactName {
  return { first: `${first} <img src=x onerror=alert(2)>`, last: `${last} & "Co" </script>` };
}
