import { MINUTE, HOUR, DAY } from './time';

/**
 * Dates and times in the member's own locale and time zone. `timeZone` is only passed by tests;
 * in the browser the system zone is used.
 */
export interface FormatOptions {
  locale?: string;
  timeZone?: string;
}

export function formatDay(instant: string | number, { locale, timeZone }: FormatOptions = {}): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone }).format(new Date(instant));
}

/** A calendar date such as an event's, which has no zone: shown as that same date everywhere. */
export function formatDateKey(dateKey: string, { locale }: FormatOptions = {}): string {
  const [year, month, day] = dateKey.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, day)),
  );
}

export function formatTimeRange(start: string, end: string, { locale, timeZone }: FormatOptions = {}): string {
  const format = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone });
  return format.formatRange(new Date(start), new Date(end));
}

export function formatClock(instant: number, { locale, timeZone }: FormatOptions = {}): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone }).format(new Date(instant));
}

/** "just now", "5 minutes ago", "yesterday"… */
export function formatAgo(instant: number, now: number, { locale }: FormatOptions = {}): string {
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const elapsed = Math.max(0, now - instant);
  if (elapsed < MINUTE) return format.format(0, 'second');
  if (elapsed < HOUR) return format.format(-Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return format.format(-Math.floor(elapsed / HOUR), 'hour');
  return format.format(-Math.floor(elapsed / DAY), 'day');
}
