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

const offsetFormat = new Map<string, Intl.DateTimeFormat>();

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in ms. */
function zoneOffset(instant: number, timeZone: string): number {
  let format = offsetFormat.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    offsetFormat.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((each) => each.type === type)?.value);
  const wallClock = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wallClock - Math.floor(instant / 1000) * 1000;
}

/** The instant the wall clock shows `hour`:00 on `dateKey` in the member's zone (`timeZone` for tests). */
export function localInstant(dateKey: string, hour: number, timeZone?: string): number {
  const [year, month, day] = dateKey.split('-').map(Number) as [number, number, number];
  if (!timeZone) return new Date(year, month - 1, day, hour).getTime();
  const asIfUtc = Date.UTC(year, month - 1, day, hour);
  const guess = asIfUtc - zoneOffset(asIfUtc, timeZone);
  // The offset at the guess may differ when a clock change falls between it and the answer.
  return asIfUtc - zoneOffset(guess, timeZone);
}
