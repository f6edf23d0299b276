import type { ChoirEvent, Me, Shift } from '../model';
import { addDays, DAY, localDateKey } from '../time';
import { comingUp } from './coming-up';

export interface RotaDay {
  /** YYYY-MM-DD in the member's zone. */
  date: string;
  shifts: Shift[];
}

export interface QuickView {
  myShifts: Shift[];
  rotaDays: RotaDay[];
  /** "Could you help?": shifts soon, short of people, on rotas I am on, that I am not on. */
  couldHelp: Shift[];
  events: ChoirEvent[];
}

export const MY_SHIFTS_DAYS = 14;
export const ROTA_DAYS = 7;
export const HELP_DAYS = 7;

const hasNotEnded = (now: number) => (shift: Shift) => Date.parse(shift.end) > now;

export function isMine(shift: Shift, me: Me | null): boolean {
  return !!me && shift.volunteers.some((person) => person.id === me.volunteerId);
}

export function isUpForSwap(shift: Shift): boolean {
  return shift.volunteers.some((person) => person.upForSwap);
}

/** Rotas are told apart by id where the source gives one, else by name. */
const rotaKey = (shift: Shift) => shift.rota.id ?? shift.rota.name;

/**
 * Shifts I could help with: in the next days, open, short of people, on a rota I have a shift
 * on in the cached window, and not already mine. Signing up happens on Three Rings.
 */
function shiftsToHelpWith(current: Shift[], me: Me | null, now: number): Shift[] {
  const myRotas = new Set(current.filter((shift) => isMine(shift, me)).map(rotaKey));
  return current.filter(
    (shift) => myRotas.has(rotaKey(shift)) && !isMine(shift, me) && !shift.closed && (shift.unfilledPlaces ?? 0) > 0 && Date.parse(shift.start) < now + HELP_DAYS * DAY,
  );
}

/** What the popup shows, from cached data: my next shifts, the week's rota, coming events. */
export function buildQuickView(shifts: Shift[], events: ChoirEvent[], me: Me | null, now: number, timeZone?: string): QuickView {
  const current = shifts.filter(hasNotEnded(now));
  const myShifts = current.filter((shift) => isMine(shift, me) && Date.parse(shift.start) < now + MY_SHIFTS_DAYS * DAY);

  const today = localDateKey(now, timeZone);
  const lastRotaDay = addDays(today, ROTA_DAYS - 1);
  const days = new Map<string, Shift[]>();
  for (const shift of current) {
    const date = localDateKey(Date.parse(shift.start), timeZone);
    if (date > lastRotaDay) continue;
    // A shift still running from yesterday belongs on today's list.
    const day = date < today ? today : date;
    days.set(day, [...(days.get(day) ?? []), shift]);
  }
  const rotaDays = [...days].sort(([a], [b]) => a.localeCompare(b)).map(([date, dayShifts]) => ({ date, shifts: dayShifts }));

  return { myShifts, rotaDays, couldHelp: shiftsToHelpWith(current, me, now), events: comingUp(events, today) };
}

/** The toolbar badge: how many of my shifts start (or are running) in the next 24 hours. */
export function countMyShiftsNextDay(shifts: Shift[], me: Me | null, now: number): number {
  return shifts.filter((shift) => isMine(shift, me) && hasNotEnded(now)(shift) && Date.parse(shift.start) < now + DAY).length;
}
