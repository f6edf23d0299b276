import type { BadgeData, PersonSummary } from '../model';
import type { BadgeSource } from '../page-features/define';
import { memberBadge, shiftBadge, type BadgeForm } from '@/components/badges/badges';
import { findHeadingSpot, findShiftSpots, watchPersonLinks, type BadgeSpot, type Site } from './anchors';
import { CARD_ATTRIBUTE, HOST_ATTRIBUTE, mountHost } from './badge-host';
import { createCard } from './card';

export interface PeopleOverlayOptions {
  /** DOM helpers take a window so tests can pass one. */
  window: Window;
  site: Site;
  /** The background's answers: the page's badge data, and one person's card when it is opened. */
  badges: BadgeSource;
  /** The badges by people's names (with their cards), or the markers on rota shifts (Three Rings). */
  draw: 'people' | 'shifts';
}

/** Changes come in bursts (one refresh writes several caches): the badges are redrawn once after. */
const REDRAW_DELAY_MS = 500;

/**
 * Script work done in one go before letting the page breathe, when many badges wait at once
 * (a long page's rows, rows a page script added in bulk, a page parsed before our data came):
 * under the 50 ms that makes a task long, and enough to keep up with the parser, for slots put
 * in while the page is laid out anyway cost less than those put in after.
 */
const MOUNT_BUDGET_MS = 25;

/** The same for faces come near the viewport: each is little work, and scrolling should stay smooth. */
const FILL_BUDGET_MS = 10;

/**
 * How far beyond the viewport a badge's face is drawn: two screens above and below, so that
 * scrolling, even quickly or by the keyboard, meets faces already drawn.
 */
const NEAR_VIEWPORT = '200% 0px';

/**
 * Badges every person (or every rota shift worth it) on the page, and every one the page adds
 * later. Started as the page starts loading: the data is asked for at once, and rows get their
 * badges as the parser adds them. `stop` removes every badge it drew.
 */
export function startPeopleOverlay(options: PeopleOverlayOptions): { stop(): void } {
  const { window: win, site, badges, draw } = options;
  const doc = win.document;
  const card = createCard(doc);
  /** Every spot found on the page, badged or not, so that new data needs no new search. */
  const known = new Map<Element, BadgeSpot>();
  /** The badge each spot has, with what it says, so that new data redraws only what changed. */
  const drawn = new Map<Element, { host: HTMLElement; says: string }>();
  /** Slots whose face is still to be drawn, until they come near the viewport. */
  const unfilled = new Map<Element, () => void>();
  let toFill: (() => void)[] = [];
  let fillScheduled = false;
  let data: BadgeData | undefined;
  /** Cards asked for on this page, until the data changes. */
  let cards = new Map<number, Promise<PersonSummary | null>>();
  /** Counts every show and hide, so a card that comes after the member moved on is not shown. */
  let cardTurn = 0;
  let queue: BadgeSpot[] = [];
  let drainScheduled = false;
  let stopped = false;

  const newPersonLinks = draw === 'people' ? watchPersonLinks(doc, site, win.location) : () => [];
  let parsed = doc.readyState !== 'loading';
  const nearViewport = new (win as Window & typeof globalThis).IntersectionObserver(fillNear, { rootMargin: NEAR_VIEWPORT });

  /** Queues the spots that have appeared since the last look (or 'all'), and badges them if it can. */
  function look(all?: 'all'): void {
    const found = newPersonLinks(all);
    if (parsed && draw === 'shifts') found.push(...findShiftSpots(doc));
    const heading = parsed && draw === 'people' && findHeadingSpot(doc, site, win.location);
    if (heading) found.push(heading);
    for (const spot of found) known.set(spot.element, spot);
    queue.push(...found);
    if (!drainScheduled) drain();
  }

  /*
   * While the page is parsed, look once per frame, just before the browser lays out what the
   * parser has added: a long table is then laid out once per frame with its badges, not again
   * for them. No mutation observer then: one would be told of every node the parser adds, and
   * on a long page the records alone slow the parser. Rota shifts (few, on short pages) and a
   * person's own page heading are looked for once parsing is done.
   */
  const followParsing = () => {
    if (stopped || parsed) return;
    look();
    win.requestAnimationFrame(followParsing);
  };
  // After parsing, the page's own changes (paging, filters, navigation without reload).
  const observer = new (win as Window & typeof globalThis).MutationObserver((mutations) => {
    if (!mutations.every(onlyOurs)) look();
  });
  followParsing();
  whenParsed(doc, () => {
    parsed = true;
    observer.observe(doc, { childList: true, subtree: true });
    look();
  });

  const hideCard = () => {
    cardTurn++;
    card.hideSoon();
  };
  const closeCard = () => {
    cardTurn++;
    card.close();
  };
  const listeners: [string, (event: Event) => void][] = [
    ['mouseover', (event) => withPerson(event, (id, host) => void showCard(id, host, 'show'))],
    ['focusin', (event) => withPerson(event, (id, host) => card.givingFocusBack() || void showCard(id, host, 'show'))],
    ['mouseout', (event) => withPerson(event, hideCard)],
    ['focusout', (event) => withPerson(event, hideCard)],
    ['click', (event) => withPerson(event, (id, host) => void showCard(id, host, 'open'))],
    [
      'keydown',
      (event) => {
        const key = (event as KeyboardEvent).key;
        if (key === 'Escape') return withPerson(event, closeCard);
        if (key !== 'Enter' && key !== ' ') return;
        withPerson(event, (id, host) => {
          event.preventDefault(); // a space would otherwise scroll the page
          void showCard(id, host, 'open');
        });
      },
    ],
  ];
  // One set for the page, caught on the way down so the page cannot stop them reaching us.
  // Rota markers open no card: they need none.
  const cardListeners = draw === 'people' ? listeners : [];
  for (const [type, listener] of cardListeners) doc.addEventListener(type, listener, true);

  /** Shows (or opens, moving focus in) a person's card once its details have come. */
  async function showCard(id: number, host: HTMLElement, how: 'show' | 'open'): Promise<void> {
    const turn = ++cardTurn;
    let person: PersonSummary | null;
    try {
      person = await cardOf(id);
    } catch (error) {
      console.warn('[Descant] could not get the card; the badge stays as it is', error);
      return;
    }
    if (!person || turn !== cardTurn || stopped) return;
    if (how === 'open') card.open(person, host);
    else card.show(person, host);
  }

  function cardOf(id: number): Promise<PersonSummary | null> {
    let answer = cards.get(id);
    if (!answer) {
      answer = badges.card(id);
      cards.set(id, answer);
      answer.catch(() => cards.delete(id));
    }
    return answer;
  }

  badges.data().then(
    (answer) => {
      data = answer;
      if (!drainScheduled) drain();
    },
    (error: unknown) => {
      console.warn('[Descant] could not get badge data; the page is left as it was', error);
      stop();
    },
  );

  // A page opened before the data was first fetched, or kept open across a refresh, catches up.
  let redrawTimer: number | undefined;
  const stopWatching = badges.onChange(() => {
    win.clearTimeout(redrawTimer);
    redrawTimer = win.setTimeout(() => void redraw(), REDRAW_DELAY_MS);
  });

  async function redraw(): Promise<void> {
    let answer: BadgeData;
    try {
      answer = await badges.data();
    } catch (error) {
      console.warn('[Descant] could not get new badge data; the badges stay as they were', error);
      return;
    }
    if (stopped) return;
    // Each spot is redrawn only if what its badge says changed: the same data changes nothing.
    data = answer;
    cards = new Map();
    queue = [...known.values()];
    if (!drainScheduled) drain();
  }

  /** Mounts what is queued, as much as fits in one chunk, and comes back for the rest. */
  function drain(): void {
    drainScheduled = false;
    if (!data || stopped) return;
    const chunkStart = win.performance.now();
    while (queue.length > 0) {
      const spots = queue;
      queue = [];
      for (let index = 0; index < spots.length; index++) {
        mountBadge(spots[index]!);
        if (win.performance.now() - chunkStart > MOUNT_BUDGET_MS) {
          queue = [...spots.slice(index + 1), ...queue];
          drainScheduled = true;
          win.setTimeout(drain, 0);
          return;
        }
      }
    }
  }

  /** Gives a spot the badge the data says, unless it has it already. */
  function mountBadge(spot: BadgeSpot): void {
    if (!spot.element.isConnected) {
      known.delete(spot.element);
      removeBadge(spot.element);
      return;
    }
    const badge = spot.kind === 'shift' ? data!.shifts[spot.id] && shiftBadge(data!.shifts[spot.id]!, formOf(spot)) : personBadge(spot);
    const says = badge ? `${badge.tone}\n${badge.text}\n${badge.label ?? ''}` : '';
    if ((drawn.get(spot.element)?.says ?? '') === says) return;
    removeBadge(spot.element);
    const mountedBadge = badge && mountHost(spot.element, spot.placement, badge);
    if (!mountedBadge) return;
    const { host, fill } = mountedBadge;
    drawn.set(spot.element, { host, says });
    // The card follows the face's host, which takes focus: on a compact badge, the host itself.
    const drawFace = () => {
      const faceHost = fill();
      if (spot.kind === 'person') (faceHost as PersonBadgeHost)[PERSON] = spot.id;
    };
    if (badge.compact) return drawFace();
    unfilled.set(host, drawFace);
    nearViewport.observe(host);
  }

  function removeBadge(spot: Element): void {
    const badge = drawn.get(spot);
    if (!badge) return;
    drawn.delete(spot);
    unfilled.delete(badge.host);
    nearViewport.unobserve(badge.host);
    badge.host.remove();
  }

  function personBadge(spot: BadgeSpot) {
    const person = data!.people[spot.id];
    return person && memberBadge(person, site, { form: formOf(spot) });
  }

  /** Draws the faces of slots come near the viewport, a chunk at a time. */
  function fillNear(entries: IntersectionObserverEntry[]): void {
    for (const entry of entries) {
      const fill = entry.isIntersecting && unfilled.get(entry.target);
      if (!fill) continue;
      unfilled.delete(entry.target);
      nearViewport.unobserve(entry.target);
      toFill.push(fill);
    }
    if (!fillScheduled) fillSome();
  }

  function fillSome(): void {
    fillScheduled = false;
    if (stopped) return;
    const chunkStart = win.performance.now();
    const fills = toFill;
    toFill = [];
    for (let index = 0; index < fills.length; index++) {
      fills[index]!();
      if (index + 1 < fills.length && win.performance.now() - chunkStart > FILL_BUDGET_MS) {
        toFill = [...fills.slice(index + 1), ...toFill];
        fillScheduled = true;
        win.setTimeout(fillSome, 0);
        return;
      }
    }
  }

  /**
   * The person badge a real event came from, if any. Events the page makes up
   * (`isTrusted` false) never open a card: only the member's own pointer and keys do.
   */
  function withPerson(event: Event, act: (id: number, host: HTMLElement) => void): void {
    if (!event.isTrusted) return;
    const host = event.composedPath().find((target): target is PersonBadgeHost => (target as PersonBadgeHost)[PERSON] !== undefined);
    if (!host) return;
    // Moving the pointer within one badge is not leaving or entering it (inside, it is the host).
    const related = (event as MouseEvent | FocusEvent).relatedTarget;
    if ((event.type === 'mouseout' || event.type === 'mouseover') && related === host) return;
    act(host[PERSON], host);
  }

  function stop(): void {
    if (stopped) return;
    stopped = true;
    observer.disconnect();
    for (const [type, listener] of cardListeners) doc.removeEventListener(type, listener, true);
    stopWatching();
    win.clearTimeout(redrawTimer);
    removeBadges();
    card.remove();
  }

  function removeBadges(): void {
    nearViewport.disconnect();
    unfilled.clear();
    toFill = [];
    for (const { host } of drawn.values()) host.remove();
    drawn.clear();
  }

  return { stop };
}

/**
 * Whose badge a host is (their id on the site), kept on it where only our content script sees
 * it (page scripts see the element, not our properties): a WeakMap of a thousand hosts
 * measurably slowed the page's garbage collection.
 */
const PERSON = Symbol('descant person');
type PersonBadgeHost = HTMLElement & { [PERSON]: number };

const formOf = (spot: BadgeSpot): BadgeForm => (spot.compact ? 'compact' : 'full');

/** Our own badges and card going in or out, or a face put in its slot: nothing new to look for. */
function onlyOurs(mutation: MutationRecord): boolean {
  if ((mutation.target as Element).hasAttribute?.(HOST_ATTRIBUTE)) return true;
  const ours = (node: Node) => node.nodeType === 1 && ((node as Element).hasAttribute(HOST_ATTRIBUTE) || (node as Element).hasAttribute(CARD_ATTRIBUTE));
  return [...mutation.addedNodes].every(ours) && [...mutation.removedNodes].every(ours);
}

function whenParsed(doc: Document, then: () => void): void {
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', then, { once: true });
  else then();
}
