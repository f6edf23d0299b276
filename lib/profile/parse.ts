import { z } from 'zod';
import { choirProfileSchema, type ChoirProfile } from './schema';

export type ProfileParseResult =
  | { ok: true; profile: ChoirProfile }
  | { ok: false; problems: string[] };

/** A profile is a few lines; anything this big is not one. */
export const MAX_PROFILE_BYTES = 64 * 1024;
export const TOO_LARGE = 'The file is larger than 64 KB, and a choir profile is a few lines: check that this is the right file.';

/** Parses a profile file's text, describing every problem in words an administrator can act on. */
export function parseChoirProfile(text: string): ProfileParseResult {
  if (new TextEncoder().encode(text).length > MAX_PROFILE_BYTES) return { ok: false, problems: [TOO_LARGE] };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`The file is not valid JSON (${(error as Error).message}).`] };
  }
  const result = choirProfileSchema.safeParse(json);
  if (result.success) return { ok: true, profile: result.data };
  return { ok: false, problems: result.error.issues.map(describeIssue) };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length ? issue.path.join('.') : 'the profile';
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => `"${key}"`).join(', ');
    return `Unknown key${issue.keys.length > 1 ? 's' : ''} ${keys} in ${where}.`;
  }
  return `${where}: ${issue.message}.`;
}
