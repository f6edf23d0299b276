import type { ChoirMember, CiviContact, Volunteer } from '@/lib/model';

/* Small records of each system for tests of matching and joining. */

export const volunteer = (id: number, first: string, surname: string, email?: string): Volunteer => ({
  id,
  name: `${first} ${surname}`,
  roleCodes: [],
  roles: [],
  properties: { first_name: first, surname, ...(email && { email }) },
});

export const member = (id: number, first: string, surname: string, email?: string): ChoirMember => ({
  id,
  givenNames: first,
  surname,
  name: `${first} ${surname}`,
  ...(email && { email }),
  voicePart: 'Alto 1',
  membershipStatus: 'Active',
});

export const contact = (id: number, first: string, last: string, email?: string, extra: Partial<CiviContact> = {}): CiviContact => ({
  id,
  name: `${first} ${last}`,
  firstName: first,
  lastName: last,
  ...(email && { email }),
  groups: ['Choir members'],
  memberships: [{ type: 'Singing member', status: 'Current', endDate: '2026-12-31' }],
  ...extra,
});
