import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PersonSummary, ShiftSummary } from '@/lib/model';
import { findSpots } from '@/lib/overlay/anchors';
import { startPeopleOverlay } from '@/lib/overlay/people-overlay';

const person = (name: string, extra: Partial<PersonSummary> = {}): PersonSummary => ({ name, voicePart: 'Alto 2', membershipStatus: 'Active', links: {}, ...extra });

/** The rendered text of each badge, without our stylesheet if it sits in the root as <style>. */
const badgeTexts = () =>
  [...document.querySelectorAll('[data-descant-badge]')].map((host) =>
    [...host.shadowRoot!.children].filter((child) => child.localName !== 'style').map((child) => child.textContent).join(''),
  );

async function settled(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  stop = undefined;
  document.body.innerHTML = '';
});

function start(lookupPeople: (ids: number[]) => Promise<Record<number, PersonSummary>>, lookupShifts?: (ids: number[]) => Promise<Record<number, ShiftSummary>>) {
  const overlay = startPeopleOverlay({ window, site: 'threeRings', lookupPeople, ...(lookupShifts && { lookupShifts }) });
  stop = () => overlay.stop();
  return overlay;
}

describe('findSpots', () => {
  it('finds Three Rings people by their /directory/ID links and shifts by data-shift-id, not by look-alikes', () => {
    document.body.innerHTML = `
      <a href="/directory/12">A</a><a href="${new URL('/directory/13', document.baseURI).href}">B</a>
      <a href="/directory/14/photos/thumb.jpg">photo</a><a href="/directory/15?format=json">json</a>
      <a href="https://elsewhere.example/directory/16">other site</a><div data-shift-id="900">shift</div>`;
    // The page's own address stands in for https://www.3r.org.uk here.
    const location = new URL('/rota', document.baseURI) as unknown as Location;
    expect(findSpots(document.body, 'threeRings', location).map((spot) => [spot.kind, spot.id])).toEqual([
      ['person', 12],
      ['person', 13],
      ['shift', 900],
    ]);
  });

  it('finds HarmonySite members by dbase=members&id=N view links only', () => {
    document.body.innerHTML = `
      <a href="dbpage.php?pg=view&dbase=members&id=7">Hughes</a><a href="dbpage.php?pg=admin&dbase=members&id=8">admin</a>
      <a href="dbpage.php?pg=view&dbase=events&id=9">event</a>`;
    const location = new URL('/dbpage.php?pg=events', document.baseURI) as unknown as Location;
    expect(findSpots(document.body, 'harmonySite', location).map((spot) => spot.id)).toEqual([7]);
  });
});

describe('startPeopleOverlay', () => {
  it('puts one badge after each known person, asking once for all of them, and none for unknown ones', async () => {
    document.body.innerHTML = '<a href="/directory/1">One</a> <a href="/directory/2">Two</a> <a href="/directory/1">One again</a>';
    const lookup = vi.fn(async () => ({ 1: person('One') }));
    start(lookup);
    await settled();
    expect(lookup).toHaveBeenCalledOnce();
    expect(lookup).toHaveBeenCalledWith([1, 2]);
    expect(badgeTexts()).toEqual(['Alto 2 · Active', 'Alto 2 · Active']);
  });

  it('badges rows added later with one more question, never twice, and never re-asks known ids', async () => {
    document.body.innerHTML = '<table><tbody><tr><td><a href="/directory/1">One</a></td></tr></tbody></table>';
    const lookup = vi.fn(async (ids: number[]) => Object.fromEntries(ids.map((id) => [id, person(`P${id}`)])));
    start(lookup);
    await settled();
    const tbody = document.querySelector('tbody')!;
    tbody.insertAdjacentHTML('beforeend', '<tr><td><a href="/directory/1">One</a></td></tr><tr><td><a href="/directory/3">Three</a></td></tr>');
    await settled();
    document.body.append(document.createElement('div')); // another mutation: a rescan
    await settled();
    expect(lookup.mock.calls).toEqual([[[1]], [[3]]]);
    expect(document.querySelectorAll('[data-descant-badge]')).toHaveLength(3);
    for (const link of document.querySelectorAll('a')) expect(link.nextElementSibling?.hasAttribute('data-descant-badge')).toBe(true);
  });

  it('shows hostile names as inert text', async () => {
    document.body.innerHTML = '<a href="/directory/1">x</a>';
    const name = '<img src=x onerror=alert(1)><script>alert(2)</script>' + 'א'.repeat(300);
    start(async () => ({ 1: person(name, { voicePart: '<b>Alto</b>', membershipStatus: undefined }) }));
    await settled();
    const root = document.querySelector('[data-descant-badge]')!.shadowRoot!;
    expect(root.querySelector('img, script, b')).toBeNull();
    expect(badgeTexts()).toEqual(['<b>Alto</b>']);
    expect(root.querySelector('button')!.getAttribute('aria-label')).toContain(name);
  });

  it('marks my shifts and places to fill on the rota', async () => {
    document.body.innerHTML = '<div data-shift-id="10">a</div><div data-shift-id="11">b</div><div data-shift-id="12">c</div>';
    start(
      async () => ({}),
      async () => ({ 10: { id: 10, mine: true }, 11: { id: 11, mine: false, unfilledPlaces: 2 }, 12: { id: 12, mine: false, unfilledPlaces: 0 } }),
    );
    await settled();
    expect(badgeTexts()).toEqual(['Your shift', '2 places to fill']);
  });

  it('leaves the page as it was when the background cannot answer', async () => {
    document.body.innerHTML = '<a href="/directory/1">One</a>';
    const before = document.body.innerHTML;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    start(async () => Promise.reject(new Error('Extension context invalidated.')));
    await settled();
    expect(document.body.innerHTML).toBe(before);
    expect(warn).toHaveBeenCalledOnce();
  });

  it('opens a card on focus that closes on Escape, giving focus back', async () => {
    document.body.innerHTML = '<a href="/directory/1">One</a>';
    start(async () => ({ 1: person('Maggie Hughes', { email: 'mh@example.org', links: { harmonySite: 'https://choir.example/dbpage.php?pg=view&dbase=members&id=4' } }) }));
    await settled();
    const button = document.querySelector('[data-descant-badge]')!.shadowRoot!.querySelector('button')!;
    button.focus();
    button.dispatchEvent(new FocusEvent('focus'));
    await settled();
    const card = () => document.querySelector('[data-descant-card]')?.shadowRoot?.querySelector('[role="dialog"]');
    expect(card()?.textContent).toContain('Maggie Hughes');
    expect(card()?.querySelector('a[href^="mailto:"]')?.textContent).toBe('mh@example.org');
    card()!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await settled();
    expect(card()).toBeFalsy();
  });

  it('removes every badge and the card when stopped', async () => {
    document.body.innerHTML = '<a href="/directory/1">One</a>';
    const overlay = start(async () => ({ 1: person('One') }));
    await settled();
    overlay.stop();
    stop = undefined;
    expect(document.querySelectorAll('[data-descant-badge], [data-descant-card]')).toHaveLength(0);
  });
});
