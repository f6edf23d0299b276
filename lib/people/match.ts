import type { PersonMatch, SourceRef } from '../model';
import { firstNameAgreement, firstNameKeys, nameWords, surnameKeys } from './names';

/** One person as one system knows them. */
export interface PersonRecord {
  ref: SourceRef;
  /** As the source writes it; may carry role suffixes like "[COM]". */
  fullName?: string;
  /** e.g. "Margaret Anne" */
  givenNames?: string;
  /** e.g. "Maggie" */
  preferredName?: string;
  surname?: string;
  /** May be empty, and may be shared by a family. */
  emails: string[];
}

/** The member's own decision about a pair: the same person (`linked`) or not. */
export interface ManualLink {
  a: SourceRef;
  b: SourceRef;
  linked: boolean;
}

export interface Link {
  a: SourceRef;
  b: SourceRef;
  match: PersonMatch;
}

/** Links below this confidence are not made: a missed link can be added by hand, a wrong one misleads. */
export const MATCH_THRESHOLD = 0.75;
/** What a name match scores for each unit of first-name agreement, before emails are weighed. */
const NAME_WEIGHT = 0.85;
/** Two candidates closer than this are a tie: the record stays unlinked rather than guess. */
const TIE_MARGIN = 0.05;

interface Prepared {
  record: PersonRecord;
  /** refKey of its record. */
  key: string;
  /** Where it is in its list: candidates are weighed in list order. */
  position: number;
  firstNames: string[];
  /** Every firstNameKeys of its first names. */
  firstNameKeys: string[];
  surnames: string[];
  emails: string[];
}

interface Candidate {
  left: Prepared;
  right: Prepared;
  score: number;
  byEmail: boolean;
}

/**
 * Links records of two systems that are the same person, one to one. Manual decisions come
 * first and always win; then email (unless a family shares it, when names must agree too),
 * then surname plus a compatible first name. A record with two equally good candidates that
 * are different people is left unlinked: never silently merge two people.
 */
export function matchPeople(left: PersonRecord[] | PreparedRecords, right: PersonRecord[] | PreparedRecords, manual: ManualLink[] = []): Link[] {
  const leftPeople = Array.isArray(left) ? prepareRecords(left) : left;
  const rightPeople = Array.isArray(right) ? prepareRecords(right) : right;
  const { links, usedLeft, usedRight, forbidden } = applyManual(leftPeople.keys, rightPeople.keys, manual);
  const candidates = findCandidates(leftPeople, rightPeople)
    .filter(({ left: l, right: r }) => !usedLeft.has(l.key) && !usedRight.has(r.key))
    .filter(({ left: l, right: r }) => !forbidden.has(pairKey(l.record.ref, r.record.ref)))
    .sort((a, b) => b.score - a.score);
  const byLeft = groupBy(candidates, (candidate) => candidate.left.key);
  const byRight = groupBy(candidates, (candidate) => candidate.right.key);
  for (const candidate of candidates) {
    const l = candidate.left.key;
    const r = candidate.right.key;
    if (usedLeft.has(l) || usedRight.has(r)) continue;
    if (isAmbiguous(candidate, byLeft.get(l)!, (c) => c.right, usedRight) || isAmbiguous(candidate, byRight.get(r)!, (c) => c.left, usedLeft)) continue;
    usedLeft.add(l);
    usedRight.add(r);
    links.push({ a: candidate.left.record.ref, b: candidate.right.record.ref, match: { by: candidate.byEmail ? 'email' : 'name', confidence: round(candidate.score) } });
  }
  return links;
}

/**
 * Pairs across two lists whose names agree well enough that, had their emails not disagreed,
 * they would have been linked: the same surname and an agreeing first name. Emails and
 * decisions are not weighed here: the caller decides what the pair means.
 */
export function sameNamePairs(left: PersonRecord[], right: PersonRecord[]): [PersonRecord, PersonRecord][] {
  const rightPeople = prepareRecords(right);
  const pairs: [PersonRecord, PersonRecord][] = [];
  for (const person of prepareRecords(left).people) {
    const found = new Set<Prepared>();
    for (const surname of person.surnames) for (const other of namesakes(person, rightPeople.byName.get(surname))) found.add(other);
    for (const other of found) {
      if (bestAgreement(person.firstNames, other.firstNames) * NAME_WEIGHT >= MATCH_THRESHOLD) pairs.push([person.record, other.record]);
    }
  }
  return pairs;
}

/**
 * One system's records, ready to match: their names folded and their keys indexed. Folding is
 * most of the cost of matching, so a list matched against two others is prepared once.
 */
export interface PreparedRecords {
  people: Prepared[];
  /** Every record's refKey. */
  keys: Set<string>;
  byEmail: Map<string, Prepared[]>;
  /** By surname key, then by first-name key. */
  byName: Map<string, Map<string, Prepared[]>>;
  emailCounts: Map<string, number>;
}

export function prepareRecords(records: PersonRecord[]): PreparedRecords {
  // A choir's names repeat (a few hundred first names and surnames among thousands): each is folded once.
  const folding: Folding = { words: remembered(nameWords), surnameKeys: remembered(surnameKeys), firstNameKeys: remembered(firstNameKeys) };
  const people = records.map((record, position) => prepare(record, position, folding));
  return {
    people,
    keys: new Set(people.map((person) => person.key)),
    byEmail: index(people, (person) => person.emails),
    byName: indexByName(people),
    emailCounts: counts(people.flatMap((person) => person.emails)),
  };
}

interface Folding {
  words: typeof nameWords;
  surnameKeys: typeof surnameKeys;
  firstNameKeys: typeof firstNameKeys;
}

function prepare(record: PersonRecord, position: number, folding: Folding): Prepared {
  const given = folding.words(record.givenNames ?? '');
  const preferred = folding.words(record.preferredName ?? '');
  const hasFirstNames = given.length > 0 || preferred.length > 0;
  // Without separate fields, the first word is the first name and the last the surname.
  const words = hasFirstNames && record.surname !== undefined ? [] : folding.words(record.fullName ?? '');
  const firstNames = unique(hasFirstNames ? (preferred.length > 0 ? [...given, ...preferred] : given) : words.slice(0, 1));
  // Without a surname field, any run of last words may be it: "Ní Bhriain", "van der Berg".
  const surnames = record.surname !== undefined ? folding.surnameKeys(record.surname) : words.slice(1).flatMap((_, i) => folding.surnameKeys(words.slice(i + 1).join(' ')));
  // The lists are shared where they can be (a prepared record lives as long as the matching):
  // with thousands of records, fewer to allocate is much of what matching costs.
  return {
    record,
    key: refKey(record.ref),
    position,
    firstNames,
    firstNameKeys: firstNames.length === 1 ? folding.firstNameKeys(firstNames[0]!) : unique(firstNames.flatMap(folding.firstNameKeys)),
    surnames: unique(surnames),
    emails: record.emails.length === 0 ? [] : unique(record.emails.map((email) => email.trim().toLowerCase()).filter((email) => email.includes('@'))),
  };
}

/** `list` itself when it holds nothing twice (most do), else without repeats; not to be changed. */
function unique<T>(list: T[]): T[] {
  return list.length < 2 || new Set(list).size === list.length ? list : [...new Set(list)];
}

function applyManual(leftKeys: Set<string>, rightKeys: Set<string>, manual: ManualLink[]) {
  const links: Link[] = [];
  const usedLeft = new Set<string>();
  const usedRight = new Set<string>();
  const forbidden = new Set<string>();
  for (const decision of manual) {
    // A decision may name the pair either way round.
    const [l, r] = leftKeys.has(refKey(decision.a)) ? [decision.a, decision.b] : [decision.b, decision.a];
    if (!leftKeys.has(refKey(l)) || !rightKeys.has(refKey(r))) continue;
    if (!decision.linked) {
      forbidden.add(pairKey(l, r));
    } else if (!usedLeft.has(refKey(l)) && !usedRight.has(refKey(r))) {
      usedLeft.add(refKey(l));
      usedRight.add(refKey(r));
      links.push({ a: l, b: r, match: { by: 'manual', confidence: 1 } });
    }
  }
  return { links, usedLeft, usedRight, forbidden };
}

/**
 * Pairs that score at least MATCH_THRESHOLD. Only pairs that share an email, or a surname key and
 * a first-name key, are scored (no all-pairs scoring): without either, a pair scores 0. A choir's
 * surnames are few, so blocking on the surname alone would score most pairs of a large choir.
 */
function findCandidates(left: PreparedRecords, right: PreparedRecords): Candidate[] {
  const candidates: Candidate[] = [];
  for (const person of left.people) {
    const others = new Set<Prepared>();
    for (const email of person.emails) for (const other of right.byEmail.get(email) ?? []) others.add(other);
    for (const surname of person.surnames) for (const other of namesakes(person, right.byName.get(surname))) others.add(other);
    for (const other of others) {
      const shared = person.emails.length && other.emails.length ? person.emails.filter((email) => other.emails.includes(email)) : [];
      const familyEmail = shared.length > 0 && shared.every((email) => (left.emailCounts.get(email) ?? 0) > 1 || (right.emailCounts.get(email) ?? 0) > 1);
      const pairScore = score(person, other, shared.length > 0, familyEmail);
      if (pairScore >= MATCH_THRESHOLD) candidates.push({ left: person, right: other, byEmail: shared.length > 0 && !familyEmail, score: pairScore });
    }
  }
  return candidates;
}

/** The records of one surname (by first-name key) that share a first-name key with `person`, in list order. */
function namesakes(person: Prepared, byFirstName: Map<string, Prepared[]> | undefined): Prepared[] {
  if (!byFirstName) return [];
  const found: Prepared[][] = [];
  for (const key of person.firstNameKeys) {
    const sharing = byFirstName.get(key);
    if (sharing) found.push(sharing);
  }
  // In list order, whichever key found them: equal scores are settled in the order found.
  return found.reduce(mergeInOrder, []);
}

/** Two lists in list order as one, in list order, each record once. */
function mergeInOrder(a: Prepared[], b: Prepared[]): Prepared[] {
  if (a.length === 0) return b;
  const merged: Prepared[] = [];
  let [i, j] = [0, 0];
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]!.position <= b[j]!.position) ? a[i++]! : b[j++]!;
    if (merged.at(-1) !== next) merged.push(next);
  }
  return merged;
}

function indexByName(people: Prepared[]): Map<string, Map<string, Prepared[]>> {
  const bySurname = new Map<string, Map<string, Prepared[]>>();
  for (const person of people) {
    for (const surname of person.surnames) {
      const byFirstName = bySurname.get(surname) ?? bySurname.set(surname, new Map()).get(surname)!;
      for (const key of person.firstNameKeys) pushTo(byFirstName, key, person);
    }
  }
  return bySurname;
}

function score(a: Prepared, b: Prepared, sameEmail: boolean, familyEmail: boolean): number {
  const first = bestAgreement(a.firstNames, b.firstNames);
  const sameSurname = a.surnames.some((surname) => b.surnames.includes(surname));
  if (sameEmail && !familyEmail) {
    // One person's own address: names may differ (a married name), but not the first name.
    if (first >= 0.85) return sameSurname ? 0.99 : 0.95;
    if (first > 0) return 0.85;
    // Same address, other first name: a relative the address is shared with.
    return 0.4;
  }
  if (!sameSurname || first === 0) return 0;
  const base = familyEmail ? 0.05 + first * 0.9 : first * NAME_WEIGHT;
  // Both have addresses and none is alike: more likely two people who share a name.
  const emailsDisagree = !sameEmail && a.emails.length > 0 && b.emails.length > 0 && !a.emails.some((x) => b.emails.some((y) => nearlySame(x, y)));
  return emailsDisagree ? base - 0.2 : base;
}

function bestAgreement(a: string[], b: string[]): number {
  let best = 0;
  for (const x of a) for (const y of b) best = Math.max(best, firstNameAgreement(x, y));
  return best;
}

/** Two addresses a typo apart (one letter changed, added or dropped). */
function nearlySame(x: string, y: string): boolean {
  if (Math.abs(x.length - y.length) > 1) return false;
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  const restX = x.slice(i + 1);
  const restY = y.slice(i + 1);
  return restX === restY || x.slice(i) === restY || restX === y.slice(i);
}

/**
 * A tie with another candidate is ambiguous, unless the two candidates are one person entered
 * twice (same name and email), when either will do.
 */
function isAmbiguous(chosen: Candidate, rivals: Candidate[], other: (candidate: Candidate) => Prepared, used: Set<string>): boolean {
  return rivals.some((rival) => {
    if (rival === chosen || used.has(other(rival).key)) return false;
    if (chosen.score - rival.score >= TIE_MARGIN) return false;
    return !isDuplicate(other(chosen), other(rival));
  });
}

/** One person entered twice: names that agree, and the same address or an address missing. */
function isDuplicate(a: Prepared, b: Prepared): boolean {
  const namesAgree = bestAgreement(a.firstNames, b.firstNames) >= 0.85 && a.surnames.some((surname) => b.surnames.includes(surname));
  const sameAddress = a.emails.some((email) => b.emails.includes(email));
  return namesAgree && (sameAddress || a.emails.length === 0 || b.emails.length === 0);
}

/** `fold` remembering its answers (shared: not to be changed). */
function remembered<T>(fold: (text: string) => T): (text: string) => T {
  const answers = new Map<string, T>();
  return (text) => {
    if (!answers.has(text)) answers.set(text, fold(text));
    return answers.get(text)!;
  };
}

function index(people: Prepared[], keysOf: (person: Prepared) => string[]): Map<string, Prepared[]> {
  const map = new Map<string, Prepared[]>();
  for (const person of people) for (const entry of keysOf(person)) pushTo(map, entry, person);
  return map;
}

function counts(values: string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const value of values) map.set(value, (map.get(value) ?? 0) + 1);
  return map;
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) pushTo(map, keyOf(item), item);
  return map;
}

/** Adds `item` to the list `map` keeps under `key`, starting one if need be. */
export function pushTo<K, T>(map: Map<K, T[]>, key: K, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

/** One text per record, for sets and maps. */
export function refKey(ref: SourceRef): string {
  return `${ref.source}:${ref.id}`;
}

function pairKey(a: SourceRef, b: SourceRef): string {
  return `${refKey(a)}|${refKey(b)}`;
}

/** Whether two pairs name the same two records, either way round. */
export function samePair(x: readonly [SourceRef, SourceRef], y: readonly [SourceRef, SourceRef]): boolean {
  const [a, b] = [refKey(x[0]), refKey(x[1])];
  const [c, d] = [refKey(y[0]), refKey(y[1])];
  return (a === c && b === d) || (a === d && b === c);
}

function round(value: number): number {
  return Math.round(Math.min(1, value) * 100) / 100;
}
