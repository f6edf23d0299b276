/*
 * Calendar entries as RFC 5545 iCalendar text, for "Add to calendar". Times are written in UTC
 * (a trailing Z), so every calendar shows them in its own zone; a day with no time is a DATE.
 * Each entry's UID is stable, so importing it again updates the entry rather than adding one.
 */

/** One thing to put in a calendar: a shift, or an event of the choir's. */
export interface CalendarEntry {
  /** Stable for the shift or event, e.g. "threeRings-shift-123@descant". */
  uid: string;
  summary: string;
  description?: string;
  url?: string;
  /** An instant (ISO 8601), or for an all-day entry its first day (YYYY-MM-DD). */
  start: string;
  /** An instant, or for an all-day entry the day after its last (iCalendar's end is exclusive). */
  end: string;
  allDay: boolean;
}

const LINE_OCTETS = 75;

/** A whole calendar file, lines ending CRLF. `now` stamps each entry (DTSTAMP). */
export function icsCalendar(entries: CalendarEntry[], now: number): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Descant//Descant//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'];
  for (const entry of entries) lines.push(...eventLines(entry, now));
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

function eventLines(entry: CalendarEntry, now: number): string[] {
  const when = (name: 'DTSTART' | 'DTEND', value: string) => (entry.allDay ? `${name};VALUE=DATE:${value.replace(/-/g, '')}` : `${name}:${utcStamp(Date.parse(value))}`);
  return [
    'BEGIN:VEVENT',
    `UID:${escapeText(entry.uid)}`,
    `DTSTAMP:${utcStamp(now)}`,
    when('DTSTART', entry.start),
    when('DTEND', entry.end),
    `SUMMARY:${escapeText(entry.summary)}`,
    ...(entry.description ? [`DESCRIPTION:${escapeText(entry.description)}`] : []),
    // A URI value is not TEXT: only line breaks, which would end the property, are left out.
    ...(entry.url ? [`URL:${entry.url.replace(/[\r\n]/g, '')}`] : []),
    'END:VEVENT',
  ];
}

/** 20270330T161500Z */
export function utcStamp(instant: number): string {
  return new Date(instant).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** TEXT values: backslash, semicolon and comma escaped, line breaks as \n (RFC 5545 3.3.11). */
export function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Lines longer than 75 octets are folded: a CRLF and one space, never inside a UTF-8 character
 * (RFC 5545 3.1).
 */
export function fold(line: string): string {
  const encoder = new TextEncoder();
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const character of line) {
    const size = encoder.encode(character).length;
    // Continuation lines begin with the space, which counts towards their 75.
    const limit = parts.length === 0 ? LINE_OCTETS : LINE_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += character;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** A Google Calendar link that opens a new event filled in, for the member to save or not. */
export function googleCalendarLink(entry: CalendarEntry): string {
  const dates = entry.allDay
    ? `${entry.start.replace(/-/g, '')}/${entry.end.replace(/-/g, '')}`
    : `${utcStamp(Date.parse(entry.start))}/${utcStamp(Date.parse(entry.end))}`;
  const params = new URLSearchParams({ action: 'TEMPLATE', text: entry.summary, dates });
  const details = [entry.description, entry.url].filter(Boolean).join('\n\n');
  if (details) params.set('details', details);
  return `https://calendar.google.com/calendar/render?${params}`;
}

/** A file as a link can download it. */
export function icsDataUrl(ics: string): string {
  return `data:text/calendar;charset=utf-8,${encodeURIComponent(ics)}`;
}
