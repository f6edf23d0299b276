import type { CiviContact, CiviMembership } from '../model';
import type { ContactRecord, MembershipRecord } from './schemas';

/** Labels by id, for APIv3 replies that name a membership's type and status by id only. */
export interface MembershipLabels {
  types: Map<number, string>;
  statuses: Map<number, string>;
}

/**
 * CiviCRM's contacts with the groups they are in and their CiviMember memberships, as one
 * CiviContact each. A contact with no name at all is shown by id rather than dropped.
 */
export function normaliseContacts(contacts: ContactRecord[], groupsOf: Map<number, string[]>, memberships: MembershipRecord[], labels?: MembershipLabels): CiviContact[] {
  const membershipsOf = new Map<number, CiviMembership[]>();
  for (const record of memberships) {
    const membership = toMembership(record, labels);
    membershipsOf.set(record.contactId, [...(membershipsOf.get(record.contactId) ?? []), membership]);
  }
  return contacts.map((record) => {
    const name = record.display_name ?? ([record.first_name, record.last_name].filter(Boolean).join(' ') || `#${record.id}`);
    return {
      id: record.id,
      name,
      ...(record.first_name && { firstName: record.first_name }),
      ...(record.last_name && { lastName: record.last_name }),
      ...(record.nick_name && { nickName: record.nick_name }),
      ...(record.email && { email: record.email }),
      groups: [...new Set(groupsOf.get(record.id) ?? [])].sort((a, b) => a.localeCompare(b)),
      memberships: (membershipsOf.get(record.id) ?? []).sort(byRelevance),
    };
  });
}

function toMembership(record: MembershipRecord, labels?: MembershipLabels): CiviMembership {
  const type = record.typeLabel ?? (record.typeId !== undefined ? labels?.types.get(record.typeId) : undefined) ?? '';
  const status = record.statusLabel ?? (record.statusId !== undefined ? labels?.statuses.get(record.statusId) : undefined) ?? '';
  return { type, status, ...(record.endDate && { endDate: record.endDate }) };
}

/**
 * CiviMember's own statuses that count as a member today (a site may rename them; these are the
 * names it ships with).
 */
const CURRENT_STATUSES = /^(new|current|grace)\b/i;

/** Current memberships first, then the one that ends last (no end date: a lifetime membership). */
function byRelevance(a: CiviMembership, b: CiviMembership): number {
  const current = Number(CURRENT_STATUSES.test(b.status)) - Number(CURRENT_STATUSES.test(a.status));
  if (current !== 0) return current;
  return (b.endDate ?? '9999-12-31').localeCompare(a.endDate ?? '9999-12-31');
}
