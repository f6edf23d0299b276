import { z } from 'zod';
import { hostPattern } from '../net/host-pattern';

/**
 * A choir profile is a JSON file an administrator hands to members so that Descant
 * knows the choir's own addresses. Every key is optional; unknown keys are refused
 * (a typo such as "harmonysite" must not be silently ignored).
 */
const webAddress = (protocols: readonly string[]) =>
  z
    .string()
    .trim()
    .refine((value) => {
      try {
        const url = new URL(value);
        return protocols.includes(url.protocol) && !url.username && !url.password;
      } catch {
        return false;
      }
    }, `must be an address starting with ${protocols.join(' or ')}//`)
    .transform((value) => new URL(value).origin);

export const onSongTokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{32,128}$/, 'must be 32 to 128 letters, digits, "-" or "_"');

export const choirProfileSchema = z.strictObject({
  profileVersion: z.literal(1).optional(),
  choir: z.string().trim().min(1).max(120).optional(),
  harmonySite: z.strictObject({ url: webAddress(['https:']) }).optional(),
  onSong: z
    .strictObject({ url: webAddress(['http:', 'https:']), token: onSongTokenSchema.optional() })
    .optional(),
  civiCrm: z.strictObject({ url: webAddress(['https:']) }).optional(),
});

export type ChoirProfile = z.infer<typeof choirProfileSchema>;

/** The origins a profile names, as host-permission match patterns (without their ports). */
export function profileOrigins(profile: ChoirProfile): string[] {
  const origins = [profile.harmonySite?.url, profile.onSong?.url, profile.civiCrm?.url];
  return [...new Set(origins.filter((origin): origin is string => !!origin).map(hostPattern))];
}
