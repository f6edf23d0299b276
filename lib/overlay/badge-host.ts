import type { Badge } from '@/components/badges/badges';
import badgeStyles from './badges.css?inline';
import { slotWidth } from './slot-width';

/**
 * Marks our hosts, for our own observer and the site's stylesheets: always empty, so a page
 * learns that a link has a badge (which it can see anyway), never what the badge says. A slot's
 * host has its box in its style too, which the page could measure anyway.
 */
export const HOST_ATTRIBUTE = 'data-descant-badge';
export const CARD_ATTRIBUTE = 'data-descant-card';

/** One stylesheet shared by every badge of a document, where the browser lets us share it. */
const sharedSheets = new WeakMap<Document, CSSStyleSheet | null>();
const adoptionWorks = new WeakSet<Document>();

/** A badge on the page: its host, and how to draw its face if only its slot is there yet. */
export interface MountedBadge {
  host: HTMLElement;
  /**
   * Draws what the badge says into its slot, once, and returns the face's host: the element
   * that takes focus. A compact badge is drawn at once: its host is the one.
   */
  fill(): HTMLElement;
}

/**
 * Puts a badge next to its spot. Everything it says is inside a closed shadow root: the site's
 * CSS cannot reach it, ours cannot leak out (`:host { all: initial }`), and the page's scripts
 * cannot read it. A badge that opens a card is a button inside the root, named there for screen
 * readers; the host passes focus to it. Returns undefined when the spot already has its badge.
 *
 * A full badge is first an empty slot of a fixed size (SLOT_STYLE), the size its face will
 * take; `fill` puts the face's host into it later, when it comes near the viewport. A long
 * page's table is laid out with its slots at little more cost than without, and filling one
 * lays out only what is inside it. A compact badge (in a rota day, on short pages) is drawn at once.
 */
export function mountHost(spot: Element, placement: 'after' | 'inside', badge: Badge): MountedBadge | undefined {
  const adjacent = placement === 'after' ? spot.nextElementSibling : spot.firstElementChild;
  if (adjacent?.hasAttribute(HOST_ATTRIBUTE)) return undefined;
  const doc = spot.ownerDocument;
  const outer = doc.createElement('span');
  outer.setAttribute(HOST_ATTRIBUTE, '');
  let fill = () => outer;
  if (badge.compact) {
    faceHost(outer, badge, compactLine);
  } else {
    outer.style.cssText = `${SLOT_STYLE}inline-size:${slotWidth(doc, badge.text)}px`;
    fill = () => {
      if (!outer.firstElementChild) outer.append(faceHost(doc.createElement('span'), badge, fitted));
      return outer.firstElementChild as HTMLElement;
    };
  }
  if (placement === 'after') spot.after(outer);
  else spot.prepend(outer);
  return { host: outer, fill };
}

/**
 * A slot's box, in its style attribute (the face's shadow root is not there yet to style it):
 * containment keeps what happens inside, the face drawn into it included, out of the layout of
 * the page's table around it, and its position makes it a box the browser can lay out on its
 * own. A contained box shares no baseline, so it is centred on the line. What the page sees is
 * the box it could measure anyway.
 */
const SLOT_STYLE = 'display:inline-block;position:relative;contain:strict;block-size:24px;vertical-align:middle;margin:0 0 0 4px;padding:0;border:0;';

/** Gives `host` a closed root with the badge's face, shaped by `shape`. */
function faceHost(host: HTMLElement, badge: Badge, shape: (face: HTMLElement) => HTMLElement): HTMLElement {
  const doc = host.ownerDocument;
  const root = host.attachShadow({ mode: 'closed', delegatesFocus: badge.opensCard });
  applyStyles(root, doc);
  root.append(shape(badgeFace(doc, badge)));
  return host;
}

/** A face in a slot: as wide as its text, within the slot, cut by an ellipsis if it must be. */
function fitted(face: HTMLElement): HTMLElement {
  face.classList.add('fitted');
  return face;
}

function badgeFace(doc: Document, badge: Badge): HTMLElement {
  const face = doc.createElement('span');
  face.className = `badge ${badge.tone}`;
  if (badge.opensCard) {
    face.setAttribute('role', 'button');
    face.setAttribute('tabindex', '0');
    face.setAttribute('aria-haspopup', 'dialog');
  } else if (badge.label) {
    // A short text that stands for a longer one: said as one thing, by its label.
    face.setAttribute('role', 'img');
  }
  if (badge.label) face.setAttribute('aria-label', badge.label);
  face.textContent = badge.text;
  return face;
}

/**
 * The line a compact badge sits in (see badges.css), inside the root: the page learns nothing
 * from the host that it could not see before.
 */
function compactLine(face: HTMLElement): HTMLElement {
  const line = face.ownerDocument.createElement('span');
  line.className = 'compact';
  line.append(face);
  return line;
}

/** A closed shadow root of our own for something that is not next to a spot (the card). */
export function createRoot(doc: Document): { host: HTMLElement; root: ShadowRoot; container: HTMLElement } {
  const host = doc.createElement('span');
  host.setAttribute(CARD_ATTRIBUTE, '');
  const root = host.attachShadow({ mode: 'closed' });
  applyStyles(root, doc);
  const container = doc.createElement('span');
  root.append(container);
  doc.body.append(host);
  return { host, root, container };
}

/**
 * Adopts the shared sheet; Firefox content scripts may not be allowed to construct or adopt one
 * across its wrappers, and then each root gets its own <style>.
 */
function applyStyles(root: ShadowRoot, doc: Document): void {
  if (!sharedSheets.has(doc)) sharedSheets.set(doc, constructSheet(doc));
  const sheet = sharedSheets.get(doc);
  if (sheet) {
    try {
      root.adoptedStyleSheets = [sheet];
      if (adoptionWorks.has(doc)) return;
      // Checked once per page: where adopting is silently refused, every root needs a <style>.
      if (root.adoptedStyleSheets.length === 1) {
        adoptionWorks.add(doc);
        return;
      }
    } catch {
      // Refused outright: fall through to a <style>, as for every later root.
    }
    sharedSheets.set(doc, null);
  }
  const style = doc.createElement('style');
  style.textContent = badgeStyles;
  root.append(style);
}

function constructSheet(doc: Document): CSSStyleSheet | null {
  try {
    const SheetConstructor = doc.defaultView?.CSSStyleSheet;
    if (!SheetConstructor) return null;
    const sheet = new SheetConstructor();
    sheet.replaceSync(badgeStyles);
    return sheet;
  } catch {
    return null;
  }
}
