import { t, type MessageKey } from '../i18n';
import { formatDay, formatLongDate, formattingLocale, type FormatOptions } from '../format';
import { SERVICE_NAMES } from '../problems';
import type { Finding, FindingGroup, FindingKind, HealthRecord } from './findings';

/** What each kind of finding is called in the counts and the filter. */
export const KIND_LABELS: Record<FindingKind, MessageKey> = {
  volunteerOnly: 'healthKindVolunteerOnly',
  memberOnly: 'healthKindMemberOnly',
  notCurrentWithShifts: 'healthKindNotCurrentWithShifts',
  membershipLapsed: 'healthKindMembershipLapsed',
  membershipEnding: 'healthKindMembershipEnding',
  differentEmails: 'healthKindDifferentEmails',
  noEmail: 'healthKindNoEmail',
  sharedEmail: 'healthKindSharedEmail',
  duplicate: 'healthKindDuplicate',
  noVoicePart: 'healthKindNoVoicePart',
};

export const GROUP_LABELS: Record<FindingGroup, MessageKey> = {
  onlyInOne: 'healthGroupOnlyInOne',
  status: 'healthGroupStatus',
  contact: 'healthGroupContact',
  duplicates: 'healthGroupDuplicates',
  gaps: 'healthGroupGaps',
};

/** The finding in one plain sentence, as the page, the CSV and the copied table say it. */
export function findingSentence(finding: Finding, format: FormatOptions = {}): string {
  const name = finding.name;
  switch (finding.kind) {
    case 'volunteerOnly':
    case 'memberOnly': {
      const alone = t(finding.kind === 'volunteerOnly' ? 'healthVolunteerOnly' : 'healthMemberOnly', [name]);
      return finding.probablySame ? `${alone} ${t('healthProbablySame', [finding.probablySame.name, systemName(finding.probablySame)])}` : alone;
    }
    case 'notCurrentWithShifts':
      return finding.shiftCount === 1
        ? t('healthNotCurrentWithShift', [name, finding.status, formatDay(finding.firstShift, format)])
        : t('healthNotCurrentWithShifts', [name, finding.status, String(finding.shiftCount), formatDay(finding.firstShift, format)]);
    case 'membershipLapsed':
      return t('healthMembershipLapsed', [name, finding.membership.type, finding.membership.status]);
    case 'membershipEnding':
      return t('healthMembershipEnding', [name, finding.membership.type, formatLongDate(finding.membership.endDate ?? '', format)]);
    case 'differentEmails': {
      const emails = finding.people[0]!.records.filter((record) => record.email).map((record) => t('healthEmailIn', [record.email!, systemName(record)]));
      return t('healthDifferentEmails', [name, list(emails, format)]);
    }
    case 'noEmail':
      return t('healthNoEmail', [name]);
    case 'sharedEmail':
      return t('healthSharedEmail', [finding.email, list(finding.people.map((person) => person.name), format)]);
    case 'duplicate':
      return t('healthDuplicate', [name, SERVICE_NAMES[finding.source], String(finding.people[0]!.records.length)]);
    case 'noVoicePart':
      return t('healthNoVoicePart', [name]);
  }
}

export function systemName(record: Pick<HealthRecord, 'ref'>): string {
  return SERVICE_NAMES[record.ref.source];
}

function list(items: string[], { locale }: FormatOptions): string {
  return new Intl.ListFormat(formattingLocale(locale), { type: 'conjunction' }).format(items);
}
