import type { SourceRef } from '../model';
import { refKey, samePair, type ManualLink } from './match';

/** Two records the member made a decision about. */
export type RefPair = readonly [SourceRef, SourceRef];

/**
 * Records the member's decision about a pair of records, replacing any earlier one about that
 * pair; a new link also replaces the manual links either record had to the other system.
 */
export function withDecision(links: ManualLink[], x: SourceRef, y: SourceRef, linked: boolean): ManualLink[] {
  const systems = (a: SourceRef, b: SourceRef) => ordered(a, b).map((ref) => ref.source).join('|');
  const involvesEither = (entry: ManualLink) => [entry.a, entry.b].some((ref) => refKey(ref) === refKey(x) || refKey(ref) === refKey(y));
  const replaced = (entry: ManualLink) => linked && entry.linked && systems(entry.a, entry.b) === systems(x, y) && involvesEither(entry);
  return [...withoutDecisions(links, [[x, y]]).filter((entry) => !replaced(entry)), { a: x, b: y, linked }];
}

/** Records "not the same person" for several pairs at once (a person's volunteer and member, say). */
export function withUnlinks(links: ManualLink[], pairs: RefPair[]): ManualLink[] {
  return pairs.reduce((decided, [x, y]) => withDecision(decided, x, y, false), links);
}

/** Takes back the member's decisions about these pairs, leaving them to automatic matching. */
export function withoutDecisions(links: ManualLink[], pairs: RefPair[]): ManualLink[] {
  return links.filter((entry) => !pairs.some((pair) => samePair([entry.a, entry.b], pair)));
}

const SOURCE_ORDER: SourceRef['source'][] = ['threeRings', 'harmonySite', 'civiCrm'];

/** The two refs of a pair in a fixed order of systems: Three Rings, HarmonySite, CiviCRM. */
export function ordered(x: SourceRef, y: SourceRef): [SourceRef, SourceRef] {
  return SOURCE_ORDER.indexOf(x.source) <= SOURCE_ORDER.indexOf(y.source) ? [x, y] : [y, x];
}

