import type { PersonMatch, SourceRef } from '../model';
import { firstNameAgreement, nameWords, surnameKeys } from './names';

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
/** Two candidates closer than this are a tie: the record stays unlinked rather than guess. */
const TIE_MARGIN = 0.05;

interface Prepared {
  record: PersonRecord;
  firstNames: string[];
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
export function matchPeople(left: PersonRecord[], right: PersonRecord[], manual: ManualLink[] = []): Link[] {
  const leftPeople = left.map(prepare);
  const rightPeople = right.map(prepare);
  const { links, usedLeft, usedRight, forbidden } = applyManual(leftPeople, rightPeople, manual);
  const candidates = findCandidates(leftPeople, rightPeople)
    .filter(({ left: l, right: r }) => !usedLeft.has(refKey(l.record.ref)) && !usedRight.has(refKey(r.record.ref)))
    .filter(({ left: l, right: r }) => !forbidden.has(pairKey(l.record.ref, r.record.ref)))
    .filter((candidate) => candidate.score >= MATCH_THRESHOLD)
    .sort((a, b) => b.score - a.score);
  const byLeft = groupBy(candidates, (candidate) => refKey(candidate.left.record.ref));
  const byRight = groupBy(candidates, (candidate) => refKey(candidate.right.record.ref));
  for (const candidate of candidates) {
    const l = refKey(candidate.left.record.ref);
    const r = refKey(candidate.right.record.ref);
    if (usedLeft.has(l) || usedRight.has(r)) continue;
    if (isAmbiguous(candidate, byLeft.get(l)!, (c) => c.right, usedRight) || isAmbiguous(candidate, byRight.get(r)!, (c) => c.left, usedLeft)) continue;
    usedLeft.add(l);
    usedRight.add(r);
    links.push({ a: candidate.left.record.ref, b: candidate.right.record.ref, match: { by: candidate.byEmail ? 'email' : 'name', confidence: round(candidate.score) } });
  }
  return links;
}

function prepare(record: PersonRecord): Prepared {
  const words = nameWords(record.fullName ?? '');
  const given = nameWords(record.givenNames ?? '');
  const preferred = nameWords(record.preferredName ?? '');
  // Without separate fields, the first word is the first name and the last the surname.
  const firstNames = [...new Set([...given, ...preferred, ...(given.length || preferred.length ? [] : words.slice(0, 1))])];
  // Without a surname field, any run of last words may be it: "Ní Bhriain", "van der Berg".
  const surnames = record.surname !== undefined ? surnameKeys(record.surname) : words.slice(1).flatMap((_, i) => surnameKeys(words.slice(i + 1).join(' ')));
  return {
    record,
    firstNames,
    surnames: [...new Set(surnames)],
    emails: [...new Set(record.emails.map((email) => email.trim().toLowerCase()).filter((email) => email.includes('@')))],
  };
}

function applyManual(left: Prepared[], right: Prepared[], manual: ManualLink[]) {
  const leftKeys = new Set(left.map((person) => refKey(person.record.ref)));
  const rightKeys = new Set(right.map((person) => refKey(person.record.ref)));
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

/** Pairs worth scoring: a shared email or a shared surname key (no all-pairs scoring). */
function findCandidates(left: Prepared[], right: Prepared[]): Candidate[] {
  const rightByEmail = index(right, (person) => person.emails);
  const rightBySurname = index(right, (person) => person.surnames);
  const leftEmailCounts = counts(left.flatMap((person) => person.emails));
  const rightEmailCounts = counts(right.flatMap((person) => person.emails));
  const candidates: Candidate[] = [];
  for (const person of left) {
    const others = new Set([...person.emails.flatMap((email) => rightByEmail.get(email) ?? []), ...person.surnames.flatMap((surname) => rightBySurname.get(surname) ?? [])]);
    for (const other of others) {
      const shared = person.emails.filter((email) => other.emails.includes(email));
      const familyEmail = shared.length > 0 && shared.every((email) => (leftEmailCounts.get(email) ?? 0) > 1 || (rightEmailCounts.get(email) ?? 0) > 1);
      candidates.push({ left: person, right: other, byEmail: shared.length > 0 && !familyEmail, score: score(person, other, shared.length > 0, familyEmail) });
    }
  }
  return candidates;
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
  const base = familyEmail ? 0.05 + first * 0.9 : first * 0.85;
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
    if (rival === chosen || used.has(refKey(other(rival).record.ref))) return false;
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

function index(people: Prepared[], keysOf: (person: Prepared) => string[]): Map<string, Prepared[]> {
  const map = new Map<string, Prepared[]>();
  for (const person of people) for (const entry of keysOf(person)) map.set(entry, [...(map.get(entry) ?? []), person]);
  return map;
}

function counts(values: string[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const value of values) map.set(value, (map.get(value) ?? 0) + 1);
  return map;
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(keyOf(item), [...(map.get(keyOf(item)) ?? []), item]);
  return map;
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
