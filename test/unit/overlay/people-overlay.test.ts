import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BadgeData, PersonBadgeFacts, PersonSummary, ShiftSummary } from '@/lib/model';
import { findShiftSpots, watchPersonLinks } from '@/lib/overlay/anchors';
import { startPeopleOverlay } from '@/lib/overlay/people-overlay';
import { BADGE_FONT } from '@/lib/overlay/slot-width';
import { readFileSync } from 'node:fs';

const person = (name: string, extra: Partial<PersonBadgeFacts> = {}): PersonBadgeFacts => ({ name, voicePart: 'Alto 2', membershipStatus: 'Active', onOtherSite: true, ...extra });

/*
 * Our roots are closed: the page cannot reach them, and neither can a test, except the way a
 * page script in the same world could (not so in a browser, where content scripts have a world
 * of their own): by keeping what attachShadow returns.
 */
const roots = new WeakMap<Element, ShadowRoot>();
const modes: string[] = [];
beforeEach(() => {
  const attachShadow = Element.prototype.attachShadow;
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init: ShadowRootInit) {
    const root = attachShadow.call(this, init);
    roots.set(this, root);
    modes.push(init.mode);
    return root;
  });
});
/**
 * happy-dom lays nothing out, so its IntersectionObserver never reports. This one says of every
 * target it observes whether `isNear` holds for it, a turn later as a browser would, and again
 * when a test moves the viewport (`viewportMoved`).
 */
let isNear: (target: Element) => boolean;
const observers = new Set<FakeIntersectionObserver>();
class FakeIntersectionObserver {
  readonly targets = new Set<Element>();
  constructor(private readonly callback: IntersectionObserverCallback) {
    observers.add(this);
  }
  observe(target: Element) {
    this.targets.add(target);
    setTimeout(() => this.report([target]), 0);
  }
  unobserve(target: Element) {
    this.targets.delete(target);
  }
  disconnect() {
    this.targets.clear();
  }
  report(targets: Element[]) {
    const entries = targets.filter((target) => this.targets.has(target)).map((target) => ({ target, isIntersecting: isNear(target) }));
    if (entries.length > 0) this.callback(entries as IntersectionObserverEntry[], this as unknown as IntersectionObserver);
  }
}
const viewportMoved = () => observers.forEach((observer) => observer.report([...observer.targets]));
const realIntersectionObserver = window.IntersectionObserver;
beforeEach(() => {
  isNear = () => true;
  observers.clear();
  window.IntersectionObserver = FakeIntersectionObserver as unknown as typeof IntersectionObserver;
});
afterEach(() => {
  window.IntersectionObserver = realIntersectionObserver;
});

/** A badge's root: on its host, or for a full badge on the face's host inside its slot. */
const rootOf = (host: Element | null | undefined) => (host ? (roots.get(host) ?? (host.firstElementChild ? roots.get(host.firstElementChild) : undefined)) : undefined);
/** The element of the first badge that takes focus and events: a full badge's face host, inside its slot. */
const faceHost = () => document.querySelector('[data-descant-badge] > span') as HTMLElement;
const cardDialog = () => rootOf(document.querySelector('[data-descant-card]'))?.querySelector('[role="dialog"]');

/** The rendered text of each badge (null for a slot whose face is not drawn yet). */
const badgeTexts = () => [...document.querySelectorAll('[data-descant-badge]')].map((host) => rootOf(host)?.querySelector('.badge')?.textContent ?? null);

/** An event as the member's own pointer or keys make it (happy-dom makes every event untrusted). */
function trusted<E extends Event>(event: E): E {
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
}

async function settled(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  stop = undefined;
  document.body.innerHTML = '';
});

function start(loadBadgeData: () => Promise<BadgeData>, loadCard: (id: number) => Promise<PersonSummary | null> = async () => null, draw: 'people' | 'shifts' = 'people') {
  const overlay = startPeopleOverlay({ window, site: 'threeRings', badges: { data: loadBadgeData, card: loadCard, onChange: () => () => {} }, draw });
  stop = () => overlay.stop();
  return overlay;
}

const data = (people: Record<number, PersonBadgeFacts>, shifts: Record<number, ShiftSummary> = {}) => async (): Promise<BadgeData> => ({ people, shifts });

describe('finding spots', () => {
  it('finds Three Rings people by their /directory/ID links and shifts by data-shift-id, not by look-alikes', () => {
    document.body.innerHTML = `
      <a href="/directory/12">A</a><a href="${new URL('/directory/13', document.baseURI).href}">B</a>
      <a href="/directory/14/photos/thumb.jpg">photo</a><a href="/directory/15?format=json">json</a>
      <a href="https://elsewhere.example/directory/16">other site</a><a>no address</a><div data-shift-id="900">shift</div><div data-shift-id="x">bad</div>`;
    // The page's own address stands in for https://www.3r.org.uk here.
    const spots = watchPersonLinks(document, 'threeRings', new URL(document.baseURI))();
    expect(spots.map((spot) => spot.id)).toEqual([12, 13]);
    expect(findShiftSpots(document).map((spot) => [spot.kind, spot.id, spot.placement])).toEqual([['shift', 900, 'inside']]);
  });

  it('finds HarmonySite members by dbase=members&id=N view links only', () => {
    document.body.innerHTML = `
      <a href="dbpage.php?pg=view&dbase=members&id=7">Hughes</a><a href="dbpage.php?pg=admin&dbase=members&id=8">admin</a>
      <a href="dbpage.php?pg=view&dbase=events&id=9">event</a><a href="dbpage.php?dbase=members&id=10">no pg</a>`;
    const spots = watchPersonLinks(document, 'harmonySite', new URL(document.baseURI))();
    expect(spots.map((spot) => spot.id)).toEqual([7, 10]);
  });

  it('reads only new links when they arrive at the end, and all again when the page puts one elsewhere', () => {
    document.body.innerHTML = '<p id="top"></p><a href="/directory/1">1</a>';
    const newLinks = watchPersonLinks(document, 'threeRings', new URL(document.baseURI));
    expect(newLinks().map((spot) => spot.id)).toEqual([1]);
    document.body.insertAdjacentHTML('beforeend', '<a href="/directory/2">2</a>');
    expect(newLinks().map((spot) => spot.id)).toEqual([2]);
    expect(newLinks()).toEqual([]);
    document.getElementById('top')!.insertAdjacentHTML('beforeend', '<a href="/directory/3">3</a>');
    expect(newLinks().map((spot) => spot.id)).toEqual([3, 1, 2]);
  });
});

describe('compact spots, in a day of the rota month calendar', () => {
  const calendar = `
    <div class="toplogin_row"><a href="/directory/1">Me</a></div>
    <table><tr><td id="day_2026_12_01"><ul><li><a href="/directory/2">Two</a></li></ul><div data-shift-id="900">shift</div></td>
    <td class="rota_day"><a href="/directory/3">Three</a><div data-shift-id="901">shift</div></td></tr></table>`;
  const at = (path: string) => new URL(path, document.baseURI);
  const compactOf = (spots: { id: number; compact: boolean }[]) => spots.map((spot) => [spot.id, spot.compact]);

  it('marks the spots inside a td#day_… (by its id, not its class) on a rota page, and no others', () => {
    document.body.innerHTML = calendar;
    for (const path of ['/rota', '/rota/for/2026-12-01/month']) {
      expect(compactOf(watchPersonLinks(document, 'threeRings', at(path))())).toEqual([[1, false], [2, true], [3, false]]);
    }
    expect(compactOf(findShiftSpots(document))).toEqual([[900, true], [901, false]]);
  });

  it('looks for a day cell only on the rota, only for a person\'s link: a long directory pays nothing more', () => {
    document.body.innerHTML = calendar + '<a href="/news">news</a>';
    const closest = vi.spyOn(Element.prototype, 'closest');
    expect(compactOf(watchPersonLinks(document, 'threeRings', at('/directory'))())).toEqual([[1, false], [2, false], [3, false]]);
    expect(compactOf(watchPersonLinks(document, 'threeRings', at('/rotary-club'))())).toEqual([[1, false], [2, false], [3, false]]);
    expect(closest).not.toHaveBeenCalled();
    watchPersonLinks(document, 'threeRings', at('/rota'))();
    expect(closest).toHaveBeenCalledTimes(3);
  });

  it('draws compact badges on the rota: the voice part in a line of its own, the rest in the label', async () => {
    const from = location.href;
    history.pushState(null, '', '/rota');
    try {
      document.body.innerHTML = calendar;
      const rota = data({ 1: person('Me'), 2: person('Two') }, { 900: { id: 900, mine: false, unfilledPlaces: 2 }, 901: { id: 901, mine: true } });
      const markers = startPeopleOverlay({ window, site: 'threeRings', badges: { data: rota, card: async () => null, onChange: () => () => {} }, draw: 'shifts' });
      start(rota);
      const stopPeople = stop!;
      stop = () => (stopPeople(), markers.stop());
      await settled();
      expect(badgeTexts()).toEqual(['Alto 2 · Active', 'Alto 2', '2 to fill', 'Your shift']);
      const [mine, two, shift] = [...document.querySelectorAll('[data-descant-badge]')].map((host) => rootOf(host)!);
      expect(mine!.querySelector('.compact')).toBeNull();
      expect(two!.querySelector('.compact > .badge[role="button"]')!.getAttribute('aria-label')).toBe('Two: Alto 2 · Active. Press Enter for more.');
      expect(shift!.querySelector('.compact > .badge[role="img"]')!.getAttribute('aria-label')).toBe('2 places to fill');
      // The page learns nothing new: the host is the same empty marker (a full badge's slot has its size too).
      for (const host of document.querySelectorAll('[data-descant-badge]')) expect(host.getAttributeNames().filter((name) => name !== 'style')).toEqual(['data-descant-badge']);
    } finally {
      history.pushState(null, '', from);
    }
  });
});

describe('startPeopleOverlay', () => {
  it('puts one badge after each known person, asking once, and none for unknown ones', async () => {
    document.body.innerHTML = '<a href="/directory/1">One</a> <a href="/directory/2">Two</a> <a href="/directory/1">One again</a>';
    const load = vi.fn(data({ 1: person('One') }));
    start(load);
    await settled();
    expect(load).toHaveBeenCalledOnce();
    expect(badgeTexts()).toEqual(['Alto 2 · Active', 'Alto 2 · Active']);
    expect(document.querySelectorAll('a')[1]!.nextElementSibling?.hasAttribute('data-descant-badge')).toBe(false);
  });

  it('badges a row the moment it is added, before the page gets another turn, never twice, without asking again', async () => {
    document.body.innerHTML = '<table><tbody><tr><td><a href="/directory/1">One</a></td></tr></tbody></table>';
    const load = vi.fn(data({ 1: person('P1'), 3: person('P3') }));
    start(load);
    await settled();
    const tbody = document.querySelector('tbody')!;
    tbody.insertAdjacentHTML('beforeend', '<tr><td><a href="/directory/1">One</a></td></tr><tr><td><a href="/directory/3">Three</a></td></tr>');
    await Promise.resolve(); // the observer's turn only: no timer has run
    expect(document.querySelectorAll('[data-descant-badge]')).toHaveLength(3);
    document.body.append(document.createElement('div')); // another mutation: a rescan
    await settled();
    expect(load).toHaveBeenCalledOnce();
    expect(document.querySelectorAll('[data-descant-badge]')).toHaveLength(3);
    for (const link of document.querySelectorAll('a')) expect(link.nextElementSibling?.hasAttribute('data-descant-badge')).toBe(true);
  });

  it('draws a badge\'s face only once its slot comes near the viewport, and the slot never changes size', async () => {
    document.body.innerHTML = '<a href="/directory/1">Near</a> <a href="/directory/2">Far</a>';
    const [near, far] = [...document.querySelectorAll('a')];
    isNear = (host) => host.previousElementSibling === near;
    start(data({ 1: person('One'), 2: person('Two', { voicePart: 'Soprano 1' }) }));
    await settled();
    expect(badgeTexts()).toEqual(['Alto 2 · Active', null]);
    const farSlot = far!.nextElementSibling as HTMLElement;
    const width = farSlot.style.inlineSize;
    expect(width).toMatch(/^\d+px$/);
    expect(farSlot.children).toHaveLength(0);
    isNear = () => true;
    viewportMoved();
    await settled();
    expect(badgeTexts()).toEqual(['Alto 2 · Active', 'Soprano 1 · Active']);
    expect(farSlot.style.inlineSize).toBe(width);
    expect(rootOf(farSlot)!.querySelector('.badge.fitted')).not.toBeNull();
  });

  it('measures slots in the font badges are drawn in', () => {
    const [size, ...family] = BADGE_FONT.split(' ');
    expect(readFileSync('lib/overlay/badges.css', 'utf8')).toContain(`font: ${size}/1.3 ${family.join(' ')} !important;`);
  });

  it('badges rows parsed before the data came as soon as it comes', async () => {
    let answer!: (value: BadgeData) => void;
    start(() => new Promise((resolve) => (answer = resolve)));
    document.body.innerHTML = '<a href="/directory/1">One</a>';
    await settled();
    expect(badgeTexts()).toEqual([]);
    answer({ people: { 1: person('One') }, shifts: {} });
    await settled();
    expect(badgeTexts()).toEqual(['Alto 2 · Active']);
  });

  it('redraws the badges once after the data changes, and not when it comes back the same', async () => {
    document.body.innerHTML = '<a href="/directory/1">One</a> <a href="/directory/2">Two</a>';
    let answer: BadgeData = { people: { 1: person('One') }, shifts: {} };
    const load = vi.fn(async () => answer);
    let changed!: () => void;
    const overlay = startPeopleOverlay({
      window,
      site: 'threeRings',
      badges: { data: load, card: async () => null, onChange: (callback) => ((changed = callback), () => {}) },
      draw: 'people',
    });
    stop = () => overlay.stop();
    await settled();
    expect(badgeTexts()).toEqual(['Alto 2 · Active']);
    const firstBadge = document.querySelector('[data-descant-badge]');
    changed();
    changed(); // a burst of changes: one question
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(load).toHaveBeenCalledTimes(2);
    expect(document.querySelector('[data-descant-badge]')).toBe(firstBadge); // same data: left alone
    answer = { people: { 1: person('One'), 2: person('Two') }, shifts: {} };
    changed();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(badgeTexts()).toEqual(['Alto 2 · Active', 'Alto 2 · Active']);
    expect(document.querySelector('[data-descant-badge]')).toBe(firstBadge); // only what changed is redrawn
    answer = { people: { 1: person('One', { voicePart: 'Tenor' }), 2: person('Two') }, shifts: {} };
    changed();
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(badgeTexts()).toEqual(['Tenor · Active', 'Alto 2 · Active']);
  });

  it('shows hostile names as inert text', async () => {
    document.body.innerHTML = '<a href="/directory/1">x</a>';
    const name = '<img src=x onerror=alert(1)><script>alert(2)</script>' + 'א'.repeat(300);
    start(data({ 1: person(name, { voicePart: '<b>Alto</b>', membershipStatus: undefined }) }));
    await settled();
    const root = rootOf(document.querySelector('[data-descant-badge]'))!;
    expect(root.querySelector('img, script, b')).toBeNull();
    expect(badgeTexts()).toEqual(['<b>Alto</b>']);
    expect(root.querySelector('[role="button"]')!.getAttribute('aria-label')).toContain(name);
  });

  it('keeps what a badge says out of the page: closed roots, and nothing but an empty marker in the light DOM', async () => {
    document.body.innerHTML = '<a href="/directory/1">One</a>';
    start(data({ 1: person('Maggie Hughes') }));
    await settled();
    const host = document.querySelector('[data-descant-badge]')!;
    expect(modes.every((mode) => mode === 'closed')).toBe(true);
    expect(host.shadowRoot).toBeNull();
    expect(host.getAttribute('data-descant-badge')).toBe('');
    expect(host.getAttributeNames()).toEqual(['data-descant-badge', 'style']);
    const styled = host.getAttribute('style')!.split(';').map((declaration) => declaration.split(':')[0]!.trim()).filter(Boolean);
    expect(styled).toEqual(['display', 'position', 'contain', 'block-size', 'vertical-align', 'margin', 'padding', 'border', 'inline-size']); // a box, nothing said
    expect(host.firstElementChild!.getAttributeNames()).toEqual([]);
    expect(document.body.innerHTML).not.toMatch(/Maggie|Alto|Active/);
    expect(rootOf(host)!.querySelector('[role="button"]')!.getAttribute('aria-label')).toContain('Maggie Hughes');
  });

  it('marks my shifts, places to fill and places up for swap on the rota', async () => {
    document.body.innerHTML = '<div data-shift-id="10">a</div><div data-shift-id="11">b</div><div data-shift-id="12">c</div><div data-shift-id="13">d</div>';
    start(data({}, { 10: { id: 10, mine: true }, 11: { id: 11, mine: false, unfilledPlaces: 2 }, 12: { id: 12, mine: false, unfilledPlaces: 0 }, 13: { id: 13, mine: false, upForSwap: true } }), undefined, 'shifts');
    await settled();
    expect(badgeTexts()).toEqual(['Your shift', '2 places to fill', 'up for swap']);
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

  const maggie: PersonSummary = {
    name: 'Maggie Hughes',
    email: 'mh@example.org',
    links: { harmonySite: 'https://choir.example/dbpage.php?pg=view&dbase=members&id=4' },
  };

  it('asks for the card only on a real focus, shows it, and closes it on Escape, giving focus back', async () => {
    document.body.innerHTML = '<a href="/directory/1">One</a>';
    const loadCard = vi.fn(async (id: number) => (id === 1 ? maggie : null));
    start(data({ 1: person('Maggie Hughes') }), loadCard);
    await settled();
    const badge = faceHost();
    badge.dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true }));
    badge.dispatchEvent(new MouseEvent('mouseover', { bubbles: true, composed: true }));
    await settled();
    expect(loadCard).not.toHaveBeenCalled();
    expect(cardDialog()).toBeFalsy();
    rootOf(badge)!.querySelector<HTMLElement>('[role="button"]')!.focus();
    badge.dispatchEvent(trusted(new FocusEvent('focusin', { bubbles: true, composed: true })));
    await settled();
    expect(loadCard).toHaveBeenCalledWith(1);
    expect(cardDialog()?.textContent).toContain('Maggie Hughes');
    expect(cardDialog()?.querySelector('a[href^="mailto:"]')?.textContent).toBe('mh@example.org');
    cardDialog()!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await settled();
    expect(cardDialog()).toBeFalsy();
    expect(document.activeElement).toBe(badge);
  });

  it('opens the card with a real Enter, moves focus into it, and keeps it open while focus is there', async () => {
    document.body.innerHTML = '<a href="/directory/1">One</a>';
    start(data({ 1: person('Maggie Hughes') }), async () => maggie);
    await settled();
    const badge = faceHost();
    const fake = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true });
    badge.dispatchEvent(fake);
    await settled();
    expect(fake.defaultPrevented).toBe(false);
    expect(cardDialog()).toBeFalsy();
    const enter = trusted(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
    badge.dispatchEvent(enter);
    await settled();
    expect(enter.defaultPrevented).toBe(true);
    expect(cardDialog()?.textContent).toContain('Maggie Hughes');
    expect(rootOf(document.querySelector('[data-descant-card]'))!.activeElement).toBe(cardDialog());
    // Focus went from the badge into the card: the badge's focusout must not close it.
    badge.dispatchEvent(trusted(new FocusEvent('focusout', { bubbles: true, composed: true })));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(cardDialog()).toBeTruthy();
  });

  it('does not show a card that comes after the pointer has left', async () => {
    document.body.innerHTML = '<a href="/directory/1">One</a>';
    let answer!: (person: PersonSummary) => void;
    start(data({ 1: person('Maggie Hughes') }), () => new Promise((resolve) => (answer = resolve)));
    await settled();
    const badge = faceHost();
    badge.dispatchEvent(trusted(new MouseEvent('mouseover', { bubbles: true, composed: true })));
    badge.dispatchEvent(trusted(new MouseEvent('mouseout', { bubbles: true, composed: true })));
    answer(maggie);
    await settled();
    expect(cardDialog()).toBeFalsy();
  });

  it('removes every badge and the card when stopped', async () => {
    document.body.innerHTML = '<a href="/directory/1">One</a>';
    const overlay = start(data({ 1: person('One') }));
    await settled();
    overlay.stop();
    stop = undefined;
    expect(document.querySelectorAll('[data-descant-badge], [data-descant-card]')).toHaveLength(0);
  });
});
