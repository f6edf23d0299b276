import { describe, expect, it } from 'vitest';
import { normaliseEvents, normaliseMembers } from '@/lib/harmonysite/normalise';
import { eventRecordSchema, memberRecordSchema, membershipRecordSchema, participationRecordSchema } from '@/lib/harmonysite/schemas';

const member = (fields: Record<string, unknown>) => memberRecordSchema.parse(fields);
const membership = (fields: Record<string, unknown>) => membershipRecordSchema.parse(fields);
const participation = (fields: Record<string, unknown>) => participationRecordSchema.parse(fields);

describe('normaliseMembers', () => {
  const margaret = member({ id: '1', Surname: 'Hughes', FirstName: 'Margaret Anne', Greeting: 'Maggie', Email: 'mh@example.org', MobilePhone: {}, HomePhone: '01234 567890' });

  it('joins a member with their membership status and voice part', () => {
    const [result] = normaliseMembers(
      [margaret],
      [membership({ id: '10', Member: '1', Status: 'Former' }), membership({ id: '11', Member: '1', Status: 'Active' })],
      [participation({ id: '20', Member: '1', Part: 'Alto 2', Status: 'Active' }), participation({ id: '21', Member: '1', Part: 'Soprano 1', Status: 'Resigned' })],
    );
    expect(result).toEqual({
      id: 1,
      surname: 'Hughes',
      givenNames: 'Margaret Anne',
      preferredName: 'Maggie',
      name: 'Maggie Hughes',
      email: 'mh@example.org',
      phone: '01234 567890',
      voicePart: 'Alto 2',
      membershipStatus: 'Active',
    });
  });

  it('leaves status and part unknown when the login cannot read those tables', () => {
    const [result] = normaliseMembers([member({ id: '2', Surname: 'Okafor', FirstName: 'Chidi Emeka', Greeting: {} })], [], []);
    expect(result).toEqual({ id: 2, surname: 'Okafor', givenNames: 'Chidi Emeka', name: 'Chidi Okafor' });
  });

  it('keeps hostile text as it came (it is only ever rendered as text)', () => {
    const [result] = normaliseMembers([member({ id: '3', Surname: '<img src=x onerror=alert(1)>', FirstName: 'Mallory' })], [], []);
    expect(result!.name).toBe('Mallory <img src=x onerror=alert(1)>');
  });
});

describe('normaliseEvents', () => {
  it('dates events from the raw value and keeps descriptions as plain text', () => {
    const events = normaliseEvents([
      eventRecordSchema.parse({ id: '5', Title: 'Winter concert', start: 'Sat 5 Dec 2026', RAW_start: '2026-12-05', Time: '7.30pm', Description: '<p>Black &amp; white</p>' }),
      eventRecordSchema.parse({ id: '6', Title: 'No date', start: {}, Description: {} }),
    ]);
    expect(events).toEqual([{ id: 5, name: 'Winter concert', description: 'Black & white', type: '', date: '2026-12-05', time: '7.30pm' }]);
  });
});
