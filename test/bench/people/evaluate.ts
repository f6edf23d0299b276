import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { matchPeople } from '@/lib/people/match';
import { generateRoster } from './roster';

export interface MatchingResult {
  people: number;
  truePairs: number;
  links: number;
  precision: number;
  recall: number;
  ms: number;
}

/**
 * Precision: of the links made, how many are one person. Recall: of the people on both sides,
 * how many were linked. A duplicate entry linked instead of the original still counts as right.
 */
export function evaluateMatching(seed = 1): MatchingResult {
  const roster = generateRoster(seed);
  const started = performance.now();
  const links = matchPeople(roster.left, roster.right);
  const ms = performance.now() - started;
  const key = (a: { id: number }, b: { id: number }) => `${a.id}|${b.id}`;
  const truth = new Set(roster.truth.map(([a, b]) => key(a, b)));
  const peopleOnBoth = new Set(roster.truth.map(([a]) => a.id));
  const correct = links.filter((link) => truth.has(key(link.a, link.b)));
  return {
    people: roster.people,
    truePairs: peopleOnBoth.size,
    links: links.length,
    precision: links.length ? correct.length / links.length : 1,
    recall: new Set(correct.map((link) => link.a.id)).size / peopleOnBoth.size,
    ms,
  };
}

const isCli = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isCli) {
  for (let seed = 1; seed <= 5; seed++) console.log(`seed ${seed}`, evaluateMatching(seed));
}
