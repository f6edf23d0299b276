import type { Badge } from '@/components/badges/badges';
import badgeStyles from './badges.css?inline';

export const HOST_ATTRIBUTE = 'data-descant-badge';

/** One stylesheet shared by every badge of a document, where the browser lets us share it. */
const sharedSheets = new WeakMap<Document, CSSStyleSheet | null>();
const adoptionWorks = new WeakSet<Document>();

/**
 * Draws a badge next to its spot: the host element is the badge (focusable, and named for
 * screen readers, when it opens a card), its text in an open shadow root, so the site's CSS
 * cannot reach it and ours cannot leak out (`:host { all: initial }`). Returns the host, or
 * undefined when the spot already has its badge.
 */
export function mountHost(spot: Element, placement: 'after' | 'inside', badge: Badge): HTMLElement | undefined {
  const adjacent = placement === 'after' ? spot.nextElementSibling : spot.firstElementChild;
  if (adjacent?.hasAttribute(HOST_ATTRIBUTE)) return undefined;
  const doc = spot.ownerDocument;
  const host = doc.createElement('span');
  host.setAttribute(HOST_ATTRIBUTE, badge.tone);
  if (badge.label) {
    host.setAttribute('role', 'button');
    host.setAttribute('tabindex', '0');
    host.setAttribute('aria-haspopup', 'dialog');
    host.setAttribute('aria-label', badge.label);
  }
  const root = host.attachShadow({ mode: 'open' });
  applyStyles(root, doc);
  root.append(badge.text);
  if (placement === 'after') spot.after(host);
  else spot.prepend(host);
  return host;
}

/** A shadow root of our own for something that is not next to a spot (the card). */
export function createRoot(doc: Document): { host: HTMLElement; container: HTMLElement } {
  const host = doc.createElement('span');
  host.setAttribute('data-descant-card', '');
  const root = host.attachShadow({ mode: 'open' });
  applyStyles(root, doc);
  const container = doc.createElement('span');
  root.append(container);
  doc.body.append(host);
  return { host, container };
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
