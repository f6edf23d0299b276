/**
 * The one model the UI reads. Every source (Three Rings today; HarmonySite, CiviCRM and OnSong
 * later) is normalised into these shapes, and only these are stored and rendered.
 */

/** Someone on a rota, as a shift lists them. `name` never carries a role suffix. */
export interface RotaPerson {
  id: number;
  name: string;
  /** Role codes from a suffix such as "[COM,NW]". */
  roleCodes: string[];
}

export interface Shift {
  id: number;
  rota: { id?: number; name: string };
  /** Often empty in Three Rings. */
  title: string;
  /** Instants as ISO-8601 UTC strings, so the UI shows them in the member's own zone. */
  start: string;
  end: string;
  allDay: boolean;
  volunteers: RotaPerson[];
  /** Places still to fill, when the source says how many are wanted. */
  unfilledPlaces: number | undefined;
  closed: boolean;
}

export interface ChoirEvent {
  id?: number;
  name: string;
  description: string;
  type: string;
  /** A calendar date (YYYY-MM-DD) with no time or zone. */
  date: string;
}

export interface NewsItem {
  id: number;
  title: string;
  /** HTML from the server: sanitise before showing. */
  bodyHtml: string;
  createdAt: string;
  sticky: boolean;
}

export interface Volunteer {
  id: number;
  name: string;
  roleCodes: string[];
  roles: string[];
  username?: string;
  /** Property values by Three Rings property code, e.g. email, telephone_mobile. */
  properties: Record<string, string>;
}

/** Who the member is on Three Rings, learned from the page or set by hand. */
export interface Me {
  volunteerId: number;
  name?: string;
  source: 'page' | 'manual';
}
