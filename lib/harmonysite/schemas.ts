import { z } from 'zod';

/**
 * zod schemas for HarmonySite's `/api` JSON (see shared/reference/harmonysite-and-civicrm-api.md
 * §A3). The JSON is PHP's conversion of the XML reply, hence its quirks:
 * - `@attributes` wrappers carry the status and the counts;
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

const statusEnvelope = z.looseObject({ '@attributes': z.looseObject({ status: z.string() }) });

/** Every reply: the status, and the message when it is "error". */
export const replySchema = statusEnvelope.extend({
  error: z.union([z.string(), z.strictObject({}).transform(() => '')]).optional(),
});

export const authoriseSchema = statusEnvelope.extend({ token: z.string().min(1) });

export const browseRecordsSchema = z.looseObject({
  '@attributes': z.looseObject({
    available: numericString,
    count: numericString,
    singular: z.string().optional(),
  }),
});

export const browseSchema = statusEnvelope.extend({ records: browseRecordsSchema });

export const configSchema = statusEnvelope.extend({
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
export function recordsOf(records: z.output<typeof browseRecordsSchema>): { key: string; rows: unknown[] } {
  const singular = records['@attributes'].singular?.replace(/ /g, '_');
  const key = 'record' in records ? 'record' : singular && singular in records ? singular : undefined;
  if (!key) return { key: 'record', rows: [] };
  const value = records[key];
  return { key, rows: Array.isArray(value) ? value : [value] };
}
