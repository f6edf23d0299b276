import { z } from 'zod';
import { envelopeField } from '../net/envelope';

/**
 * zod schemas for HarmonySite's `/api` JSON (see shared/reference/harmonysite-and-civicrm-api.md
 * §A3). The JSON is PHP's conversion of the XML reply, hence its quirks:
 * - `@attributes` wrappers carry the status and the counts (envelope: odd ones are logged, not fatal);
 * - counts and every field value are strings;
 * - an empty field is `{}`, not "" or null;
 * - `record` is an array, or a single object when there is one record, or absent when none;
 * - before 2023 the record key was the table's singular name ("photo_gallery"), not `record`.
 * Unknown fields are ignored, so additions on a live site do not break us.
 */

const numericString = z.union([z.string().trim().regex(/^\d+$/), z.number().int().nonnegative()]).transform(Number);

/** A field value as text: `{}` (empty) and "" become undefined; numbers are accepted as text. */
export const fieldText = z
  .union([z.string(), z.number().transform(String), z.strictObject({}).transform(() => undefined), z.array(z.string()).transform((items) => items.join('|'))])
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

/** The status every reply carries: "okay", or "error" beside the site's message. */
export const statusField = envelopeField(['@attributes', 'status'], z.string());

/** Any reply, before its status says what it is: a JSON object. */
export const replySchema = z.looseObject({});

/** The message of a reply whose status is "error" (an empty element arrives as `{}`). */
export const errorSchema = z.looseObject({
  error: z.union([z.string(), z.strictObject({}).transform(() => '')]).default(''),
});

export const authoriseSchema = z.looseObject({ token: z.string().min(1) });

/** One page of a table. Its counts are envelope, read leniently by `browseEnvelope`. */
export const browseSchema = z.looseObject({ records: z.looseObject({}) });

/**
 * `count` is what this page holds and `available` the table's total, both strings. Odd ones are
 * done without: the rows are counted instead, and paging goes on until a page comes back empty.
 */
export const browseEnvelope = {
  count: envelopeField(['records', '@attributes', 'count'], numericString),
  available: envelopeField(['records', '@attributes', 'available'], numericString),
  singular: envelopeField(['records', '@attributes', 'singular'], z.string().optional()),
};

export const configSchema = z.looseObject({
  config: z.record(z.string(), fieldText).optional(),
});

const id = numericString;
/** A link to another table's record: formatted mode still sends its id. */
const link = fieldText.transform((value) => (value && /^\d+$/.test(value) ? Number(value) : undefined));

export const memberRecordSchema = z.looseObject({
  id,
  Surname: fieldText,
  FirstName: fieldText,
  Greeting: fieldText,
  Email: fieldText,
  MobilePhone: fieldText,
  HomePhone: fieldText,
});
export type MemberRecord = z.output<typeof memberRecordSchema>;

export const membershipRecordSchema = z.looseObject({ id, Member: link, Status: fieldText });
export type MembershipRecord = z.output<typeof membershipRecordSchema>;

export const participationRecordSchema = z.looseObject({ id, Member: link, Part: fieldText, Status: fieldText });
export type ParticipationRecord = z.output<typeof participationRecordSchema>;

export const eventRecordSchema = z.looseObject({
  id,
  Title: fieldText,
  start: fieldText,
  RAW_start: fieldText,
  Time: fieldText,
  Description: fieldText,
});
export type EventRecord = z.output<typeof eventRecordSchema>;

/** The tables Descant reads, with the shape of one record in each. */
export const tableSchemas = {
  members: memberRecordSchema,
  memberships: membershipRecordSchema,
  participations: participationRecordSchema,
  events: eventRecordSchema,
} as const;
export type TableName = keyof typeof tableSchemas;
export type TableRecord<T extends TableName> = z.output<(typeof tableSchemas)[T]>;

/**
 * The records of one page, wherever this site's version puts them: `record`, else the older
 * singular-name key. A single record arrives as an object, no records as no key at all.
 */
export function recordsOf(records: Record<string, unknown>, singularName: string | undefined): { key: string; rows: unknown[] } {
  const singular = singularName?.replace(/ /g, '_');
  const key = 'record' in records ? 'record' : singular && singular in records ? singular : undefined;
  if (!key) return { key: 'record', rows: [] };
  const value = records[key];
  return { key, rows: Array.isArray(value) ? value : [value] };
}
