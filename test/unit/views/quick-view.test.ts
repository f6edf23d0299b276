import { describe, expect, it } from 'vitest';
import type { Shift } from '@/lib/model';
import { buildQuickView, countMyShiftsNextDay } from '@/lib/views/quick-view';

const me = { volunteerId: 1, name: 'Alex', source: 'page' as const };
const HOUR = 3600_000;
const now = Date.parse('2026-11-22T12:00:00Z'); // a Sunday

function shift(id: number, startOffsetHours: number, people: number[], durationHours = 2): Shift {
  const start = new Date(now + startOffsetHours * HOUR);
  return {
    id,
    rota: { id: 1, name: 'Front of House' },
    title: '',
    start: start.toISOString(),
    end: new Date(start.getTime() + durationHours * HOUR).toISOString(),
    allDay: false,
    volunteers: people.map((person) => ({ id: person, name: `P${person}`, roleCodes: [] })),
    unfilledPlaces: 0,
    closed: false,
  };
}

describe('buildQuickView', () => {
  const shifts = [
    shift(1, -30, [1]), // yesterday, over
    shift(2, -1, [1, 2]), // running now
    shift(3, 7, [2]),
    shift(4, 24 * 6, [1]),
    shift(5, 24 * 10, [1]), // beyond the rota week, within my 14 days
    shift(6, 24 * 15, [1]), // beyond 14 days
  ];

  it('lists my shifts that have not ended, up to 14 days ahead', () => {
    expect(buildQuickView(shifts, [], me, now, 'UTC').myShifts.map((s) => s.id)).toEqual([2, 4, 5]);
  });

  it('groups the next 7 days of the rota by the member’s own calendar day', () => {
    const days = buildQuickView(shifts, [], me, now, 'UTC').rotaDays;
    expect(days.map((day) => [day.date, day.shifts.map((s) => s.id)])).toEqual([
      ['2026-11-22', [2, 3]],
      ['2026-11-28', [4]],
    ]);
  });

  it('puts a late-evening UTC shift on the next day for a member in Auckland', () => {
    const evening = shift(9, 10, [2]); // 22:00 UTC = 11:00 next day in Auckland
    const days = buildQuickView([evening], [], me, now, 'Pacific/Auckland').rotaDays;
    expect(days[0]!.date).toBe('2026-11-23');
  });

  it('shows no personal shifts when it does not know who I am', () => {
    expect(buildQuickView(shifts, [], null, now, 'UTC').myShifts).toEqual([]);
  });

  it('drops past events', () => {
    const events = [
      { name: 'Old', description: '', type: '', date: '2026-11-21' },
      { name: 'Today', description: '', type: '', date: '2026-11-22' },
    ];
    expect(buildQuickView([], events, me, now, 'UTC').events.map((event) => event.name)).toEqual(['Today']);
  });
});

describe('countMyShiftsNextDay', () => {
  it('counts my shifts running or starting in the next 24 hours', () => {
    const shifts = [shift(1, -1, [1]), shift(2, 5, [1]), shift(3, 23, [1]), shift(4, 25, [1]), shift(5, 5, [2])];
    expect(countMyShiftsNextDay(shifts, me, now)).toBe(3);
    expect(countMyShiftsNextDay(shifts, null, now)).toBe(0);
  });
});

describe('Could you help?', () => {
  const short = (id: number, hours: number, people: number[], rota = { id: 1, name: 'Front of House' }): Shift => ({ ...shift(id, hours, people), rota, unfilledPlaces: 1 });

  it('lists open shifts short of people in the next 7 days, on rotas I am on, that I am not on', () => {
    const shifts = [
      shift(1, 24, [1]), // mine: Front of House is my rota
      short(2, 30, [2]), // wanted
      short(3, 40, [1]), // short, but I am on it
      short(4, 50, [2], { id: 2, name: 'Bar' }), // not my rota
      short(5, 24 * 8, [2]), // beyond 7 days
      { ...short(6, 60, [2]), closed: true },
      { ...short(7, 70, [2]), unfilledPlaces: 0 },
      short(8, -5, [2]), // over
    ];
    expect(buildQuickView(shifts, [], me, now, 'UTC').couldHelp.map((s) => s.id)).toEqual([2]);
  });

  it('lists nothing when I am on no rota, or nobody knows who I am', () => {
    expect(buildQuickView([short(2, 30, [2])], [], me, now, 'UTC').couldHelp).toEqual([]);
    expect(buildQuickView([shift(1, 24, [1]), short(2, 30, [2])], [], null, now, 'UTC').couldHelp).toEqual([]);
  });
});
