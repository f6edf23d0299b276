/**
 * Where badges go, found by stable markers that carry ids (links to a person's page, the rota's
 * `data-shift-id`), never by class names, which differ between themes and change over time.
 */
export interface BadgeSpot {
  element: Element;
  kind: 'person' | 'shift';
  id: number;
  /** After a link or heading; inside at the start of a rota shift. */
  placement: 'after' | 'inside';
}

export type Site = 'threeRings' | 'harmonySite';

/** The root itself when it matches, and every match below it. */
function within(root: ParentNode, selector: string): Element[] {
  const own = root instanceof Element && root.matches(selector) ? [root] : [];
  return [...own, ...root.querySelectorAll(selector)];
}

function parse(href: string, base: string): URL | undefined {
  try {
    return new URL(href, base);
  } catch {
    return undefined;
  }
}

/** `/directory/123` on Three Rings: not its photos, not its JSON. */
export function threeRingsVolunteerId(url: URL, origin: string): number | undefined {
  if (url.origin !== origin || url.search.includes('format=')) return undefined;
  const match = /^\/directory\/(\d+)\/?$/.exec(url.pathname);
  return match ? Number(match[1]) : undefined;
}

/** A HarmonySite member's page: `dbpage.php?pg=view&dbase=members&id=N` (or no `pg`). */
export function harmonySiteMemberId(url: URL, origin: string): number | undefined {
  const params = url.searchParams;
  if (url.origin !== origin || params.get('dbase') !== 'members') return undefined;
  const page = params.get('pg');
  if (page !== null && page !== 'view') return undefined;
  const id = params.get('id');
  return id && /^\d+$/.test(id) ? Number(id) : undefined;
}

function isWholePage(root: ParentNode): boolean {
  return root.nodeType === 9 || (root instanceof Element && root.localName === 'body');
}

export function findSpots(root: ParentNode, site: Site, location: Location): BadgeSpot[] {
  const idOf = site === 'threeRings' ? threeRingsVolunteerId : harmonySiteMemberId;
  const spots: BadgeSpot[] = [];
  for (const link of within(root, 'a[href]')) {
    const url = parse(link.getAttribute('href')!, link.ownerDocument.baseURI);
    const id = url && idOf(url, location.origin);
    if (id !== undefined) spots.push({ element: link, kind: 'person', id, placement: 'after' });
  }
  if (site === 'threeRings') {
    for (const shift of within(root, '[data-shift-id]')) {
      const id = shift.getAttribute('data-shift-id')!;
      if (/^\d+$/.test(id)) spots.push({ element: shift, kind: 'shift', id: Number(id), placement: 'inside' });
    }
  }
  // The person's own page: the badge goes by its main heading (looked for in the whole page only).
  const pageId = idOf(new URL(location.href), location.origin);
  const heading = pageId !== undefined && isWholePage(root) ? root.querySelector('h1, h2') : null;
  if (heading && pageId !== undefined) spots.push({ element: heading, kind: 'person', id: pageId, placement: 'after' });
  return spots;
}
