import { FINDING_KINDS, byName, type Finding, type FindingKind } from './findings';

export const FINDING_SORTS = ['kind', 'name', 'nameReverse'] as const;
export type FindingSort = (typeof FINDING_SORTS)[number];

/** Findings are drawn a page at a time: a large choir has thousands, and the first page is what is read. */
export const FINDINGS_PER_PAGE = 100;

/** Which findings the data health page shows, in what order, and how many of them it draws. */
export interface FindingsView {
  kind: FindingKind | 'all';
  sort: FindingSort;
  /** How many to hand over, from the first; all of them when absent (to export or copy). */
  count?: number;
}

export const FIRST_VIEW: FindingsView = { kind: 'all', sort: 'kind', count: FINDINGS_PER_PAGE };

/** One view of the findings: the counts, and the findings it draws. */
export interface FindingsPage {
  view: FindingsView;
  counts: Partial<Record<FindingKind, number>>;
  total: number;
  /** How many findings the view's kind has, drawn or not. */
  matching: number;
  findings: Finding[];
}

export const FINDING_KIND_CHOICES = ['all', ...FINDING_KINDS] as const;

/**
 * Answers views of one set of findings (in kind order, as findHealthProblems gives them). The
 * counts and the order by name are worked out once: the background keeps the set, and the
 * page asks for a view on each choice the member makes.
 */
export function viewsOf(findings: Finding[]): (view: FindingsView) => FindingsPage {
  const counts: FindingsPage['counts'] = {};
  for (const { kind } of findings) counts[kind] = (counts[kind] ?? 0) + 1;
  let byNames: Finding[] | undefined;
  return (view) => {
    const ordered = view.sort === 'kind' ? findings : (byNames ??= [...findings].sort(byName));
    const matching = view.kind === 'all' ? ordered : ordered.filter((finding) => finding.kind === view.kind);
    const inOrder = view.sort === 'nameReverse' ? [...matching].reverse() : matching;
    return { view, counts, total: findings.length, matching: matching.length, findings: view.count === undefined ? inOrder : inOrder.slice(0, view.count) };
  };
}
