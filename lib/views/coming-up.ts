import type { ChoirEvent } from '../model';
import { formatWallClock, type FormatOptions } from '../format';

/**
 * "Coming up": the events of every source (Three Rings, HarmonySite) from today on, in date
 * order, then by time of day (an event with none first, as a day-long one), then by name.
 */
export function comingUp(events: ChoirEvent[], today: string): ChoirEvent[] {
  const timed = events.filter((event) => event.date >= today).map((event) => ({ event, minutes: event.time === undefined ? undefined : wallClockMinutes(event.time) }));
  timed.sort((a, b) => a.event.date.localeCompare(b.event.date) || (a.minutes ?? -1) - (b.minutes ?? -1) || a.event.name.localeCompare(b.event.name));
  return timed.map(({ event }) => event);
}

const CLOCK = /^\s*(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\s*$/i;

/**
 * A time as a choir's site writes it ("7.30pm", "7:30 PM", "19:30", "10am") as minutes after
 * midnight, or undefined for anything else ("TBC", "after rehearsal"), which is shown as written.
 */
export function wallClockMinutes(text: string): number | undefined {
  const match = CLOCK.exec(text);
  if (!match) return undefined;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  const half = match[3]?.toLowerCase().replace(/\./g, '');
  if (half && (hour < 1 || hour > 12)) return undefined;
  if (half === 'pm' && hour < 12) hour += 12;
  if (half === 'am' && hour === 12) hour = 0;
  if (!half && match[2] === undefined) return undefined; // a bare number is not clearly a time
  if (hour > 23 || minute > 59) return undefined;
  return hour * 60 + minute;
}

/** An event's time in the member's own format where it can be read, else as the site wrote it. */
export function formatEventTime(text: string, format?: FormatOptions): string {
  const minutes = wallClockMinutes(text);
  return minutes === undefined ? text : formatWallClock(minutes, format);
}
