import type { ShiftSummary } from '@/lib/model';
import { t } from '@/lib/i18n';

/** On the rota: my own shifts, and places still to fill. Nothing to say, no badge. */
export function ShiftBadge({ shift }: { shift: ShiftSummary }) {
  const unfilled = shift.unfilledPlaces ?? 0;
  if (!shift.mine && unfilled === 0) return null;
  const text = [
    shift.mine && t('badgeYourShift'),
    unfilled === 1 ? t('badgeOnePlaceToFill') : unfilled > 1 && t('badgePlacesToFill', [String(unfilled)]),
  ]
    .filter(Boolean)
    .join(' · ');
  return <span class={shift.mine ? 'badge mine' : 'badge unfilled'}>{text}</span>;
}
