import { describe, expect, it } from 'vitest';
import type { ChoirEvent } from '@/lib/model';
import { comingUp, formatEventTime, wallClockMinutes } from '@/lib/views/coming-up';

const event = (name: string, date: string, time?: string): ChoirEvent => ({ name, date, description: '', type: '', ...(time && { time }) });

describe('Coming up', () => {
  it('merges every source in date order, then by time of day (day-long first), then by name', () => {
    const threeRings = [event('Committee', '2027-03-30'), event('AGM', '2027-03-29'), event('Old', '2027-03-01')];
    const harmonySite = [event('Rehearsal', '2027-03-30', '7.30pm'), event('Sectional', '2027-03-30', '10am'), event('Concert', '2027-03-29', 'TBC')];
    expect(comingUp([...threeRings, ...harmonySite], '2027-03-29').map((item) => item.name)).toEqual(['AGM', 'Concert', 'Committee', 'Sectional', 'Rehearsal']);
  });

  it.each([
    ['7.30pm', 19 * 60 + 30],
    ['7:30 PM', 19 * 60 + 30],
    ['19:30', 19 * 60 + 30],
    ['10am', 10 * 60],
    ['12pm', 12 * 60],
    ['12.15 a.m.', 15],
    ['7', undefined],
    ['TBC', undefined],
    ['after rehearsal', undefined],
    ['25:00', undefined],
    ['13pm', undefined],
  ])('reads %j as %s minutes after midnight', (text, minutes) => {
    expect(wallClockMinutes(text)).toBe(minutes);
  });

  it("shows a readable time in the member's own format, whatever their zone, and other text as written", () => {
    const clean = (text: string) => text.replace(/\s/g, ' ');
    expect(clean(formatEventTime('7.30pm', { locale: 'en-GB', timeZone: 'Pacific/Auckland' }))).toBe('19:30');
    expect(clean(formatEventTime('7.30pm', { locale: 'en-US', timeZone: 'America/Los_Angeles' }))).toBe('7:30 PM');
    expect(formatEventTime('after rehearsal', { locale: 'en-GB' })).toBe('after rehearsal');
  });
});
