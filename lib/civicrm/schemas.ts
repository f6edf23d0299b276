import { z } from 'zod';
import { envelopeField } from '../net/envelope';

/**
 * zod schemas for CiviCRM's AJAX APIs (shared/reference/harmonysite-and-civicrm-api.md §B4).
 * APIv4 sends typed values in a `values` array; APIv3 (and the legacy extern/rest.php, which
 * speaks v3) sends strings, with `values` keyed by id unless asked for `sequential`. Records are
 * read with one tolerant schema per entity so the normaliser never sees the difference.
 */

/** An APIv4 error body: HTTP 400/403/405/500, or 503 for maintenance. */
export const v4ErrorSchema = z.union([
  z.looseObject({ error_message: z.string(), error_code: z.union([z.string(), z.number()]).optional() }),
  z.looseObject({ status_message: z.string(), status_code: z.number().optional() }).transform((body) => ({ error_message: body.status_message })),
]);

/** APIv4's payload: always an array, since Descant never asks for an `index`. */
export const v4ReplySchema = z.looseObject({ values: z.array(z.unknown()) });

const count = z.number().int().nonnegative();

/** Around it: Descant pages by the values themselves, so an odd count is only logged. */
export const v4Envelope = { count: envelopeField(['count'], count) };

/**
 * An APIv3 error: sent with HTTP 200. `error_code` is "unauthorized" for a permission refusal.
 * Read once `isV3Error` has said the reply is one.
 */
export const v3ErrorSchema = z.looseObject({
  error_message: z.string().default(''),
  error_code: z.union([z.string(), z.number()]).optional(),
});

/** `is_error` as a success sends it. */
const success = z.union([z.literal(0), z.literal('0'), z.literal(false)]);

/**
 * Whether an APIv3 reply is an error: `is_error` set to anything but a success's 0, or an error
 * message with no such 0. A missing or null `is_error` beside `values` is a success (the legacy
 * API sends none on some results); its oddity is logged with the envelope.
 */
export function isV3Error(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const { is_error: isError, error_message: message } = body as Record<string, unknown>;
  if (success.safeParse(isError).success) return false;
  return (isError !== undefined && isError !== null && isError !== '') || (typeof message === 'string' && message !== '');
}

/** An APIv3 success's payload: `values` an array with `sequential`, else an object keyed by id. */
export const v3ReplySchema = z.looseObject({
  values: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).transform((values) => (Array.isArray(values) ? values : Object.values(values))),
});

export const v3Envelope = { isError: envelopeField(['is_error'], success), count: envelopeField(['count'], count) };

const id = z.union([z.number().int().positive(), z.string().trim().regex(/^\d+$/).transform(Number)]);

/** Text as either API sends it: v3's "" and v4's null both mean "not set". */
const text = z
  .union([z.string(), z.number().transform(String), z.null()])
  .optional()
  .transform((value) => (value === null || value === undefined || value.trim() === '' ? undefined : value.trim()));

const flag = z.union([z.boolean(), z.literal('1').transform(() => true), z.literal('0').transform(() => false), z.literal(1), z.literal(0)]).transform(Boolean);

export const contactRecordSchema = z
  .looseObject({
    id,
    display_name: text,
    first_name: text,
    last_name: text,
    nick_name: text,
    /** v3 names the primary email `email`; v4 reaches it through the `email_primary` join. */
    email: text,
    'email_primary.email': text,
  })
  .transform(({ email, 'email_primary.email': primaryEmail, ...rest }) => ({ ...rest, email: primaryEmail ?? email }));
export type ContactRecord = z.output<typeof contactRecordSchema>;

/** A contact's primary email, read on its own where APIv4 has no `email_primary` join. */
export const emailRecordSchema = z.looseObject({ contact_id: id, email: text });

export const groupRecordSchema = z.looseObject({
  id,
  title: text,
  is_active: flag.optional(),
  /** Set on smart groups, whose members come from a saved search rather than GroupContact. */
  saved_search_id: z.union([id, z.literal(''), z.null()]).optional(),
});
export type GroupRecord = z.output<typeof groupRecordSchema>;

export const groupContactRecordSchema = z.looseObject({ group_id: id, contact_id: id });
export type GroupContactRecord = z.output<typeof groupContactRecordSchema>;

/** A contact id alone, as a smart group's member list is read. */
export const contactIdRecordSchema = z.looseObject({ id });

export const membershipRecordSchema = z
  .looseObject({
    contact_id: id,
    /** v4 sends the labels it is asked for; v3 sends ids, looked up in MembershipType/Status. */
    'membership_type_id:label': text,
    'status_id:label': text,
    membership_type_id: z.union([id, z.null()]).optional(),
    status_id: z.union([id, z.null()]).optional(),
    end_date: text,
  })
  .transform((record) => ({
    contactId: record.contact_id,
    typeLabel: record['membership_type_id:label'],
    statusLabel: record['status_id:label'],
    typeId: record.membership_type_id ?? undefined,
    statusId: record.status_id ?? undefined,
    endDate: /^\d{4}-\d{2}-\d{2}/.exec(record.end_date ?? '')?.[0],
  }));
export type MembershipRecord = z.output<typeof membershipRecordSchema>;

/** v3's MembershipType and MembershipStatus: an id and its name (statuses also have a label). */
export const labelRecordSchema = z.looseObject({ id, name: text, label: text }).transform((record) => ({ id: record.id, label: record.label ?? record.name ?? `#${record.id}` }));
