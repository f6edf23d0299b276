import type { ChoirEvent, ChoirMember } from '../model';
import type { EventRecord, MemberRecord, MembershipRecord, ParticipationRecord } from './schemas';

/**
 * HarmonySite keeps a person in `members`, their standing in `memberships` (one per club) and
 * their voice part in `participations` (one per ensemble). The model joins them into one
 * ChoirMember. Tables the login may not read are simply empty: those fields stay unknown.
 */
export function normaliseMembers(
  members: MemberRecord[],
  memberships: MembershipRecord[],
  participations: ParticipationRecord[],
): ChoirMember[] {
  const statusOf = groupByMember(memberships);
  const partsOf = groupByMember(participations);
  return members.map((record) => {
    const givenNames = record.FirstName ?? '';
    const surname = record.Surname ?? '';
    const preferredName = record.Greeting;
    const shownFirst = preferredName ?? givenNames.split(/\s+/)[0] ?? '';
    return {
      id: record.id,
      surname,
      givenNames,
      ...(preferredName && { preferredName }),
      name: [shownFirst, surname].filter(Boolean).join(' ') || `#${record.id}`,
      ...optional('email', record.Email),
      ...optional('phone', record.MobilePhone ?? record.HomePhone),
      ...optional('voicePart', voicePart(partsOf.get(record.id) ?? [])),
      ...optional('membershipStatus', membershipStatus(statusOf.get(record.id) ?? [])),
    };
  });
}

/** Events, dated from the raw value (YYYY-MM-DD…) since the display value is locale text. */
export function normaliseEvents(records: EventRecord[]): ChoirEvent[] {
  return records.flatMap((record) => {
    const date = /^\d{4}-\d{2}-\d{2}/.exec(record.RAW_start ?? record.start ?? '')?.[0];
    if (!date) return [];
    const event: ChoirEvent = { id: record.id, name: record.Title ?? '', description: plainText(record.Description ?? ''), type: '', date };
    return [record.Time ? { ...event, time: record.Time } : event];
  });
}

function groupByMember<T extends { Member: number | undefined }>(records: T[]): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const record of records) {
    if (record.Member === undefined) continue;
    groups.set(record.Member, [...(groups.get(record.Member) ?? []), record]);
  }
  return groups;
}

/** A current membership wins; otherwise the latest one says how they left. */
function membershipStatus(records: MembershipRecord[]): string | undefined {
  const statuses = records.map((record) => record.Status).filter((status): status is string => !!status);
  return statuses.find((status) => /^active/i.test(status)) ?? statuses.at(-1);
}

/** Parts of ensembles the member still sings in; a member may sing in more than one. */
function voicePart(records: ParticipationRecord[]): string | undefined {
  const current = records.filter((record) => !record.Status || !/former|resigned|inactive/i.test(record.Status));
  const parts = [...new Set(current.map((record) => record.Part).filter((part): part is string => !!part))];
  return parts.length ? parts.join(', ') : undefined;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value ? ({ [key]: value } as Record<K, string>) : {};
}

/** Descriptions may hold HTML; the model keeps text only (it is never parsed as markup). */
function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
