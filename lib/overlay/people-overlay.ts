import { h, render } from 'preact';
import type { PersonSummary, ShiftSummary } from '../model';
import { MemberBadge } from '@/components/badges/MemberBadge';
import { ShiftBadge } from '@/components/badges/ShiftBadge';
import { findSpots, type BadgeSpot, type Site } from './anchors';
import { HOST_ATTRIBUTE, mountHost } from './badge-host';
import { createCard } from './card';

export interface PeopleOverlayOptions {
  /** DOM helpers take a window so tests can pass one. */
  window: Window;
  site: Site;
  /** Asks the background; resolves with what it knows (ids it does not know are absent). */
  lookupPeople(ids: number[]): Promise<Record<number, PersonSummary>>;
  /** Three Rings rota only. */
  lookupShifts?(ids: number[]): Promise<Record<number, ShiftSummary>>;
}

/**
 * Script work done in one go before letting the page breathe. Each pause lets the page lay
 * out what was added, and on a long table that layout, not our script, is the cost: fewer,
 * larger chunks (still well under 50 ms of script) measured faster than many small ones.
 */
const CHUNK_BUDGET_MS = 30;

/**
 * Badges every person (and, on a rota, every shift) on the page, and every one the page adds
 * later: one batched question to the background per batch of new ids, answers kept for the
 * page's life, and the work cut into short chunks.
 */
export function startPeopleOverlay(options: PeopleOverlayOptions): { stop(): void } {
  const { window: win, site } = options;
  const doc = win.document;
  const people = new Map<number, PersonSummary | null>();
  const shifts = new Map<number, ShiftSummary | null>();
  const mounted = new Set<HTMLElement>();
  const card = createCard(doc);
  let pendingRoots: ParentNode[] = [doc.body];
  let scheduled = false;
  let stopped = false;

  const observer = new (win as Window & typeof globalThis).MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        if (node.nodeType === 1 && !(node as Element).hasAttribute(HOST_ATTRIBUTE) && !(node as Element).hasAttribute('data-descant-card')) pendingRoots.push(node as Element);
      }
    }
    schedule();
  });
  observer.observe(doc.body, { childList: true, subtree: true });
  schedule();

  function schedule(): void {
    if (scheduled || stopped || pendingRoots.length === 0) return;
    scheduled = true;
    win.setTimeout(() => void run(), 0);
  }

  async function run(): Promise<void> {
    const roots = pendingRoots.filter((root) => (root as Node).isConnected);
    pendingRoots = [];
    const spots = roots.flatMap((root) => findSpots(root, site, win.location));
    try {
      await Promise.all([ask(spots, 'person', people, options.lookupPeople), options.lookupShifts && ask(spots, 'shift', shifts, options.lookupShifts)]);
      await mountInChunks(spots);
    } catch (error) {
      console.warn('[Descant] could not get badge data; the page is left as it was', error);
    } finally {
      scheduled = false;
      schedule();
    }
  }

  async function ask<T>(spots: BadgeSpot[], kind: BadgeSpot['kind'], answers: Map<number, T | null>, lookup: (ids: number[]) => Promise<Record<number, T>>) {
    const ids = [...new Set(spots.filter((spot) => spot.kind === kind && !answers.has(spot.id)).map((spot) => spot.id))];
    if (ids.length === 0) return;
    const found = await lookup(ids);
    for (const id of ids) answers.set(id, found[id] ?? null);
  }

  async function mountInChunks(spots: BadgeSpot[]): Promise<void> {
    let chunkStart = win.performance.now();
    for (const spot of spots) {
      if (stopped) return;
      mountBadge(spot);
      if (win.performance.now() - chunkStart > CHUNK_BUDGET_MS) {
        await new Promise((resolve) => win.setTimeout(resolve, 0));
        chunkStart = win.performance.now();
      }
    }
  }

  function mountBadge(spot: BadgeSpot): void {
    const vnode = spot.kind === 'person' ? personBadge(people.get(spot.id)) : shiftBadge(shifts.get(spot.id));
    if (!vnode || !spot.element.isConnected) return;
    const mount = mountHost(spot.element, spot.placement);
    if (!mount) return;
    render(vnode, mount.container);
    mounted.add(mount.host);
  }

  function personBadge(person: PersonSummary | null | undefined) {
    if (!person) return null;
    return h(MemberBadge, {
      person,
      site,
      onOpen: (button) => card.open(person, button),
      onHover: (button) => card.show(person, button),
      onLeave: () => card.hideSoon(),
    });
  }

  function shiftBadge(shift: ShiftSummary | null | undefined) {
    return shift && (shift.mine || (shift.unfilledPlaces ?? 0) > 0) ? h(ShiftBadge, { shift }) : null;
  }

  return {
    stop() {
      stopped = true;
      observer.disconnect();
      for (const host of mounted) host.remove();
      mounted.clear();
      card.remove();
    },
  };
}
