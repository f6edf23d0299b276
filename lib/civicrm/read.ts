import type { CiviContact } from '../model';
import { ProblemError } from '../problems';
import { NotThisFlavourError, type CiviAuth, type CiviCrmClient, type CiviFlavour, type ReadParams } from './client';
import { normaliseContacts, type MembershipLabels } from './normalise';
import { contactIdRecordSchema, type ContactRecord, contactRecordSchema, emailRecordSchema, groupContactRecordSchema, groupRecordSchema, labelRecordSchema, membershipRecordSchema } from './schemas';

/** Parts of the data a login may be refused while contacts are still readable. */
export type OptionalPart = 'groups' | 'memberships';

export interface CiviChoirData {
  contacts: CiviContact[];
  /** What this login may not read: those fields stay unknown rather than the refresh failing. */
  unreadable: OptionalPart[];
}

/** Smart groups are read one by one; a choir with more than this has not made them for us. */
const MAX_SMART_GROUPS = 30;

/** People only: households, organisations and contacts in the trash get no badge. */
const PEOPLE_FIELDS = ['id', 'display_name', 'first_name', 'last_name', 'nick_name'];
const PEOPLE: ReadParams = {
  v4: {
    select: [...PEOPLE_FIELDS, 'email_primary.email'],
    where: [
      ['contact_type', '=', 'Individual'],
      ['is_deleted', '=', false],
    ],
    orderBy: { id: 'ASC' },
  },
  v3: { contact_type: 'Individual', is_deleted: 0, return: 'id,display_name,first_name,last_name,nick_name,email', options: { sort: 'id ASC' } },
};

/**
 * Which API the site answers: APIv4, else APIv3, else (with both keys) the legacy
 * extern/rest.php. Only "no such route" moves on; a sign-in or permission refusal is the answer.
 */
export async function detectFlavour(client: CiviCrmClient, auth: CiviAuth): Promise<CiviFlavour> {
  const candidates: CiviFlavour[] = auth.kind === 'api-key' && auth.siteKey ? ['api4', 'api3', 'legacy'] : ['api4', 'api3'];
  const probe: ReadParams = { v4: { ...PEOPLE.v4, select: ['id'], limit: 1 }, v3: { ...PEOPLE.v3, return: 'id', options: { limit: 1 } } };
  for (const flavour of candidates) {
    try {
      await client.get(flavour, 'Contact', probe);
      return flavour;
    } catch (error) {
      if (!(error instanceof NotThisFlavourError)) throw error;
    }
  }
  throw new ProblemError({ kind: 'api-disabled', service: 'civiCrm' });
}

/** Everyone, their groups and their memberships, each list paged to its end. */
export async function readChoirData(client: CiviCrmClient, flavour: CiviFlavour): Promise<CiviChoirData> {
  const contacts = await readPeople(client, flavour);
  const unreadable: OptionalPart[] = [];
  const groupsOf = await unlessForbidden(() => readGroups(client, flavour), 'groups', unreadable);
  const memberships = await unlessForbidden(() => readMemberships(client, flavour), 'memberships', unreadable);
  return { contacts: normaliseContacts(contacts, groupsOf ?? new Map(), memberships?.records ?? [], memberships?.labels), unreadable };
}

/**
 * People with their primary email. The reference gives APIv4's `email_primary` join to recent
 * sites only: an older one refuses the field, or drops it so that nobody has an email. There the
 * emails are read from the Email entity, which every APIv4 has.
 */
async function readPeople(client: CiviCrmClient, flavour: CiviFlavour): Promise<ContactRecord[]> {
  if (flavour !== 'api4') return client.getAll(flavour, 'Contact', PEOPLE, contactRecordSchema);
  const people = await client.getAll(flavour, 'Contact', PEOPLE, contactRecordSchema).catch((error: unknown) => {
    if (!(error instanceof ProblemError && error.problem.kind === 'service-error' && error.problem.message.includes('email_primary'))) throw error;
    return client.getAll(flavour, 'Contact', { ...PEOPLE, v4: { ...PEOPLE.v4, select: PEOPLE_FIELDS } }, contactRecordSchema);
  });
  if (people.length === 0 || people.some((person) => person.email)) return people;
  console.info('[Descant] CiviCRM: no emails through email_primary (an older APIv4); reading them from Email');
  const emails = await client.getAll(
    flavour,
    'Email',
    { v4: { select: ['contact_id', 'email'], where: [['is_primary', '=', true]], orderBy: { id: 'ASC' } }, v3: {} },
    emailRecordSchema,
  );
  const emailOf = new Map(emails.flatMap((row) => (row.email ? [[row.contact_id, row.email] as const] : [])));
  return people.map((person) => ({ ...person, email: emailOf.get(person.id) }));
}

async function unlessForbidden<T>(read: () => Promise<T>, part: OptionalPart, unreadable: OptionalPart[]): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof ProblemError && error.problem.kind === 'forbidden')) throw error;
    console.info(`[Descant] CiviCRM: this login may not read ${part}; badges go without them`);
    unreadable.push(part);
    return undefined;
  }
}

/**
 * Group titles by contact id. Static groups' members are in GroupContact (status "Added"); a
 * smart group's come from its saved search, so each is asked for by a Contact filter.
 */
async function readGroups(client: CiviCrmClient, flavour: CiviFlavour): Promise<Map<number, string[]>> {
  const groups = await client.getAll(
    flavour,
    'Group',
    { v4: { select: ['id', 'title', 'is_active', 'saved_search_id'], where: [['is_active', '=', true]], orderBy: { id: 'ASC' } }, v3: { is_active: 1, return: 'id,title,is_active,saved_search_id', options: { sort: 'id ASC' } } },
    groupRecordSchema,
  );
  const titles = new Map(groups.filter((group) => group.is_active !== false).map((group) => [group.id, group.title ?? `#${group.id}`]));
  const groupsOf = new Map<number, string[]>();
  const add = (contactId: number, groupId: number) => {
    const title = titles.get(groupId);
    if (title) groupsOf.set(contactId, [...(groupsOf.get(contactId) ?? []), title]);
  };
  const added = await client.getAll(
    flavour,
    'GroupContact',
    { v4: { select: ['group_id', 'contact_id'], where: [['status', '=', 'Added']], orderBy: { id: 'ASC' } }, v3: { status: 'Added', return: 'group_id,contact_id', options: { sort: 'id ASC' } } },
    groupContactRecordSchema,
  );
  for (const row of added) add(row.contact_id, row.group_id);
  const smartGroups = groups.filter((group) => group.is_active !== false && group.saved_search_id).slice(0, MAX_SMART_GROUPS);
  for (const group of smartGroups) {
    const members = await client.getAll(
      flavour,
      'Contact',
      { v4: { select: ['id'], where: [['groups', 'IN', [group.id]]], orderBy: { id: 'ASC' } }, v3: { group: group.id, return: 'id', options: { sort: 'id ASC' } } },
      contactIdRecordSchema,
    );
    for (const member of members) add(member.id, group.id);
  }
  return groupsOf;
}

/** Memberships; APIv3 names types and statuses by id, so their labels are read too. */
async function readMemberships(client: CiviCrmClient, flavour: CiviFlavour) {
  const records = await client.getAll(
    flavour,
    'Membership',
    {
      v4: { select: ['contact_id', 'membership_type_id:label', 'status_id:label', 'end_date'], orderBy: { id: 'ASC' } },
      v3: { return: 'contact_id,membership_type_id,status_id,end_date', options: { sort: 'id ASC' } },
    },
    membershipRecordSchema,
  );
  if (flavour === 'api4') return { records };
  const everything = { v4: {}, v3: { return: 'id,name,label' } };
  const [types, statuses] = await Promise.all([
    client.getAll(flavour, 'MembershipType', everything, labelRecordSchema),
    client.getAll(flavour, 'MembershipStatus', everything, labelRecordSchema),
  ]);
  const labels: MembershipLabels = { types: new Map(types.map((type) => [type.id, type.label])), statuses: new Map(statuses.map((status) => [status.id, status.label])) };
  return { records, labels };
}
