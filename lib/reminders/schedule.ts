import type { Me, Shift } from '../model';
import { isMine } from '../views/quick-view';
import { addDays, DAY, HOUR, localDateKey, localInstant, MINUTE } from '../time';

/**
 * When each of my shifts is to be reminded of, from the cached rota alone.
 *
 * The rules:
 * - A shift is notified at most once, ever: once notified, it is never reminded of again, even
 *   if it moves afterwards (the member has been told of it; the popup shows the new time).
 * - A shift that moves before its reminder fires has its reminder moved with it; one I leave, or
 *   that goes from the rota, has it dropped.
 * - A reminder whose time has passed (the browser was closed then, or I joined the shift late)
 *   fires at once if the shift has not yet started, and never once it has.
 */

export const REMINDER_LEADS = ['30m', '1h', '2h', '1d', 'eveningBefore'] as const;
export type ReminderLead = (typeof REMINDER_LEADS)[number];

const EVENING_HOUR = 19;
const LEAD_MS: Record<Exclude<ReminderLead, 'eveningBefore'>, number> = { '30m': 30 * MINUTE, '1h': HOUR, '2h': 2 * HOUR, '1d': DAY };

/** Shift id → the start it was notified for. */
export type NotifiedShifts = Record<string, string>;

export interface WantedReminder {
  shiftId: number;
  /** When it is due by the member's lead; may be past, when it is to fire at once. */
  dueAt: number;
}

/** When a shift starting at `start` is due to be reminded of. "The evening before" is 19:00 on the previous local day. */
export function reminderDueAt(start: number, lead: ReminderLead, timeZone?: string): number {
  if (lead === 'eveningBefore') return localInstant(addDays(localDateKey(start, timeZone), -1), EVENING_HOUR, timeZone);
  return start - LEAD_MS[lead];
}

export interface ScheduleInput {
  shifts: Shift[];
  me: Me | null;
  lead: ReminderLead;
  notified: NotifiedShifts;
  now: number;
  timeZone?: string;
}

/** The reminders there should be now: one per shift of mine not yet started nor notified. */
export function wantedReminders({ shifts, me, lead, notified, now, timeZone }: ScheduleInput): WantedReminder[] {
  return shifts
    .filter((shift) => isMine(shift, me) && Date.parse(shift.start) > now && !(String(shift.id) in notified))
    .map((shift) => ({ shiftId: shift.id, dueAt: reminderDueAt(Date.parse(shift.start), lead, timeZone) }));
}

/**
 * The notified shifts still worth remembering: those still in the cached rota, or whose start is
 * yet to come (a shift that drops out of the rota before it happens may come back).
 */
export function notifiedStillNeeded(notified: NotifiedShifts, shifts: Shift[], now: number): NotifiedShifts {
  const cached = new Set(shifts.map((shift) => String(shift.id)));
  return Object.fromEntries(Object.entries(notified).filter(([id, start]) => cached.has(id) || Date.parse(start) > now));
}
