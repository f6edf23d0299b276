import badgeStyles from './badges.css?inline';

export const HOST_ATTRIBUTE = 'data-descant-badge';

/** Which element each spot's badge is, so a spot is never badged twice. */
const hosts = new WeakMap<Element, HTMLElement>();
/** One stylesheet shared by every badge of a document, where the browser lets us share it. */
const sharedSheets = new WeakMap<Document, CSSStyleSheet | null>();

/**
 * A host element with an open shadow root: the site's CSS cannot reach in and ours cannot leak
 * out (`:host { all: initial }`). Returns the container to render into, or undefined when the
 * spot already has its badge.
 */
export function mountHost(spot: Element, placement: 'after' | 'inside'): { host: HTMLElement; container: HTMLElement } | undefined {
  const known = hosts.get(spot);
  if (known?.isConnected) return undefined;
  const adjacent = placement === 'after' ? spot.nextElementSibling : spot.firstElementChild;
  if (adjacent?.hasAttribute(HOST_ATTRIBUTE)) {
    hosts.set(spot, adjacent as HTMLElement);
    return undefined;
  }
  const doc = spot.ownerDocument;
  const host = doc.createElement('span');
  host.setAttribute(HOST_ATTRIBUTE, '');
  const root = host.attachShadow({ mode: 'open' });
  applyStyles(root, doc);
  const container = doc.createElement('span');
  root.append(container);
  if (placement === 'after') spot.after(host);
  else spot.prepend(host);
  hosts.set(spot, host);
  return { host, container };
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
      if (root.adoptedStyleSheets.length === 1) return;
    } catch {
      sharedSheets.set(doc, null);
    }
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
