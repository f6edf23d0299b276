import { z } from 'zod';
import { hostPattern } from '../net/host-pattern';
import { isLocalNetworkHost } from '../net/local-network';
import { THREE_RINGS_ORIGIN } from '../three-rings/origin';

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

const hostOf = (origin: string) => new URL(origin).hostname;
const threeRingsHost = hostOf(THREE_RINGS_ORIGIN).replace(/^www\./, '');
const isThreeRings = (origin: string) => hostOf(origin) === threeRingsHost || hostOf(origin).endsWith(`.${threeRingsHost}`);

/** The choir's own site: the member's sign-in there goes to it, so it must never be Three Rings. */
const choirSite = webAddress(['https:']).refine((origin) => !isThreeRings(origin), "must be your choir's own site, not Three Rings");

export const choirProfileSchema = z
  .strictObject({
    profileVersion: z.literal(1).optional(),
    choir: z.string().trim().min(1).max(120).optional(),
    harmonySite: z.strictObject({ url: choirSite }).optional(),
    onSong: z
      .strictObject({
        url: webAddress(['http:', 'https:']).refine(
          (origin) => isLocalNetworkHost(hostOf(origin)),
          "must be the iPad's address on the choir's own network (such as 192.168.1.20 or choir-ipad.local): Descant asks it for the song every second, unencrypted",
        ),
        token: onSongTokenSchema.optional(),
      })
      .optional(),
    civiCrm: z.strictObject({ url: choirSite }).optional(),
  })
  .refine((profile) => !profile.harmonySite || profile.harmonySite.url !== profile.civiCrm?.url, {
    path: ['civiCrm', 'url'],
    message: 'must differ from the HarmonySite address: each site gets only its own sign-in',
  });

export type ChoirProfile = z.infer<typeof choirProfileSchema>;

/** The origins a profile names, as host-permission match patterns (without their ports). */
/**
 * The API permissions a profile needs beyond the origins: `cookies` to read the member's
 * HarmonySite session id, only when there is a HarmonySite.
 */
export function profilePermissions(profile: ChoirProfile): 'cookies'[] {
  return profile.harmonySite ? ['cookies'] : [];
}

export function profileOrigins(profile: ChoirProfile): string[] {
  const origins = [profile.harmonySite?.url, profile.onSong?.url, profile.civiCrm?.url];
  return [...new Set(origins.filter((origin): origin is string => !!origin).map(hostPattern))];
}
