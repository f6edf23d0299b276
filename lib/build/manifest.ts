import { readFileSync } from 'node:fs';
import type { ConfigEnv, UserManifest } from 'wxt';
import type { Browser } from 'wxt/browser';
import { parseChoirProfile } from '../profile/parse';
import { profileOrigins, profilePermissions, type ChoirProfile } from '../profile/schema';

/** Firefox needs a fixed id so that storage and granted permissions survive updates. */
export const GECKO_ID = 'descant@descant-choir.org';
export const THREE_RINGS_ORIGIN = 'https://www.3r.org.uk';

/**
 * The profile baked into this build, if CHOIR_PROFILE names one. An invalid profile stops the
 * build: an administrator must not hand out an extension that silently lacks its set-up.
 */
export function readBuildProfile(path = process.env.CHOIR_PROFILE): ChoirProfile | undefined {
  if (!path) return undefined;
  const result = parseChoirProfile(readFileSync(path, 'utf8'));
  if (!result.ok) throw new Error(`CHOIR_PROFILE ${path} is not a valid choir profile:\n${result.problems.join('\n')}`);
  return result.profile;
}

export function buildManifest({ browser, manifestVersion }: ConfigEnv): UserManifest {
  const profile = readBuildProfile();
  const hostPermissions = [`${THREE_RINGS_ORIGIN}/*`, ...(profile ? profileOrigins(profile) : [])];
  // Addresses a member types in (HarmonySite, CiviCRM, the OnSong iPad) are asked for from a click.
  const optionalOrigins = ['https://*/*', 'http://*/*'];
  // scripting: the HarmonySite badges are registered for the choir's own address at run time.
  const permissions = ['storage', 'alarms', 'scripting'];
  // cookies: HarmonySite's API takes the member's session id as its token (read, never stored).
  // Asked for with the HarmonySite address: at install when the build names one, else from a click.
  const builtInPermissions = profile ? profilePermissions(profile) : [];
  permissions.push(...builtInPermissions);
  // notifications: shift reminders, asked for when the member turns them on in Settings.
  const optionalPermissions = [...(builtInPermissions.includes('cookies') ? [] : ['cookies']), 'notifications'];
  // Chrome ignores a User-Agent set on fetch(); a session rule on our own requests sets it instead.
  if (browser !== 'firefox') permissions.push('declarativeNetRequestWithHostAccess');

  return {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions,
    host_permissions: hostPermissions,
    ...(manifestVersion === 3
      ? { optional_host_permissions: optionalOrigins, optional_permissions: optionalPermissions as Browser.runtime.ManifestOptionalPermission[] }
      : { optional_permissions: [...optionalOrigins, ...optionalPermissions] as Browser.runtime.ManifestOptionalPermission[] }),
    action: { default_title: '__MSG_extName__' },
    icons: { 16: 'icons/16.png', 32: 'icons/32.png', 48: 'icons/48.png', 128: 'icons/128.png' },
    ...(browser === 'firefox' && { browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: '142.0' },
    } }),
  };
}
