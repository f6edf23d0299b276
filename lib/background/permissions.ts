import browser from 'webextension-polyfill';
import { hostPattern } from '../net/host-pattern';
import { profileOrigins, profilePermissions } from '../profile/schema';
import { choirProfile, onSongDevice } from '../store';
import { THREE_RINGS_ORIGIN } from '../three-rings/origin';

/**
 * Gives back every optional permission no longer in use: the origins of addresses the profile
 * no longer names (and of an iPad no longer paired), and `cookies` once there is no HarmonySite.
 * What the manifest asks for at install cannot be given back, and is always in use.
 */
export async function dropUnusedPermissions(): Promise<{ origins: string[]; permissions: string[] }> {
  const [profile, device, granted] = await Promise.all([choirProfile.getValue(), onSongDevice.getValue(), browser.permissions.getAll()]);
  const manifest = browser.runtime.getManifest() as { permissions?: string[]; host_permissions?: string[] };
  const required = new Set([...(manifest.permissions ?? []), ...(manifest.host_permissions ?? [])]);
  const inUse = new Set([hostPattern(THREE_RINGS_ORIGIN), ...profileOrigins(profile), ...(device ? [hostPattern(device.origin)] : []), ...profilePermissions(profile)]);
  const unused = (names: string[] | undefined, optional: (name: string) => boolean) => (names ?? []).filter((name) => optional(name) && !required.has(name) && !inUse.has(name));
  const origins = unused(granted.origins, () => true);
  const permissions = unused(granted.permissions, (name) => name === 'cookies');
  if (origins.length > 0 || permissions.length > 0) {
    await browser.permissions.remove({ origins, permissions: permissions as 'cookies'[] });
  }
  return { origins, permissions };
}
