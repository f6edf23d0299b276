import { h, render } from 'preact';
import type { PersonSummary } from '../model';
import { PersonCard } from '@/components/badges/PersonCard';
import { createRoot } from './badge-host';

/** How long the card stays once the pointer or focus has left, so it can be reached. */
const HIDE_DELAY_MS = 300;
const CARD_WIDTH_PX = 320;

/**
 * One card per page, opened beside a badge on hover or focus (and by a click or Enter, which
 * also moves focus into it). Escape closes it and gives focus back to the badge.
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
  const hideSoon = () => {
    cancelHide();
    hideTimer = win.setTimeout(hide, HIDE_DELAY_MS);
  };

  function show(person: PersonSummary, badge: HTMLElement): void {
    cancelHide();
    openedFrom = badge;
    root ??= createRoot(doc);
    const rect = badge.getBoundingClientRect();
    const left = Math.max(4, Math.min(rect.left, win.innerWidth - CARD_WIDTH_PX - 4));
    const below = rect.bottom + 4;
    render(
      h(PersonCard, {
        person,
        position: { top: below, left },
        onClose: () => {
          hide();
          openedFrom?.focus();
        },
        onHover: cancelHide,
        onLeave: hideSoon,
      }),
      root.container,
    );
  }

  return {
    show,
    hideSoon,
    open(person: PersonSummary, badge: HTMLElement): void {
      show(person, badge);
      (root?.container.querySelector('a, [tabindex]') as HTMLElement | null)?.focus();
    },
    remove(): void {
      hide();
      root?.host.remove();
      root = undefined;
    },
  };
}
