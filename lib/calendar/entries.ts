import type { ChoirEvent, Me, Shift } from '../model';
import { addDays, localDateKey } from '../time';
import { shiftPageUrl } from '../three-rings/urls';
import { coVolunteers, shiftName } from '../views/shift-words';
import type { CalendarEntry } from './ics';

/**
 * A shift as a calendar entry: the rota as its title, who else is on as its description, and
 * the rota for that day on Three Rings as its link (Three Rings documents no page per shift).
 */
export function shiftEntry(shift: Shift, me: Me | null, timeZone?: string): CalendarEntry {
  const day = localDateKey(Date.parse(shift.start), timeZone);
  return {
    uid: `threeRings-shift-${shift.id}@descant`,
    summary: shiftName(shift),
    description: coVolunteers(shift, me),
    url: shiftPageUrl(shift, timeZone),
    ...(shift.allDay
      ? { start: day, end: addDays(localDateKey(Date.parse(shift.end) - 1, timeZone), 1), allDay: true }
      : { start: shift.start, end: shift.end, allDay: false }),
  };
}

/** A choir event as a day in the calendar: its time, as the source wrote it, goes in the description. */
export function eventEntry(event: ChoirEvent): CalendarEntry {
  return {
    uid: `event-${event.date}-${event.id ?? ''}-${hash(event.name)}@descant`,
    summary: event.name,
    ...(joined(event.time, event.description) && { description: joined(event.time, event.description) }),
    start: event.date,
    end: addDays(event.date, 1),
    allDay: true,
  };
}

function joined(...parts: (string | undefined)[]): string {
  return parts.filter((part) => part && part.trim()).join('\n');
}

/** A short, stable name for text (FNV-1a): the same event gets the same UID on every import. */
function hash(text: string): string {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) value = Math.imul(value ^ text.charCodeAt(index), 0x01000193) >>> 0;
  return value.toString(36);
}
