import type { PersonBadgeFacts, ShiftSummary } from '@/lib/model';
import { t } from '@/lib/i18n';
import { formatClock, formatDay, formatTimeRange, type FormatOptions } from '@/lib/format';

/*
 * What a badge says and how it looks; the overlay draws it (lib/overlay/badge-host.ts). A badge
 * is one element and its text, not a Preact tree: a long directory has well over a thousand,
 * drawn while the page is still being parsed and laid out with the page's own table, so each
 * must cost as little as it can.
 */
export interface Badge {
  text: string;
  tone: 'member' | 'mine' | 'unfilled';
  /** Its spoken name, the whole of what it stands for; without one, its text is what is said. */
  label?: string;
  /** Whether it opens a card (a person's): then it is a button. */
  opensCard: boolean;
  /** Drawn as wide as its spot and never wider, its text cut by CSS (in a rota calendar day). */
  compact: boolean;
}

/**
 * Full beside a link with room to grow; compact in a day of the rota's month calendar, where a
 * day is a narrow column and only the first thing worth saying is shown (its label has the rest).
 */
export type BadgeForm = 'full' | 'compact';

/** Badge text is a few words; the card has the rest. Room for a shift's start and a membership. */
const MAX_BADGE_CHARS = 60;

/** One piece of a badge's text in the forms it can take, fullest first. */
type Part = readonly string[];

/**
 * Next to a person: who they are in the choir (on Three Rings), or their next shift (on
 * HarmonySite), with their CiviCRM membership when the choir has a CiviCRM. On HarmonySite a
 * member with neither a shift coming nor a membership gets no badge: nothing to say. Compact,
 * only the first of these (the voice part, on Three Rings) at its shortest.
 */
export function memberBadge(person: PersonBadgeFacts, site: 'threeRings' | 'harmonySite', options: { form?: BadgeForm; format?: FormatOptions } = {}): Badge | null {
  const parts = site === 'threeRings' ? choirParts(person) : [nextShiftForms(person, options.format), single(civiCrmText(person))];
  const fallback = site === 'threeRings' ? t(person.onOtherSite ? 'badgeChoirMember' : 'badgeInCiviCrm') : '';
  const fullest = joined(parts.map((forms) => forms?.[0])) || fallback;
  if (!fullest) return null;
  const compact = options.form === 'compact';
  const text = (compact ? shortest(parts) : fitted(parts)) || fallback;
  // The spoken name starts with the text as shown (WCAG 2.5.3, label in name). A compact badge
  // shows the first part of the fullest text, so its name can say the rest; a fitted one may have
  // shortened a part, so its name says what is shown, and the card has the rest.
  const label = t('badgePersonLabel', [person.name, compact ? fullest : text]);
  return { text, tone: 'member', label, opensCard: true, compact };
}

/**
 * On the rota: my own shifts, places still to fill, and places up for swap. Nothing to say, no
 * badge. Compact, each in a word or two, and the full text is its spoken name.
 */
export function shiftBadge(shift: ShiftSummary, form: BadgeForm = 'full'): Badge | null {
  const pieces = shiftPieces(shift);
  if (pieces.length === 0) return null;
  const tone = shift.mine ? 'mine' : 'unfilled';
  const full = joined(pieces.map((forms) => forms[0]));
  if (form === 'full') return { text: full, tone, opensCard: false, compact: false };
  return { text: shorten(joined(pieces.map((forms) => forms.at(-1)))), tone, label: full, opensCard: false, compact: true };
}

/** What is worth saying of a shift, each in its full and its compact form. */
function shiftPieces(shift: ShiftSummary): Part[] {
  const unfilled = shift.unfilledPlaces ?? 0;
  const pieces: Part[] = [];
  if (shift.mine) pieces.push([t('badgeYourShift')]);
  if (unfilled > 0) pieces.push([unfilled === 1 ? t('badgeOnePlaceToFill') : t('badgePlacesToFill', [String(unfilled)]), t('badgeToFillCompact', [String(unfilled)])]);
  if (shift.upForSwap) pieces.push([t('shiftUpForSwap'), t('badgeUpForSwapCompact')]);
  return pieces;
}

function choirParts(person: PersonBadgeFacts): (Part | undefined)[] {
  return [single(person.voicePart), single(person.membershipStatus), single(civiCrmText(person))];
}

/** "Singing member (Current)"; for a contact with no membership, nothing. */
function civiCrmText(person: PersonBadgeFacts): string | undefined {
  const membership = person.membership;
  if (!membership) return undefined;
  return membership.type && membership.status ? t('badgeCiviMembership', [membership.type, membership.status]) : membership.type || membership.status;
}

/** The next shift with its rota, else without it, else only when it starts: the card has the rest. */
function nextShiftForms(person: PersonBadgeFacts, format?: FormatOptions): Part | undefined {
  const shift = person.nextShift;
  if (!shift) return undefined;
  const day = formatDay(shift.start, format);
  if (shift.allDay) return [t('badgeNextShift', [day, t('shiftAllDay'), shift.rota]), t('badgeNextShiftWhen', [day, t('shiftAllDay')])];
  const range = formatTimeRange(shift.start, shift.end, format);
  return [t('badgeNextShift', [day, range, shift.rota]), t('badgeNextShiftWhen', [day, range]), t('badgeNextShiftWhen', [day, formatClock(Date.parse(shift.start), format)])];
}

/**
 * The parts joined, each in its fullest form that lets the whole fit: earlier parts give way
 * first, so what comes last (the membership) is never cut off by a long rota name. Only when
 * every part is at its shortest is the text cut.
 */
function fitted(parts: (Part | undefined)[]): string {
  const present = parts.filter((forms): forms is Part => !!forms && forms.length > 0);
  const chosen = present.map(() => 0);
  for (;;) {
    const text = joined(present.map((forms, index) => forms[chosen[index]!]));
    const giving = chosen.findIndex((form, index) => form < present[index]!.length - 1);
    if ([...text].length <= MAX_BADGE_CHARS || giving < 0) return shorten(text);
    chosen[giving]!++;
  }
}

/** Only the first part there is, in its shortest form. */
function shortest(parts: (Part | undefined)[]): string {
  const first = parts.find((forms): forms is Part => !!forms && forms.length > 0);
  return first ? shorten(first.at(-1)!) : '';
}

const single = (text: string | undefined): Part | undefined => (text ? [text] : undefined);

function joined(parts: (string | false | undefined)[]): string {
  return [...new Set(parts.filter((part): part is string => !!part))].join(' · ');
}

/**
 * Cuts a text still too long at the last whole word that fits, never inside one ("Front of
 * House" is not left as "Front of…" mid-rota unless a word ends there), and not just after a
 * separator. A single word longer than the badge is the one case cut inside.
 */
function shorten(text: string): string {
  const characters = [...text];
  if (characters.length <= MAX_BADGE_CHARS) return text;
  const room = characters.slice(0, MAX_BADGE_CHARS - 1).join('');
  const atWord = characters[MAX_BADGE_CHARS - 1] === ' ' ? room : room.replace(/\s+\S*$/, '');
  const kept = (atWord || room).replace(/[\s·,;:–-]+$/, '');
  return `${kept}…`;
}
