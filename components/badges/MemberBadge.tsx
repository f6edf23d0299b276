import type { PersonSummary } from '@/lib/model';
import { t } from '@/lib/i18n';
import { formatDay, formatTimeRange, type FormatOptions } from '@/lib/format';

interface Props {
  person: PersonSummary;
  /** On Three Rings a badge says who they are in the choir; on HarmonySite, their next shift. */
  site: 'threeRings' | 'harmonySite';
  format?: FormatOptions;
  onOpen: (button: HTMLButtonElement) => void;
  onHover: (button: HTMLButtonElement) => void;
  onLeave: () => void;
}

export function MemberBadge({ person, site, format, onOpen, onHover, onLeave }: Props) {
  const text = site === 'threeRings' ? choirText(person) : nextShiftText(person, format);
  return (
    <button
      type="button"
      class="badge member"
      aria-label={t('badgePersonLabel', [person.name, text])}
      aria-haspopup="dialog"
      onClick={(event) => onOpen(event.currentTarget)}
      onFocus={(event) => onHover(event.currentTarget)}
      onMouseEnter={(event) => onHover(event.currentTarget)}
      onBlur={onLeave}
      onMouseLeave={onLeave}
    >
      {text}
    </button>
  );
}

export function choirText(person: PersonSummary): string {
  const parts = [person.voicePart, person.membershipStatus].filter(Boolean);
  return parts.length ? parts.join(' · ') : t('badgeChoirMember');
}

export function nextShiftText(person: PersonSummary, format?: FormatOptions): string {
  const shift = person.nextShift;
  if (!shift) return t('badgeNoShiftSoon');
  const when = shift.allDay ? t('shiftAllDay') : formatTimeRange(shift.start, shift.end, format);
  return t('badgeNextShift', [formatDay(shift.start, format), when, shift.rota]);
}
