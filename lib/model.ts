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
  /** They have put their place on this shift up for swap (Three Rings' `put_for_swap_at`). */
  upForSwap?: true;
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
  /** The time as the source wrote it ("7.30pm"), when it gives one apart from the date. */
  time?: string;
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

/** A member as the choir's HarmonySite knows them: `members`, joined with `memberships` and `participations`. */
export interface ChoirMember {
  id: number;
  surname: string;
  /** HarmonySite's "Given Names" (`FirstName`). */
  givenNames: string;
  /** HarmonySite's "First name" (`Greeting`): what the member likes to be called. */
  preferredName?: string;
  /** Preferred (else given) name and surname, as the choir writes it. */
  name: string;
  email?: string;
  phone?: string;
  /** The voice part, e.g. "Alto 2", from `participations.Part`. */
  voicePart?: string;
  /** e.g. "Active", "Former", from `memberships.Status`. */
  membershipStatus?: string;
}

/** A CiviMember membership: its type and status as the site labels them. */
export interface CiviMembership {
  type: string;
  status: string;
  /** YYYY-MM-DD; absent for a lifetime membership. */
  endDate?: string;
}

/** A person (an Individual) in the choir's CiviCRM, with their groups and memberships. */
export interface CiviContact {
  id: number;
  /** CiviCRM's display name, as the choir writes it. */
  name: string;
  firstName?: string;
  lastName?: string;
  /** The name they go by, when the site records one. */
  nickName?: string;
  email?: string;
  /** Titles of the active groups they are in, static and smart. */
  groups: string[];
  /** The most relevant first: a current one, else the one that ended last. */
  memberships: CiviMembership[];
}

/** Which record, in which system: the unit the people index links. */
export interface SourceRef {
  source: 'threeRings' | 'harmonySite' | 'civiCrm';
  id: number;
}

/** How two records were found to be one person. */
export interface PersonMatch {
  by: 'email' | 'name' | 'manual';
  /** 0–1; manual links are 1. */
  confidence: number;
}

/** What a badge and its card show about one person, from every system that knows them. */
export interface PersonSummary {
  name: string;
  voicePart?: string;
  membershipStatus?: string;
  /** Only from systems the member could already read them in, with their own sign-in. */
  email?: string;
  phone?: string;
  nextShift?: { id: number; start: string; end: string; allDay: boolean; rota: string };
  /** From the choir's CiviCRM, when it knows them. */
  civiCrm?: { membership?: CiviMembership; groups: string[] };
  /** Where this person is on each site. */
  links: { threeRings?: string; harmonySite?: string; civiCrm?: string };
}

/** What a rota badge shows about one shift. */
export interface ShiftSummary {
  id: number;
  mine: boolean;
  unfilledPlaces?: number;
  /** Someone's place on it is up for swap. */
  upForSwap?: true;
}

/**
 * What one person's badge says on one site, and nothing more: a page's content script gets
 * these for everyone on the page, and the rest (the card) only when the member opens it.
 */
export interface PersonBadgeFacts {
  /** For the badge's spoken name. */
  name: string;
  /** Three Rings badges only. */
  voicePart?: string;
  membershipStatus?: string;
  /** HarmonySite badges only, and only for volunteers (`onOtherSite`). */
  nextShift?: { start: string; end: string; allDay: boolean; rota: string };
  membership?: { type: string; status: string };
  /** Known to the other site (HarmonySite on a Three Rings page, and the other way round). */
  onOtherSite: boolean;
}

/** Everything one site's badges may need, sent once per page as it starts loading. */
export interface BadgeData {
  /** Keyed by the person's id on that site. */
  people: Record<number, PersonBadgeFacts>;
  /** Three Rings rota shifts worth a badge (mine, or short of people), keyed by shift id. */
  shifts: Record<number, ShiftSummary>;
}

/** A line of a song: lyrics with the chords above them, where the song has chords. */
export interface SongLine {
  segments: { chord?: string; text: string }[];
}

/** What is up on the choir's iPad in OnSong, as the popup shows it. */
export interface NowPlaying {
  song?: {
    id: string;
    title: string;
    artist?: string;
    /** The song's own key, and the key it is played in when transposed. */
    key?: string;
    transposedKey?: string;
    capo?: number;
    tempo?: number;
    timeSignature?: string;
  };
  set?: {
    title: string;
    songs: { id: string; title: string; key?: string }[];
    /** Where the current song is in the set; -1 when it is not in it. */
    currentIndex: number;
  };
  sections: { label?: string; lines: SongLine[] }[];
}
