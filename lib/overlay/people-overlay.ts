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
 * (rows a page script added in bulk, or a page parsed before our data came). Each pause lets
 * the page lay out what was added; on a long table that layout, not our script, is the cost.
 */
const CHUNK_BUDGET_MS = 30;

/**
 * Badges every person (or every rota shift worth it) on the page, and every one the page adds
 * later. Started as the page starts loading: the data is asked for at once, and rows get their
 * badges as the parser adds them. `stop` removes every badge it drew.
 */
export function startPeopleOverlay(options: PeopleOverlayOptions): { stop(): void } {
  const { window: win, site, badges, draw } = options;
  const doc = win.document;
  const card = createCard(doc);
  const mounted = new Set<HTMLElement>();
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

  /** Queues the spots that have appeared since the last look (or 'all'), and badges them if it can. */
  function look(all?: 'all'): void {
    queue.push(...newPersonLinks(all));
    if (parsed && draw === 'shifts') queue.push(...findShiftSpots(doc));
    const heading = parsed && draw === 'people' && findHeadingSpot(doc, site, win.location);
    if (heading) queue.push(heading);
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
    if (stopped || JSON.stringify(answer) === JSON.stringify(data)) return;
    data = answer;
    cards = new Map();
    removeBadges();
    queue = [];
    look('all');
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
        if (win.performance.now() - chunkStart > CHUNK_BUDGET_MS) {
          queue = [...spots.slice(index + 1), ...queue];
          drainScheduled = true;
          win.setTimeout(drain, 0);
          return;
        }
      }
    }
  }

  function mountBadge(spot: BadgeSpot): void {
    if (!spot.element.isConnected) return;
    if (spot.kind === 'shift') {
      const badge = data!.shifts[spot.id] && shiftBadge(data!.shifts[spot.id]!, formOf(spot));
      const host = badge && mountHost(spot.element, spot.placement, badge);
      if (host) mounted.add(host);
      return;
    }
    const person = data!.people[spot.id];
    const badge = person && memberBadge(person, site, { form: formOf(spot) });
    const host = badge && mountHost(spot.element, spot.placement, badge);
    if (!host) return;
    mounted.add(host);
    (host as PersonBadgeHost)[PERSON] = spot.id;
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
    for (const host of mounted) host.remove();
    mounted.clear();
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

/** Our own badges and card going in or out: nothing new to look for. */
function onlyOurs(mutation: MutationRecord): boolean {
  const ours = (node: Node) => node.nodeType === 1 && ((node as Element).hasAttribute(HOST_ATTRIBUTE) || (node as Element).hasAttribute(CARD_ATTRIBUTE));
  return [...mutation.addedNodes].every(ours) && [...mutation.removedNodes].every(ours);
}

function whenParsed(doc: Document, then: () => void): void {
  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', then, { once: true });
  else then();
}
