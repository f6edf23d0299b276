import type { z } from 'zod';
import type { ServiceName } from '../problems';

/*
 * The parts of a reply around its payload: statuses, counts, attributes. Descant never needs
 * them to show the payload, so one that is missing, null or of an unexpected type costs nothing
 * but a warning: the payload, checked strictly elsewhere, is still used.
 */

/** Where a field sits in a reply, written as zod writes paths. */
export type ReplyPath = readonly string[];

export interface EnvelopeField<S extends z.ZodType = z.ZodType> {
  path: ReplyPath;
  /** What the field should be; `.optional()` where the reference says it may be left out. */
  schema: S;
}

export type EnvelopeFields = Record<string, EnvelopeField>;

/** Each field as its schema reads it, or undefined where it was odd. */
export type Envelope<F extends EnvelopeFields> = { [K in keyof F]: z.output<F[K]['schema']> | undefined };

export interface EnvelopeOptions {
  /**
   * The top-level keys the reference documents, where that is all a reply may hold (Three
   * Rings' wrappers hold nothing but the payload); any other key is an oddity too.
   */
  documentedKeys?: readonly string[];
}

export function envelopeField<S extends z.ZodType>(path: ReplyPath, schema: S): EnvelopeField<S> {
  return { path, schema };
}

/**
 * Reads the envelope of one reply whose payload is there. The oddities are logged together, once
 * per reply, each as its path and the type found there (never the value, nor the URL).
 */
export function readEnvelope<F extends EnvelopeFields>(
  reply: unknown,
  fields: F,
  service: ServiceName,
  endpoint: string,
  { documentedKeys }: EnvelopeOptions = {},
): Envelope<F> {
  const envelope: Record<string, unknown> = {};
  const oddities: string[] = [];
  for (const [name, { path, schema }] of Object.entries(fields)) {
    const value = valueAt(reply, path);
    const parsed = schema.safeParse(value);
    if (parsed.success) envelope[name] = parsed.data;
    else oddities.push(`${path.join('.')}: ${typeName(value)}`);
  }
  if (documentedKeys && isRecord(reply)) {
    for (const key of Object.keys(reply).filter((key) => !documentedKeys.includes(key))) oddities.push(`${key}: ${typeName(reply[key])} (not documented)`);
  }
  if (oddities.length > 0) console.warn(`[Descant] ${service} ${endpoint}: odd envelope, payload used anyway`, oddities);
  return envelope as Envelope<F>;
}

/** The type of a JSON value as a log names it: "missing", "null" and "array" told apart. */
function typeName(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function valueAt(reply: unknown, path: ReplyPath): unknown {
  let value = reply;
  for (const key of path) value = isRecord(value) ? value[key] : undefined;
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
