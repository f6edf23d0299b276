/**
 * Calendar helpers for the organisation's time zone. Shifts are planned in London wall-clock
 * time (a rehearsal is at 19:00 whether or not it is summer), served in JSON as true UTC
 * instants, and shown in HTML as London wall-clock time again.
 */

export const ORG_TIME_ZONE = 'Europe/London';
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** A calendar date, YYYY-MM-DD. */
export type CalendarDate = string;

const londonFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ORG_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function londonWallClock(instantMs: number): WallClock {
  const parts: Record<string, number> = {};
  for (const part of londonFormat.formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The London calendar date of an instant. */
export function londonDate(instantMs: number): CalendarDate {
  const { year, month, day } = londonWallClock(instantMs);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/** The London wall-clock time of an instant, HH:MM. */
export function londonTime(instantMs: number): string {
  const { hour, minute } = londonWallClock(instantMs);
  return `${pad(hour)}:${pad(minute)}`;
}

/** How far London is ahead of UTC at an instant (0 in winter, one hour in summer). */
function londonOffsetMs(instantMs: number): number {
  const w = londonWallClock(instantMs);
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wallAsUtc - Math.floor(instantMs / 1000) * 1000;
}

/** The instant at which London clocks show `date` `hour`:`minute`. */
export function londonToInstant(date: CalendarDate, hour: number, minute = 0): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute);
  const firstGuess = wallAsUtc - londonOffsetMs(wallAsUtc);
  // Near a clock change the offset at the guess can differ from the offset at the answer.
  return wallAsUtc - londonOffsetMs(firstGuess);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
export function weekday(date: CalendarDate): number {
  return new Date(`${date}T12:00:00Z`).getUTCDay();
}

export function isCalendarDate(value: string): value is CalendarDate {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

/** Three Rings' timestamp format: UTC with millisecond precision, e.g. 2026-07-24T19:00:00.000Z. */
export function isoTimestamp(instantMs: number): string {
  return new Date(Math.floor(instantMs / 1000) * 1000).toISOString();
}
