import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  directoryResponseSchema,
  eventsResponseSchema,
  shiftsResponseSchema,
  volunteerResponseSchema,
} from '@/lib/three-rings/schemas';
import {
  normaliseEvent,
  normaliseShifts,
  normaliseVolunteer,
  splitRoleSuffix,
  toUtcIso,
} from '@/lib/three-rings/normalise';

const fixture = (name: string) => JSON.parse(readFileSync(resolve('test/fixtures/three-rings', name), 'utf8'));

describe('shift.json', () => {
  it('normalises volunteer_shifts, strips role suffixes and computes the end and unfilled places', () => {
    const shifts = normaliseShifts(shiftsResponseSchema.parse(fixture('shift.json')).shifts);
    expect(shifts.map((shift) => shift.id)).toEqual([900002, 900001]); // sorted by start
    const night = shifts[1]!;
    expect(night.rota).toEqual({ id: 7001, name: 'North Wales' });
    expect(night.end).toBe('2026-07-25T07:00:00.000Z');
    expect(night.volunteers).toEqual([
      { id: 100001, name: 'Alex Morgan', roleCodes: [] },
      { id: 108235, name: 'Dana Thompson', roleCodes: ['COM', 'NW'] },
    ]);
    expect(night.unfilledPlaces).toBe(0);
    expect(shifts[0]!.unfilledPlaces).toBe(3);
  });

  it('accepts the `volunteers` variant and a rota given as a string', () => {
    const raw = {
      shifts: [
        {
          id: '5',
          title: null,
          start_datetime: '2026-01-01T10:00:00.000Z',
          duration: 3600,
          rota: 'Tea & Coffee',
          volunteers: [{ id: 9, volunteer: { id: 12, name: 'Zoë Ní Bhriain [TEA]' } }],
        },
      ],
    };
    const [shift] = normaliseShifts(shiftsResponseSchema.parse(raw).shifts);
    expect(shift).toMatchObject({ id: 5, title: '', rota: { name: 'Tea & Coffee' }, volunteers: [{ id: 12, name: 'Zoë Ní Bhriain', roleCodes: ['TEA'] }] });
    expect(shift!.unfilledPlaces).toBeUndefined();
  });

  it('marks a place put up for swap, and no other', () => {
    const raw = {
      shifts: [
        {
          id: 6,
          start_datetime: '2026-11-22T10:00:00.000Z',
          duration: 3600,
          rota: { id: 1, name: 'Bar' },
          volunteer_shifts: [
            { id: 1, volunteer: { id: 12, name: 'Zoë' }, put_for_swap_at: '2026-11-20T09:00:00.000Z' },
            { id: 2, volunteer: { id: 13, name: 'Yan' }, put_for_swap_at: null },
          ],
        },
      ],
    };
    const [shift] = normaliseShifts(shiftsResponseSchema.parse(raw).shifts);
    expect(shift!.volunteers).toEqual([
      { id: 12, name: 'Zoë', roleCodes: [], upForSwap: true },
      { id: 13, name: 'Yan', roleCodes: [] },
    ]);
  });

  it('accepts the export_rotas shape (flat volunteers, rota name)', () => {
    const [shift] = normaliseShifts(shiftsResponseSchema.parse(fixture('export_rotas.json')).shifts);
    expect(shift).toMatchObject({ id: 60162293, rota: { name: 'Controller' }, volunteers: [{ id: 180262, name: 'Taylor Harris' }] });
    expect(shift!.end).toBe('2024-01-01T14:00:00.000Z');
  });

  it('refuses wrong types and says which path failed', () => {
    const result = shiftsResponseSchema.safeParse({
      shifts: [{ id: 1, start_datetime: 12345, duration: 60, rota: { id: 1, name: 'x' } }],
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['shifts', 0, 'start_datetime']);
  });

  it('refuses volunteer_shifts given as a string', () => {
    const result = shiftsResponseSchema.safeParse({
      shifts: [{ id: 1, start_datetime: '2026-01-01T00:00:00Z', duration: 60, rota: { id: 1, name: 'x' }, volunteer_shifts: 'Alex' }],
    });
    expect(result.error!.issues[0]!.path).toEqual(['shifts', 0, 'volunteer_shifts']);
  });
});

describe('role suffixes and times', () => {
  it.each([
    ['Dana Thompson [COM,NW]', 'Dana Thompson', ['COM', 'NW']],
    ['Dana Thompson', 'Dana Thompson', []],
    ['José [a] Álvarez [SOP]', 'José [a] Álvarez', ['SOP']],
    ['  Sam Lee []  ', 'Sam Lee', []],
  ])('%s', (raw, name, roleCodes) => {
    expect(splitRoleSuffix(raw)).toEqual({ name, roleCodes });
  });

  it('reads a time without a zone as UTC, not as this browser’s local time', () => {
    expect(toUtcIso('2026-07-24T19:00:00')).toBe('2026-07-24T19:00:00.000Z');
    expect(toUtcIso('2026-07-24T19:00:00+01:00')).toBe('2026-07-24T18:00:00.000Z');
  });
});

describe('directory', () => {
  it('normalises the list shape (roles flat, properties keyed by code)', () => {
    const [volunteer] = directoryResponseSchema.parse(fixture('directory.json')).volunteers.map(normaliseVolunteer);
    expect(volunteer).toEqual({
      id: 100001,
      name: 'Alex Morgan',
      roleCodes: ['COM'],
      roles: ['Committee'],
      username: 'demo',
      properties: { email: 'alex@example.org', friendly_name: 'Alex' },
    });
  });

  it('normalises the single-volunteer shape with the same normaliser', () => {
    const volunteer = normaliseVolunteer(volunteerResponseSchema.parse(fixture('directory-108235.json')).volunteer);
    expect(volunteer).toEqual({
      id: 108235,
      name: 'Dana Thompson',
      roleCodes: ['COM', 'Sta', 'OFF'],
      roles: ['Controller', 'Everyone'],
      username: 'bbw_dthompson',
      properties: { first_name: 'Dana', telephone_mobile: '07700900989', email: 'dana@example.com' },
    });
  });
});

describe('events', () => {
  it('keeps event dates as calendar dates and allows virtual events without an id', () => {
    const events = eventsResponseSchema.parse(fixture('events.json')).events.map(normaliseEvent);
    expect(events).toEqual([
      { id: 501, name: 'Winter concert', description: "St Mary's, 7.30pm", type: 'Concert', date: '2026-12-12' },
      { name: 'Zoë\'s birthday', description: '', type: 'Birthday', date: '2026-11-30' },
    ]);
  });
});
