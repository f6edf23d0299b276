import type { Me, Shift } from '../model';
import { t } from '../i18n';

/** "Front of House · Box office": the rota, and the shift's own title where it has one. */
export function shiftName(shift: Shift): string {
  return shift.title ? `${shift.rota.name} · ${shift.title}` : shift.rota.name;
}

/** Who else is on the shift: "With Ann Lee, Bob Roy", or that nobody is yet. */
export function coVolunteers(shift: Shift, me: Me | null): string {
  const others = shift.volunteers.filter((person) => person.id !== me?.volunteerId).map((person) => person.name);
  return others.length ? t('shiftWith', [others.join(', ')]) : t('shiftAlone');
}
