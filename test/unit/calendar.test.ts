import { describe, expect, it } from 'vitest';
import { escapeText, fold, googleCalendarLink, icsCalendar } from '@/lib/calendar/ics';
import { eventEntry, shiftEntry } from '@/lib/calendar/entries';
import type { Shift } from '@/lib/model';
import { fixedClock } from '../clock';

const now = fixedClock('2027-03-20T09:00:00Z')().getTime();
const shift: Shift = {
  id: 4242,
  rota: { id: 7, name: 'Front of House' },
  title: '',
  start: '2027-03-30T16:15:00Z',
  end: '2027-03-30T17:00:00Z',
  allDay: false,
  volunteers: [
    { id: 1, name: 'Ann Lee', roleCodes: [] },
    { id: 2, name: 'Bob Roy', roleCodes: [] },
  ],
  unfilledPlaces: 0,
  closed: false,
};
const me = { volunteerId: 1, source: 'page' as const };
/** The lines of a calendar file, unfolded. */
const lines = (ics: string) => ics.replace(/\r\n /g, '').split('\r\n');

describe('the .ics writer', () => {
  it('writes a shift in UTC with a stable UID, the rota as its summary, the others in the description, and its link', () => {
    const ics = icsCalendar([shiftEntry(shift, me, 'Europe/London')], now);
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
    expect(lines(ics)).toEqual([
      'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Descant//Descant//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH',
      'BEGIN:VEVENT',
      'UID:threeRings-shift-4242@descant',
      'DTSTAMP:20270320T090000Z',
      'DTSTART:20270330T161500Z',
      'DTEND:20270330T170000Z',
      'SUMMARY:Front of House',
      'DESCRIPTION:With Bob Roy',
      'URL:https://www.3r.org.uk/rota/for/2027-03-30/rolling%20week',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ]);
    // The same shift on another day, or exported again, keeps its UID: a calendar updates it.
    expect(lines(icsCalendar([shiftEntry({ ...shift, start: '2027-04-01T16:00:00Z', end: '2027-04-01T17:00:00Z' }, me)], now + 1))).toContain('UID:threeRings-shift-4242@descant');
  });

  it('escapes backslashes, semicolons, commas and line breaks in text', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
    const ics = icsCalendar([{ ...shiftEntry({ ...shift, rota: { name: 'Bar; cellar, and\nstore' } }, me), description: 'x' }], now);
    expect(lines(ics)).toContain('SUMMARY:Bar\\; cellar\\, and\\nstore');
  });

  it('folds lines longer than 75 octets, never inside a character', () => {
    const long = `DESCRIPTION:${'Ω'.repeat(60)}${'a'.repeat(40)}`;
    const folded = fold(long);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(new TextEncoder().encode(part).length).toBeLessThanOrEqual(75);
    expect(parts.slice(1).every((part) => part.startsWith(' '))).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(long);
    expect(fold('short')).toBe('short');
  });

  it('writes all-day shifts and events as dates, the end the day after', () => {
    const allDay = shiftEntry({ ...shift, allDay: true, start: '2027-03-30T00:00:00Z', end: '2027-03-31T00:00:00Z' }, me, 'UTC');
    expect(lines(icsCalendar([allDay], now))).toEqual(expect.arrayContaining(['DTSTART;VALUE=DATE:20270330', 'DTEND;VALUE=DATE:20270331']));
    const event = eventEntry({ id: 9, name: 'Christmas Concert', description: 'Bring your folder.', type: '', date: '2027-12-18', time: '7:30pm' });
    expect(lines(icsCalendar([event], now))).toEqual(expect.arrayContaining(['DTSTART;VALUE=DATE:20271218', 'DTEND;VALUE=DATE:20271219', 'DESCRIPTION:7:30pm\\nBring your folder.']));
    expect(eventEntry({ id: 9, name: 'Christmas Concert', description: '', type: '', date: '2027-12-18' }).uid).toBe(event.uid);
  });

  it('gives a Google Calendar link with the times in UTC', () => {
    const link = new URL(googleCalendarLink(shiftEntry(shift, me)));
    expect(link.origin).toBe('https://calendar.google.com');
    expect(link.searchParams.get('action')).toBe('TEMPLATE');
    expect(link.searchParams.get('text')).toBe('Front of House');
    expect(link.searchParams.get('dates')).toBe('20270330T161500Z/20270330T170000Z');
    expect(link.searchParams.get('details')).toContain('With Bob Roy');
  });
});
