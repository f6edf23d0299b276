import type { Me, Shift } from '../model';
import { t } from '../i18n';
import { formatDay, formatTimeRange, type FormatOptions } from '../format';
import { coVolunteers, shiftName } from '../views/shift-words';

/** A reminder's words: the rota, the local day and time, and who else is on. */
export function reminderText(shift: Shift, me: Me | null, format: FormatOptions = {}): { title: string; message: string } {
  const when = shift.allDay ? t('shiftAllDay') : formatTimeRange(shift.start, shift.end, format);
  return {
    title: t('reminderTitle', [shiftName(shift)]),
    message: `${formatDay(shift.start, format)}, ${when}\n${coVolunteers(shift, me)}`,
  };
}
