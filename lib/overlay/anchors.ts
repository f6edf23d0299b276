import type { PageSite } from '../features/registry';

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
  /** In a day of the rota's month calendar, where a badge must fit a narrow column. */
  compact: boolean;
}

/** The sites whose pages Descant draws on. */
export type Site = PageSite;

/** Where the page is: its origin (a person's link is to it) and its path (is it the rota?). */
export type PageAddress = Pick<Location, 'origin' | 'pathname'>;

/** A day of the rota's month calendar, `td#day_YYYY_MM_DD`: by its id, never by its class. */
const ROTA_DAY = 'td[id^="day_"]';

/** Three Rings' rota pages (`/rota`, `/rota/for/2024-1-1/month`, …), the only ones with a month calendar. */
const ROTA_PATH = /^\/rota(?:\/|$)/;

export function inRotaDay(element: Element): boolean {
  return element.closest(ROTA_DAY) !== null;
}

/**
 * Whether links on this page may be in a day of the rota calendar: tested once per look, so that
 * a long directory pays nothing more per link.
 */
export function mayHaveRotaDays(site: Site, page: PageAddress): boolean {
  return site === 'threeRings' && ROTA_PATH.test(page.pathname);
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

/**
 * The person a link's address (absolute, as `a.href` gives it) is to, if any. Called for every link of long pages while they are parsed,
 * so links that cannot be to a person are turned away before any URL is parsed.
 */
export function personIdOfLink(href: string, site: Site, origin: string): number | undefined {
  if (typeof href !== 'string' || !href.startsWith(origin)) return undefined;
  if (site === 'threeRings') {
    const match = THREE_RINGS_PERSON_PATH.exec(href.slice(origin.length));
    return match && !match[2]?.includes('format=') ? Number(match[1]) : undefined;
  }
  if (!href.includes('members')) return undefined;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  return harmonySiteMemberId(url, origin);
}

/** What threeRingsVolunteerId accepts, as a path with its query and fragment: id, query. */
const THREE_RINGS_PERSON_PATH = /^\/directory\/(\d+)\/?(\?[^#]*)?(?:#.*)?$/;

/**
 * Person links as the page gains them, from the document's live list of links. While the page
 * is parsed, links only ever arrive at its end, so each look reads only the new ones, without
 * touching any other node; when the page has put links elsewhere, all are looked at again (the
 * mount step skips those already badged, and each link's person is worked out once). With
 * 'all', every link on the page. Only on the rota is a person's link looked up for a day cell.
 */
export function watchPersonLinks(doc: Document, site: Site, page: PageAddress): (all?: 'all') => BadgeSpot[] {
  const links = doc.getElementsByTagName('a');
  /** By address, not by element: a WeakMap of thousands of links slows garbage collection. */
  const personOf = new Map<string, number | null>();
  let seen = 0;
  let lastSeen: Element | undefined;
  return (all) => {
    const origin = page.origin;
    const onRota = mayHaveRotaDays(site, page);
    const count = links.length;
    const from = !all && seen > 0 && seen <= count && links[seen - 1] === lastSeen ? seen : 0;
    const spots: BadgeSpot[] = [];
    for (let index = from; index < count; index++) {
      const link = links[index]!;
      const href = (link as HTMLAnchorElement).href;
      let id = personOf.get(href);
      if (id === undefined) personOf.set(href, (id = personIdOfLink(href, site, origin) ?? null));
      if (id !== null) spots.push({ element: link, kind: 'person', id, placement: 'after', compact: onRota && inRotaDay(link) });
    }
    seen = count;
    lastSeen = count > 0 ? links[count - 1] : undefined;
    return spots;
  };
}

/** Rota shifts, by their `data-shift-id` (Three Rings only); few, so each is looked up for a day cell. */
export function findShiftSpots(root: ParentNode): BadgeSpot[] {
  const spots: BadgeSpot[] = [];
  for (const shift of root.querySelectorAll('[data-shift-id]')) {
    const id = shift.getAttribute('data-shift-id')!;
    if (/^\d+$/.test(id)) spots.push({ element: shift, kind: 'shift', id: Number(id), placement: 'inside', compact: inRotaDay(shift) });
  }
  return spots;
}

/** On a person's own page, their badge goes by the page's main heading. */
export function findHeadingSpot(doc: Document, site: Site, location: Location): BadgeSpot | undefined {
  const idOf = site === 'threeRings' ? threeRingsVolunteerId : harmonySiteMemberId;
  const id = idOf(new URL(location.href), location.origin);
  const heading = id === undefined ? null : doc.querySelector('h1, h2');
  return heading && id !== undefined ? { element: heading, kind: 'person', id, placement: 'after', compact: false } : undefined;
}
