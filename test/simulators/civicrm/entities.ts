import type { CiviCrmData, ContactRow, GroupRow } from './data';

/**
 * The entities both APIs read, as APIv4 sees them: one flat record per row with every field it
 * can select or filter on, joins (`email_primary.email`) and pseudo-constant labels
 * (`status_id:label`) included. APIv3 (api3.ts) renames and stringifies these records.
 */

export type Value = string | number | boolean | null | readonly number[];
export type ApiRecord = Record<string, Value>;

export const ENTITY_NAMES = ['Contact', 'Email', 'Group', 'GroupContact', 'Membership', 'MembershipType', 'MembershipStatus'] as const;
export type EntityName = (typeof ENTITY_NAMES)[number];

export function isEntityName(name: string): name is EntityName {
  return (ENTITY_NAMES as readonly string[]).includes(name);
}

/** Every call needs the route's permission; these entities need more (reference §B1). */
export const ENTITY_PERMISSIONS: Readonly<Record<EntityName, readonly string[]>> = {
  Contact: ['access CiviCRM'],
  Email: ['access CiviCRM'],
  Group: ['access CiviCRM'],
  GroupContact: ['access CiviCRM'],
  Membership: ['access CiviCRM', 'access CiviMember'],
  MembershipType: ['access CiviCRM', 'access CiviMember'],
  MembershipStatus: ['access CiviCRM', 'access CiviMember'],
};

/** What APIv4 returns for `select: ['*']` (or no select): the entity's own fields, no joins. */
export const DEFAULT_FIELDS: Readonly<Record<EntityName, readonly string[]>> = {
  Contact: ['id', 'contact_type', 'contact_sub_type', 'display_name', 'sort_name', 'first_name', 'middle_name', 'last_name', 'nick_name', 'organization_name', 'household_name', 'is_deleted', 'is_deceased', 'created_date'],
  Email: ['id', 'contact_id', 'location_type_id', 'email', 'is_primary'],
  Group: ['id', 'name', 'title', 'description', 'is_active', 'visibility', 'group_type', 'saved_search_id'],
  GroupContact: ['id', 'group_id', 'contact_id', 'status'],
  Membership: ['id', 'contact_id', 'membership_type_id', 'status_id', 'join_date', 'start_date', 'end_date', 'is_test'],
  MembershipType: ['id', 'name', 'is_active'],
  MembershipStatus: ['id', 'name', 'label', 'is_current_member', 'is_active'],
};

/** Fields beyond the defaults that can be selected and filtered on: joins and pseudo-constant labels. */
export const EXTRA_FIELDS: Readonly<Record<EntityName, readonly string[]>> = {
  Contact: ['email_primary.email'],
  Email: [],
  Group: [],
  GroupContact: [],
  Membership: ['membership_type_id:label', 'membership_type_id:name', 'status_id:label', 'status_id:name'],
  MembershipType: [],
  MembershipStatus: [],
};

export function isField(entity: EntityName, field: string): boolean {
  return DEFAULT_FIELDS[entity].includes(field) || EXTRA_FIELDS[entity].includes(field);
}

/** Every record of an entity, read from the live data. */
export function recordsOf(data: CiviCrmData, entity: EntityName): ApiRecord[] {
  switch (entity) {
    case 'Contact':
      return data.contacts.map(contactRecord);
    case 'Email':
      // One primary "Home" email each, numbered in the contacts' order.
      return data.contacts.flatMap((contact, index) => (contact.email ? [{ id: 1_000 + index, contact_id: contact.id, location_type_id: 1, email: contact.email, is_primary: true }] : []));
    case 'Group':
      return data.groups.map((group) => ({ ...group }));
    case 'GroupContact':
      return data.groupContacts.map((row) => ({ ...row }));
    case 'Membership':
      return membershipRecords(data);
    case 'MembershipType':
      return data.membershipTypes.map((row) => ({ ...row }));
    case 'MembershipStatus':
      return data.membershipStatuses.map((row) => ({ ...row }));
  }
}

function contactRecord(contact: ContactRow): ApiRecord {
  const { email, ...fields } = contact;
  return { ...fields, contact_sub_type: null, 'email_primary.email': email };
}

function membershipRecords(data: CiviCrmData): ApiRecord[] {
  const typeName = new Map(data.membershipTypes.map((type) => [type.id, type.name]));
  const status = new Map(data.membershipStatuses.map((row) => [row.id, row]));
  return data.memberships.map((row) => ({
    ...row,
    is_test: false,
    'membership_type_id:label': typeName.get(row.membership_type_id) ?? null,
    'membership_type_id:name': typeName.get(row.membership_type_id) ?? null,
    'status_id:label': status.get(row.status_id)?.label ?? null,
    'status_id:name': status.get(row.status_id)?.name ?? null,
  }));
}

// ---------------------------------------------------------------------------------------------
// Group membership, static and smart

/**
 * Contact ids in these groups, as the `groups` filter (v4) and `group` param (v3) see them:
 * static groups from GroupContact rows "Added", smart groups from their saved search.
 */
export function contactsInGroups(data: CiviCrmData, groupIds: readonly number[]): Set<number> {
  const members = new Set<number>();
  for (const groupId of groupIds) {
    const group = data.groups.find((candidate) => candidate.id === groupId);
    if (!group) continue;
    for (const contactId of contactsInGroup(data, group)) members.add(contactId);
  }
  return members;
}

function contactsInGroup(data: CiviCrmData, group: GroupRow): number[] {
  if (group.saved_search_id === null) {
    return data.groupContacts.filter((row) => row.group_id === group.id && row.status === 'Added').map((row) => row.contact_id);
  }
  const search = data.savedSearches.find((candidate) => candidate.id === group.saved_search_id);
  return search?.rule === 'latest-membership-expired' ? latestMembershipExpired(data) : [];
}

/** Live contacts whose most recent membership (by start date) has the status Expired. */
function latestMembershipExpired(data: CiviCrmData): number[] {
  const expired = new Set(data.membershipStatuses.filter((status) => status.name === 'Expired').map((status) => status.id));
  const latest = new Map<number, { start: string; statusId: number }>();
  for (const row of data.memberships) {
    const known = latest.get(row.contact_id);
    if (!known || row.start_date >= known.start) latest.set(row.contact_id, { start: row.start_date, statusId: row.status_id });
  }
  const live = new Set(data.contacts.filter((contact) => !contact.is_deleted).map((contact) => contact.id));
  return [...latest].filter(([contactId, { statusId }]) => expired.has(statusId) && live.has(contactId)).map(([contactId]) => contactId);
}

// ---------------------------------------------------------------------------------------------
// Comparing and sorting, as MySQL with a case-insensitive collation would

/** `actual = expected`, with PHP/MySQL's loose idea of booleans and numbers; NULL equals nothing. */
export function sameValue(actual: Value, expected: unknown): boolean {
  if (actual === null || expected === null || expected === undefined) return false;
  if (typeof actual === 'boolean') return actual === asBoolean(expected);
  if (typeof actual === 'number') return (typeof expected === 'number' || typeof expected === 'string') && String(expected).trim() !== '' && Number(expected) === actual;
  if (Array.isArray(actual)) return actual.some((item) => sameValue(item, expected));
  return typeof expected !== 'object' && String(actual).toLowerCase() === String(expected).toLowerCase();
}

function asBoolean(value: unknown): boolean | undefined {
  if (value === true || value === 1 || value === '1' || value === 'true') return true;
  if (value === false || value === 0 || value === '0' || value === 'false' || value === '') return false;
  return undefined;
}

/** SQL LIKE: % any run, _ one character, case-insensitive. */
export function likeValue(actual: Value, pattern: unknown): boolean {
  if (actual === null || typeof pattern !== 'string') return false;
  const regex = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${regex}$`, 'is').test(String(actual));
}

export interface SortKey {
  field: string;
  descending: boolean;
}

/** Sorts by the keys in turn, then by id; NULL first when ascending, as MySQL does. */
export function sortRecords(records: ApiRecord[], keys: readonly SortKey[]): ApiRecord[] {
  return [...records].sort((a, b) => {
    for (const { field, descending } of keys) {
      const order = compareValues(a[field] ?? null, b[field] ?? null);
      if (order !== 0) return descending ? -order : order;
    }
    return Number(a.id) - Number(b.id);
  });
}

export function compareValues(a: Value, b: Value): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
  return String(a).localeCompare(String(b), 'en', { sensitivity: 'base' });
}
