import { describe, expect, it } from 'vitest';
import type { Finding, FindingKind } from '@/lib/health/findings';
import { viewsOf } from '@/lib/health/view';

function finding(kind: FindingKind, name: string): Finding {
  return { kind, name, people: [{ name, records: [] }] } as Finding;
}

// In kind order, then by name, as findHealthProblems gives them.
const findings = [finding('volunteerOnly', 'Beth'), finding('volunteerOnly', 'Zach'), finding('noEmail', 'Ánna'), finding('noEmail', 'Carl'), finding('noVoicePart', 'Dora')];
const names = (page: { findings: Finding[] }) => page.findings.map((each) => each.name);

describe('views of the findings', () => {
  const views = viewsOf(findings);

  it('counts every kind, whatever the view draws', () => {
    const page = views({ kind: 'noEmail', sort: 'kind', count: 1 });
    expect(page.counts).toEqual({ volunteerOnly: 2, noEmail: 2, noVoicePart: 1 });
    expect(page.total).toBe(5);
    expect(page.matching).toBe(2);
    expect(names(page)).toEqual(['Ánna']);
  });

  it('hands over the first `count` in the chosen order, or all of them with no count', () => {
    expect(names(views({ kind: 'all', sort: 'kind', count: 2 }))).toEqual(['Beth', 'Zach']);
    expect(names(views({ kind: 'all', sort: 'name' }))).toEqual(['Ánna', 'Beth', 'Carl', 'Dora', 'Zach']);
    expect(names(views({ kind: 'all', sort: 'nameReverse', count: 3 }))).toEqual(['Zach', 'Dora', 'Carl']);
    expect(names(views({ kind: 'volunteerOnly', sort: 'nameReverse' }))).toEqual(['Zach', 'Beth']);
  });

  it('says which view it answers, and leaves the kept findings in their order', () => {
    const view = { kind: 'all', sort: 'nameReverse' } as const;
    expect(views(view).view).toBe(view);
    expect(names(views({ kind: 'all', sort: 'kind' }))).toEqual(['Beth', 'Zach', 'Ánna', 'Carl', 'Dora']);
  });

  it('has nothing to hand over for a kind not found', () => {
    expect(views({ kind: 'duplicate', sort: 'name', count: 100 })).toMatchObject({ matching: 0, findings: [] });
  });
});
