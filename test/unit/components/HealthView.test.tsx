import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { HealthView, type HealthActions, type HealthState } from '@/components/health/HealthView';
import { findHealthProblems, type Finding } from '@/lib/health/findings';
import { FINDINGS_PER_PAGE, FIRST_VIEW, viewsOf, type FindingsView } from '@/lib/health/view';
import type { FormatOptions } from '@/lib/format';
import { member, volunteer } from '../people/records';

const now = Date.parse('2026-03-10T12:00:00Z');
const read = { read: true, readAt: now - 60_000 };

function state(findings: Finding[], view: FindingsView, overrides: Partial<HealthState> = {}): HealthState {
  return { ...viewsOf(findings)(view), systems: { threeRings: read, harmonySite: read, civiCrm: read }, civiCrmNoMemberships: false, now, status: '', ...overrides };
}

function actions(): HealthActions {
  return { show: vi.fn(), link: vi.fn(), exportCsv: vi.fn(), copyTable: vi.fn(), openSettings: vi.fn() };
}

/** The page as the member sees it: each view it asks for is answered (as the background answers it) and drawn. */
function Page({ findings, given = actions(), overrides, format }: { findings: Finding[]; given?: HealthActions; overrides?: Partial<HealthState>; format?: FormatOptions }) {
  const [view, setView] = useState(FIRST_VIEW);
  const show = (next: FindingsView) => {
    given.show(next);
    setView(next);
  };
  return <HealthView state={state(findings, view, overrides)} actions={{ ...given, show }} {...(format && { format })} />;
}

const roster = findHealthProblems({
  volunteers: [volunteer(1, 'Gus', 'Hale', 'gus@home.example.org'), volunteer(2, 'Abe', 'Zane', 'abe@example.org')],
  members: [member(13, 'Gus', 'Hale', 'g.hale@work.example.org'), member(14, '<img src=x onerror=alert(1)>', 'Mallory')],
  contacts: [],
  links: [],
  shifts: null,
  now,
  harmonySiteOrigin: 'https://hs.example.org',
});

const sentences = () => screen.queryAllByRole('listitem').filter((item) => item.classList.contains('finding')).map((item) => item.querySelector('.sentence')!.textContent);

describe('the data health page', () => {
  it('counts each kind, and the filter shows one kind', () => {
    render(<Page findings={roster} />);
    expect(screen.getByRole('radio', { name: 'All findings (5)' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: 'Volunteers who are not members (2)' })).toBeTruthy();
    expect((screen.getByRole('radio', { name: 'Entered twice (0)' }) as HTMLInputElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('radio', { name: 'No email (1)' }));
    expect(sentences()).toEqual(['<img src=x onerror=alert(1)> Mallory has no email address in any system.']);
  });

  it('sorts by name either way', () => {
    render(<Page findings={roster} />);
    const firstWords = () => sentences().map((sentence) => sentence!.split(' ')[0]);
    expect(firstWords()).toEqual(['Abe', 'Gus', '<img', 'Gus', '<img']);
    fireEvent.change(screen.getByLabelText('Sort'), { target: { value: 'name' } });
    expect(firstWords()).toEqual(['<img', '<img', 'Abe', 'Gus', 'Gus']);
    fireEvent.change(screen.getByLabelText('Sort'), { target: { value: 'nameReverse' } });
    expect(firstWords()).toEqual(['Gus', 'Gus', 'Abe', '<img', '<img']);
  });

  it('draws a hostile name as text, never as markup', () => {
    const { container } = render(<Page findings={roster} />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getAllByText(/<img src=x onerror=alert\(1\)> Mallory/).length).toBeGreaterThan(0);
  });

  it('offers "Link them" for probably the same person, and links the two records', () => {
    const given = actions();
    render(<Page findings={roster} given={given} />);
    const [first] = screen.getAllByRole('button', { name: 'Link them: Gus Hale and Gus Hale (HarmonySite) are one person' });
    fireEvent.click(first!);
    expect(given.link).toHaveBeenCalledWith({ source: 'threeRings', id: 1 }, { source: 'harmonySite', id: 13 }, ['Gus Hale', 'Gus Hale']);
  });

  it('links to each record on its own site', () => {
    render(<Page findings={roster} />);
    const links = screen.getAllByRole('link', { name: 'Abe Zane on Three Rings' });
    expect(links[0]!.getAttribute('href')).toBe('https://www.3r.org.uk/directory/2');
    expect(links[0]!.getAttribute('rel')).toBe('noreferrer');
  });

  it('asks for the first page again of each kind or order chosen, and exports and copies from there', () => {
    const given = actions();
    render(<Page findings={roster} given={given} />);
    fireEvent.click(screen.getByRole('radio', { name: 'Members who are not volunteers (2)' }));
    fireEvent.change(screen.getByLabelText('Sort'), { target: { value: 'nameReverse' } });
    expect(vi.mocked(given.show).mock.calls).toEqual([[{ kind: 'memberOnly', sort: 'kind', count: FINDINGS_PER_PAGE }], [{ kind: 'memberOnly', sort: 'nameReverse', count: FINDINGS_PER_PAGE }]]);
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    fireEvent.click(screen.getByRole('button', { name: 'Copy as table' }));
    expect(given.exportCsv).toHaveBeenCalledOnce();
    expect(given.copyTable).toHaveBeenCalledOnce();
  });

  it('cannot export or copy a kind with nothing in it', () => {
    render(<HealthView state={state(roster, { kind: 'duplicate', sort: 'kind', count: FINDINGS_PER_PAGE })} actions={actions()} />);
    expect(screen.getByText('Nothing of this kind.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Export CSV' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Copy as table' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('draws a page of findings at a time', () => {
    const many = Array.from({ length: FINDINGS_PER_PAGE + 5 }, (_, index): Finding => ({ kind: 'noEmail', name: `Person ${String(index).padStart(3, '0')}`, people: [{ name: `Person ${index}`, records: [{ ref: { source: 'harmonySite', id: index + 1 }, name: `Person ${index}` }] }] }));
    const given = actions();
    render(<Page findings={many} given={given} />);
    expect(sentences()).toHaveLength(FINDINGS_PER_PAGE);
    expect(screen.getByText(`Showing ${FINDINGS_PER_PAGE} of ${FINDINGS_PER_PAGE + 5}.`)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Show 5 more' }));
    expect(given.show).toHaveBeenCalledWith({ kind: 'all', sort: 'kind', count: 2 * FINDINGS_PER_PAGE });
    expect(sentences()).toHaveLength(FINDINGS_PER_PAGE + 5);
  });

  it('says what each system that is not set up would add, with the way to Settings', () => {
    const given = actions();
    render(<Page findings={[]} overrides={{ systems: { threeRings: read, harmonySite: { read: false }, civiCrm: { read: false } } }} given={given} />);
    const section = screen.getByRole('region', { name: 'What more Descant could check' });
    expect(within(section).getByText(/^HarmonySite: add the choir's HarmonySite in Settings/)).toBeTruthy();
    expect(within(section).getByText(/^CiviCRM: add the choir's CiviCRM in Settings/)).toBeTruthy();
    expect(within(section).queryByText(/^Three Rings:/)).toBeNull();
    fireEvent.click(within(section).getByRole('button', { name: 'Open Settings' }));
    expect(given.openSettings).toHaveBeenCalled();
    expect(screen.getByText('No disagreements found: the systems agree about everyone Descant can see.')).toBeTruthy();
  });

  it('says nothing agrees or disagrees while no system is read at all', () => {
    render(<Page findings={[]} overrides={{ systems: { threeRings: { read: false }, harmonySite: { read: false }, civiCrm: { read: false } } }} />);
    expect(screen.queryByText(/No disagreements found/)).toBeNull();
    expect(screen.getByText(/^Three Rings: sign in to Three Rings/)).toBeTruthy();
  });

  it("shows a system's problem in one sentence, and when each was read", () => {
    render(<Page findings={roster} overrides={{ systems: { threeRings: read, harmonySite: { ...read, problem: { kind: 'signed-out', service: 'harmonySite' }, url: 'https://hs.example.org' }, civiCrm: { read: false } } }} format={{ locale: 'en-GB' }} />);
    expect(screen.getByRole('alert').getAttribute('data-service')).toBe('harmonySite');
    expect(screen.getByText('Three Rings read 1 minute ago · HarmonySite read 1 minute ago')).toBeTruthy();
  });

  it('says when CiviCRM memberships cannot be read', () => {
    render(<Page findings={roster} overrides={{ civiCrmNoMemberships: true }} />);
    expect(screen.getByText(/^Your CiviCRM sign-in may not read memberships/)).toBeTruthy();
  });
});
