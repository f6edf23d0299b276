import type { Badge } from '@/components/badges/badges';
import badgeStyles from './badges.css?inline';

/**
 * Marks our hosts, for our own observer and the site's stylesheets: always empty, so a page
 * learns that a link has a badge (which it can see anyway), never what the badge says.
 */
export const HOST_ATTRIBUTE = 'data-descant-badge';
export const CARD_ATTRIBUTE = 'data-descant-card';

/** One stylesheet shared by every badge of a document, where the browser lets us share it. */
const sharedSheets = new WeakMap<Document, CSSStyleSheet | null>();
const adoptionWorks = new WeakSet<Document>();

/**
 * Draws a badge next to its spot. Everything it says is inside a closed shadow root: the
 * site's CSS cannot reach it, ours cannot leak out (`:host { all: initial }`), and the page's
 * scripts cannot read it. A badge that opens a card is a button inside the root, named there
 * for screen readers; the host passes focus to it. Returns the host, or undefined when the spot
 * already has its badge.
 */
export function mountHost(spot: Element, placement: 'after' | 'inside', badge: Badge): HTMLElement | undefined {
  const adjacent = placement === 'after' ? spot.nextElementSibling : spot.firstElementChild;
  if (adjacent?.hasAttribute(HOST_ATTRIBUTE)) return undefined;
  const doc = spot.ownerDocument;
  const host = doc.createElement('span');
  host.setAttribute(HOST_ATTRIBUTE, '');
  const root = host.attachShadow({ mode: 'closed', delegatesFocus: badge.opensCard });
  applyStyles(root, doc);
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
  root.append(badge.compact ? compactLine(face) : face);
  if (placement === 'after') spot.after(host);
  else spot.prepend(host);
  return host;
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
