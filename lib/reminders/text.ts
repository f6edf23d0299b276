import type { Me, Shift } from '../model';
import { t } from '../i18n';
import { formatDay, formatTimeRange, type FormatOptions } from '../format';

/** A reminder's words: the rota, the local day and time, and who else is on. */
export function reminderText(shift: Shift, me: Me | null, format: FormatOptions = {}): { title: string; message: string } {
  const rota = shift.title ? `${shift.rota.name} · ${shift.title}` : shift.rota.name;
  const when = shift.allDay ? t('shiftAllDay') : formatTimeRange(shift.start, shift.end, format);
  const others = shift.volunteers.filter((person) => person.id !== me?.volunteerId).map((person) => person.name);
  return {
    title: t('reminderTitle', [rota]),
    message: `${formatDay(shift.start, format)}, ${when}\n${others.length ? t('shiftWith', [others.join(', ')]) : t('shiftAlone')}`,
  };
}
