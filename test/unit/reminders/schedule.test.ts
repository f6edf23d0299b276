import { describe, expect, it } from 'vitest';
import type { Me, Shift } from '@/lib/model';
import { notifiedStillNeeded, reminderDueAt, wantedReminders } from '@/lib/reminders/schedule';
import { HOUR, MINUTE } from '@/lib/time';
import { rotaShift } from './shift';

const LONDON = 'Europe/London';
const ME: Me = { volunteerId: 7, source: 'manual' };

const shift = (id: number, start: string, volunteerIds = [7]): Shift => rotaShift(id, start, volunteerIds);

const at = (iso: string) => Date.parse(iso);

describe('reminderDueAt', () => {
  const start = at('2027-06-21T17:00:00Z');
  it.each([
    ['30m', 30 * MINUTE],
    ['1h', HOUR],
    ['2h', 2 * HOUR],
    ['1d', 24 * HOUR],
  ] as const)('%s before is that long before the start', (lead, ms) => {
    expect(reminderDueAt(start, lead, LONDON)).toBe(start - ms);
  });

  it('1 day before is 24 hours before, even across the clock change', () => {
    expect(reminderDueAt(at('2027-03-28T09:00:00Z'), '1d', LONDON)).toBe(at('2027-03-27T09:00:00Z'));
  });

  it.each([
    // Spring forward on 28 March: the evening before is still in GMT, the day after in BST.
    ['the day the clocks go forward', '2027-03-28T09:00:00Z', '2027-03-27T19:00:00Z'],
    ['just after midnight that night', '2027-03-28T00:30:00Z', '2027-03-27T19:00:00Z'],
    ['the day after the clocks go forward', '2027-03-29T07:00:00Z', '2027-03-28T18:00:00Z'],
    // Fall back on 31 October: the evening before is in BST, the day after in GMT.
    ['the day the clocks go back', '2027-10-31T10:00:00Z', '2027-10-30T18:00:00Z'],
    ['the day after the clocks go back', '2027-11-01T10:00:00Z', '2027-10-31T19:00:00Z'],
  ])('the evening before is 19:00 London time on the previous day: %s', (_, start, expected) => {
    expect(new Date(reminderDueAt(at(start), 'eveningBefore', LONDON)).toISOString()).toBe(new Date(at(expected)).toISOString());
  });

  it('the evening before goes by the local day, not the UTC one', () => {
    // 21:00 on 1 July in New York is already 2 July in UTC.
    expect(new Date(reminderDueAt(at('2027-07-02T01:00:00Z'), 'eveningBefore', 'America/New_York')).toISOString()).toBe('2027-06-30T23:00:00.000Z');
  });
});

describe('wantedReminders', () => {
  const now = at('2027-10-30T12:00:00Z');
  const input = { me: ME, lead: '2h' as const, notified: {}, now, timeZone: LONDON };

  it('wants one per shift of mine yet to start, and none without me', () => {
    const shifts = [shift(1, '2027-10-30T18:00:00Z'), shift(2, '2027-10-30T19:00:00Z', [8]), shift(3, '2027-10-31T10:00:00Z', [7, 8])];
    expect(wantedReminders({ ...input, shifts })).toEqual([
      { shiftId: 1, dueAt: at('2027-10-30T16:00:00Z') },
      { shiftId: 3, dueAt: at('2027-10-31T08:00:00Z') },
    ]);
    expect(wantedReminders({ ...input, shifts, me: null })).toEqual([]);
  });

  it('never wants a shift already notified, even one that has moved since', () => {
    const shifts = [shift(1, '2027-10-30T18:00:00Z'), shift(3, '2027-10-31T15:00:00Z')];
    const notified = { 1: '2027-10-30T18:00:00Z', 3: '2027-10-31T10:00:00Z' };
    expect(wantedReminders({ ...input, shifts, notified })).toEqual([]);
  });

  it('wants a reminder whose time has passed while its shift is still to start, and none once it has started', () => {
    const shifts = [shift(1, '2027-10-30T13:00:00Z'), shift(2, '2027-10-30T11:30:00Z')];
    expect(wantedReminders({ ...input, shifts })).toEqual([{ shiftId: 1, dueAt: at('2027-10-30T11:00:00Z') }]);
  });
});

describe('notifiedStillNeeded', () => {
  it('forgets a notified shift once it is out of the rota and its start has passed', () => {
    const now = at('2027-10-30T12:00:00Z');
    const notified = { 1: '2027-10-29T10:00:00Z', 2: '2027-10-29T11:00:00Z', 3: '2027-11-02T10:00:00Z' };
    expect(notifiedStillNeeded(notified, [shift(2, '2027-10-29T11:00:00Z')], now)).toEqual({ 2: '2027-10-29T11:00:00Z', 3: '2027-11-02T10:00:00Z' });
  });
});
