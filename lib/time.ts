/** Calendar dates (YYYY-MM-DD) in the member's own time zone, and simple arithmetic on them. */

const dateKeyFormat = new Map<string, Intl.DateTimeFormat>();

export function localDateKey(instant: Date | number, timeZone?: string): string {
  const zoneKey = timeZone ?? '';
  let format = dateKeyFormat.get(zoneKey);
  if (!format) {
    // en-CA formats dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone });
    dateKeyFormat.set(zoneKey, format);
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
