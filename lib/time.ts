/** Calendar dates (YYYY-MM-DD) in the member's own time zone, and simple arithmetic on them. */

const dateKeyFormat = new Map<string, Intl.DateTimeFormat>();

/** `timeZone` is only passed by tests; without it the system zone is used, with no Intl cost. */
export function localDateKey(instant: Date | number, timeZone?: string): string {
  if (!timeZone) {
    const date = new Date(instant);
    return [date.getFullYear(), date.getMonth() + 1, date.getDate()].map((part) => String(part).padStart(2, '0')).join('-');
  }
  let format = dateKeyFormat.get(timeZone);
  if (!format) {
    // en-CA formats dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone });
    dateKeyFormat.set(timeZone, format);
  }
  return format.format(instant);
}

export function addDays(dateKey: string, days: number): string {
  const [year, month, day] = dateKey.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
