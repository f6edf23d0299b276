import type { PersonSummary, ShiftSummary } from '@/lib/model';
import { t } from '@/lib/i18n';
import { formatDay, formatTimeRange, type FormatOptions } from '@/lib/format';

/*
 * What a badge says and how it looks; the overlay draws it (lib/overlay/badge-host.ts). A badge
 * is one element and its text, not a Preact tree: a long directory has well over a thousand,
 * drawn while the page is still being parsed and laid out with the page's own table, so each
 * must cost as little as it can.
 */
export interface Badge {
  text: string;
  tone: 'member' | 'mine' | 'unfilled';
  /** The spoken name of a badge that opens a card; badges without one are plain text. */
  label?: string;
}

/** Badge text is a few words; the card has the rest. */
const MAX_BADGE_CHARS = 48;

/**
 * Next to a person: who they are in the choir (on Three Rings), or their next shift (on
 * HarmonySite), with their CiviCRM membership when the choir has a CiviCRM.
 */
export function memberBadge(person: PersonSummary, site: 'threeRings' | 'harmonySite', format?: FormatOptions): Badge {
  const text = site === 'threeRings' ? choirText(person) : joined([person.links.threeRings && nextShiftText(person, format), civiCrmText(person)]) || t('badgeInCiviCrm');
  return { text: shorten(text), tone: 'member', label: t('badgePersonLabel', [person.name, text]) };
}

/** On the rota: my own shifts, and places still to fill. Nothing to say, no badge. */
export function shiftBadge(shift: ShiftSummary): Badge | null {
  const unfilled = shift.unfilledPlaces ?? 0;
  const text = [shift.mine && t('badgeYourShift'), unfilled === 1 ? t('badgeOnePlaceToFill') : unfilled > 1 && t('badgePlacesToFill', [String(unfilled)])]
    .filter(Boolean)
    .join(' · ');
  return text ? { text, tone: shift.mine ? 'mine' : 'unfilled' } : null;
}

export function choirText(person: PersonSummary): string {
  return joined([person.voicePart, person.membershipStatus, civiCrmText(person)]) || t(person.links.harmonySite ? 'badgeChoirMember' : 'badgeInCiviCrm');
}

/** "Singing member (Current)"; for a contact with no membership, nothing. */
export function civiCrmText(person: PersonSummary): string | undefined {
  const membership = person.civiCrm?.membership;
  if (!membership) return undefined;
  return membership.type && membership.status ? t('badgeCiviMembership', [membership.type, membership.status]) : membership.type || membership.status;
}

function joined(parts: (string | false | undefined)[]): string {
  return [...new Set(parts.filter((part): part is string => !!part))].join(' · ');
}

export function nextShiftText(person: PersonSummary, format?: FormatOptions): string {
  const shift = person.nextShift;
  if (!shift) return t('badgeNoShiftShort');
  const when = shift.allDay ? t('shiftAllDay') : formatTimeRange(shift.start, shift.end, format);
  return t('badgeNextShift', [formatDay(shift.start, format), when, shift.rota]);
}

function shorten(text: string): string {
  const characters = [...text];
  return characters.length > MAX_BADGE_CHARS ? `${characters.slice(0, MAX_BADGE_CHARS - 1).join('')}…` : text;
}
