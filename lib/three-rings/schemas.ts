import { z } from 'zod';

/**
 * zod schemas for the Three Rings JSON endpoints, written to accept every shape variant the
 * reference has seen (see shared/reference/three-rings-api.md §1) and nothing structurally
 * different. Unknown fields are ignored, so additions on the live site do not break us.
 *
 * Each reply is a wrapper holding its payload under one key and, as documented, nothing else:
 * no status, no counts. The wrappers keep whatever else comes beside the payload, so the client
 * can log it as an oddity rather than silently drop it.
 */

/** Ids are numbers; a numeric string is accepted in case a serializer quotes them. */
const id = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

const dateTime = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'not a date-time');

const nullableText = z.string().nullish().transform((value) => value ?? '');

const personRef = z.object({ id, name: z.string() });

/** shift.json lists people as `volunteer_shifts` (or, in one client's model, `volunteers`). */
const volunteerShift = z.object({
  id: id.optional(),
  volunteer: personRef,
  confirmed_at: z.string().nullish(),
  put_for_swap_at: z.string().nullish(),
});

/** `volunteers` holds `{id, volunteer}` in one shift.json variant and `{id, name}` in export_rotas. */
const volunteerEntry = z.union([volunteerShift, personRef.transform((volunteer) => ({ volunteer }))]);

/** `rota` is `{id, name}` in shift.json and the bare rota name in export_rotas.json. */
const rota = z.union([
  z.object({ id, name: z.string() }),
  z.string().transform((name) => ({ id: undefined, name })),
]);

export const shiftSchema = z.object({
  id,
  title: nullableText,
  start_datetime: dateTime,
  duration: z.number().nonnegative(),
  rota,
  all_day: z.boolean().nullish(),
  closed_at: z.string().nullish(),
  minimum_volunteers: z.number().int().nullish(),
  maximum_volunteers: z.number().int().nullish(),
  volunteer_shifts: z.array(volunteerShift).optional(),
  volunteers: z.array(volunteerEntry).optional(),
});
export type RawShift = z.infer<typeof shiftSchema>;

/** GET /shift.json and GET /stats/export_rotas.json */
export const shiftsResponseSchema = z.looseObject({ shifts: z.array(shiftSchema) });

const propertyValue = z.union([z.string(), z.number(), z.boolean()]).nullish();

/** directory.json: `roles` is flat, properties are single-key objects keyed by code. */
const listVolunteer = z.object({
  id,
  name: z.string(),
  account: z.object({ username: z.string().nullish() }).nullish(),
  roles: z.array(z.object({ id: id.optional(), name: z.string(), suffix: z.string().nullish() })).nullish(),
  volunteer_properties: z
    .array(z.record(z.string(), z.object({ value: propertyValue }).nullable()))
    .nullish(),
});

/** directory/ID?format=json: roles wrapped in `volunteer_roles[].role`, properties carry `code`. */
const singleVolunteer = z.object({
  id,
  name: z.string(),
  account: z.object({ username: z.string().nullish() }).nullish(),
  volunteer_roles: z
    .array(z.object({ role: z.object({ id: id.optional(), name: z.string(), suffix: z.string().nullish() }) }))
    .nullish(),
  volunteer_properties: z.array(z.object({ code: z.string(), value: propertyValue })).nullish(),
});

export const directoryResponseSchema = z.looseObject({ volunteers: z.array(listVolunteer) });
export const volunteerResponseSchema = z.looseObject({ volunteer: singleVolunteer });
export type RawListVolunteer = z.infer<typeof listVolunteer>;
export type RawSingleVolunteer = z.infer<typeof singleVolunteer>;

export const eventsResponseSchema = z.looseObject({
  events: z.array(
    z.object({
      id: id.nullish(),
      name: z.string(),
      description: nullableText,
      event_type: nullableText,
      date: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'not a YYYY-MM-DD date'),
    }),
  ),
});
export type RawEvent = z.infer<typeof eventsResponseSchema>['events'][number];

