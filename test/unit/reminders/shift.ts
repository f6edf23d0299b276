import type { Shift } from '@/lib/model';
import { HOUR } from '@/lib/time';

const NAMES: Record<number, string> = { 7: 'Alex Morgan', 8: 'Sam Patel' };

/** A two-hour Front of House shift with these volunteers on it, for the reminder tests. */
export function rotaShift(id: number, start: string, volunteerIds: number[]): Shift {
  return {
    id,
    rota: { name: 'Front of House' },
    title: '',
    start,
    end: new Date(Date.parse(start) + 2 * HOUR).toISOString(),
    allDay: false,
    volunteers: volunteerIds.map((volunteerId) => ({ id: volunteerId, name: NAMES[volunteerId] ?? `Volunteer ${volunteerId}`, roleCodes: [] })),
    unfilledPlaces: undefined,
    closed: false,
  };
}
