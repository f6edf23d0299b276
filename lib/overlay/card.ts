import { h, render } from 'preact';
import type { PersonSummary } from '../model';
import { PersonCard } from '@/components/badges/PersonCard';
import { createRoot } from './badge-host';

/** How long the card stays once the pointer or focus has left, so it can be reached. */
const HIDE_DELAY_MS = 300;
const CARD_WIDTH_PX = 320;

/**
 * One card per page, beside a badge, in a closed shadow root. Hover or focus shows it; a click
 * or Enter also moves focus into it, and it stays while the pointer or focus is in it. Escape
 * closes it and gives focus back to the badge.
 */
export function createCard(doc: Document) {
  const win = doc.defaultView!;
  let root: ReturnType<typeof createRoot> | undefined;
  let hideTimer: number | undefined;
  let openedFrom: HTMLElement | undefined;

  const cancelHide = () => win.clearTimeout(hideTimer);
  const hide = () => {
    cancelHide();
    if (root) render(null, root.container);
  };
  /** Unless focus is in the card by then: the member is reading it from the keyboard. */
  const hideSoon = () => {
    cancelHide();
    hideTimer = win.setTimeout(() => root?.root.activeElement || hide(), HIDE_DELAY_MS);
  };
  /** While focus goes back to the badge on Escape: that focus must not show the card again. */
  let givingFocusBack = false;
  const close = () => {
    hide();
    givingFocusBack = true;
    try {
      openedFrom?.focus();
    } finally {
      givingFocusBack = false;
    }
  };

  function show(person: PersonSummary, badge: HTMLElement): void {
    cancelHide();
    openedFrom = badge;
    root ??= createRoot(doc);
    const rect = badge.getBoundingClientRect();
    const left = Math.max(4, Math.min(rect.left, win.innerWidth - CARD_WIDTH_PX - 4));
    const below = rect.bottom + 4;
    const container = root.container;
    render(
      h(PersonCard, {
        person,
        position: { top: below, left },
        onClose: close,
        onEnter: cancelHide,
        onLeave: (to) => {
          if (!to || !container.contains(to)) hideSoon();
        },
      }),
      container,
    );
  }

  return {
    show,
    hideSoon,
    /** Closes at once, when the member pressed Escape on the badge. */
    close,
    givingFocusBack: () => givingFocusBack,
    open(person: PersonSummary, badge: HTMLElement): void {
      show(person, badge);
      root?.container.querySelector<HTMLElement>('[role="dialog"]')?.focus();
    },
    remove(): void {
      hide();
      root?.host.remove();
      root = undefined;
    },
  };
}
