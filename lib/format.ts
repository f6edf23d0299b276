import { t } from './i18n';
import { MINUTE, HOUR, DAY } from './time';

/**
 * Dates and times in the member's own locale and time zone. `timeZone` is only passed by tests;
 * in the browser the system zone is used.
 */
export interface FormatOptions {
  locale?: string;
  timeZone?: string;
}

type DateTimeStyle = 'day' | 'calendarDay' | 'longDate' | 'time' | 'dayTime' | 'wallClock';

const STYLES: Record<DateTimeStyle, Intl.DateTimeFormatOptions> = {
  day: { weekday: 'short', day: 'numeric', month: 'short' },
  // A calendar date has no zone: show it as the same date everywhere.
  calendarDay: { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' },
  // A date that may be years away, such as when a membership ends.
  longDate: { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' },
  time: { hour: 'numeric', minute: '2-digit' },
  // Times on two days, as an overnight shift has: the weekday says which side of midnight.
  dayTime: { weekday: 'short', hour: 'numeric', minute: '2-digit' },
  // A time of day with no zone (an event's "7.30pm"): the same wall-clock time everywhere.
  wallClock: { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' },
};

const formattingLocales = new Map<string, string>();

/**
 * The locale dates, times and lists are written in: the one asked for, else the browser's own
 * languages in order, the first this browser has the formats of. Chromium's ICU has no Welsh:
 * asked for 'cy' it writes the bare root patterns ("M12 3, Thu"), so a Welsh member there gets
 * the dates of their next language, else British English ones, as Descant's English is British.
 */
export function formattingLocale(asked?: string): string {
  const key = asked ?? '';
  let locale = formattingLocales.get(key);
  if (!locale) {
    const preferred = [...(asked ? [asked] : []), ...(globalThis.navigator?.languages ?? [])];
    locale = Intl.DateTimeFormat.supportedLocalesOf(preferred)[0] ?? 'en-GB';
    formattingLocales.set(key, locale);
  }
  return locale;
}

/** Building an Intl formatter costs far more than using one, and the popup formats dozens of times. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(style: DateTimeStyle, { locale, timeZone }: FormatOptions): Intl.DateTimeFormat {
  const key = `${style}|${locale ?? ''}|${timeZone ?? ''}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(formattingLocale(locale), { timeZone, ...STYLES[style] });
    formatters.set(key, cached);
  }
  return cached;
}

export function formatDay(instant: string | number, options: FormatOptions = {}): string {
  return formatter('day', options).format(new Date(instant));
}

export function formatDateKey(dateKey: string, options: FormatOptions = {}): string {
  const [year, month, day] = dateKey.split('-').map(Number) as [number, number, number];
  // In the system zone, noon on that date is that date: the "day" formatter serves, one fewer to build.
  if (!options.timeZone) return formatter('day', options).format(new Date(year, month - 1, day, 12));
  return formatter('calendarDay', options).format(new Date(Date.UTC(year, month - 1, day)));
}

/** A calendar date (YYYY-MM-DD) with its year, e.g. "31 Dec 2026". */
export function formatLongDate(dateKey: string, options: FormatOptions = {}): string {
  const [year, month, day] = dateKey.split('-').map(Number) as [number, number, number];
  return formatter('longDate', options).format(new Date(Date.UTC(year, month - 1, day)));
}

/**
 * "7:00 – 9:30 PM"; over midnight "Sat 10:00 PM – Sun 2:00 AM". Intl's own range across two
 * days adds the day of the month to each side ("10 Sat, 10:00 PM – 11 Sun, …"), so an
 * overnight range is its two ends, each with its weekday.
 */
export function formatTimeRange(start: string, end: string, options: FormatOptions = {}): string {
  if (formatDay(start, options) === formatDay(end, options)) return formatter('time', options).formatRange(new Date(start), new Date(end));
  const dayTime = formatter('dayTime', options);
  return `${dayTime.format(new Date(start))} – ${dayTime.format(new Date(end))}`;
}

export function formatClock(instant: number, options: FormatOptions = {}): string {
  return formatter('time', options).format(new Date(instant));
}

const relativeFormatters = new Map<string, Intl.RelativeTimeFormat>();

/**
 * "now", "5 minutes ago", "yesterday"… in Intl's words for the member's language, or in Descant's
 * own where the browser has none for it (Chromium has no Welsh, and would say "now").
 */
export function formatAgo(instant: number, now: number, { locale }: FormatOptions = {}): string {
  const elapsed = Math.max(0, now - instant);
  const language = locale ?? globalThis.navigator?.language;
  if (language && Intl.RelativeTimeFormat.supportedLocalesOf([language]).length === 0) return agoInOwnWords(elapsed);
  let format = relativeFormatters.get(locale ?? '');
  if (!format) {
    format = new Intl.RelativeTimeFormat(formattingLocale(locale), { numeric: 'auto' });
    relativeFormatters.set(locale ?? '', format);
  }
  if (elapsed < MINUTE) return format.format(0, 'second');
  if (elapsed < HOUR) return format.format(-Math.floor(elapsed / MINUTE), 'minute');
  if (elapsed < DAY) return format.format(-Math.floor(elapsed / HOUR), 'hour');
  return format.format(-Math.floor(elapsed / DAY), 'day');
}

function agoInOwnWords(elapsed: number): string {
  if (elapsed < MINUTE) return t('agoNow');
  if (elapsed < HOUR) return t('agoMinutes', [String(Math.floor(elapsed / MINUTE))]);
  if (elapsed < DAY) return t('agoHours', [String(Math.floor(elapsed / HOUR))]);
  if (elapsed < 2 * DAY) return t('agoYesterday');
  return t('agoDays', [String(Math.floor(elapsed / DAY))]);
}

/** A time of day given as minutes after midnight, in the member's locale ("7:30 PM", "19:30"). */
export function formatWallClock(minutes: number, options: FormatOptions = {}): string {
  return formatter('wallClock', options).format(Date.UTC(2000, 0, 1, Math.floor(minutes / 60), minutes % 60));
}
