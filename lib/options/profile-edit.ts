import { parseChoirProfile, type ProfileParseResult } from '../profile/parse';
import type { ChoirProfile } from '../profile/schema';
import { originOf } from '../net/origin';

export interface AddressFields {
  harmonySite: string;
  onSong: string;
  civiCrm: string;
}

/**
 * The profile with the addresses typed in the options page, checked by the same schema as an
 * imported file; an empty field removes that address.
 */
export function withAddresses(profile: ChoirProfile, fields: AddressFields): ProfileParseResult {
  const candidate: Record<string, unknown> = { ...profile };
  const set = (key: 'harmonySite' | 'civiCrm', url: string) => {
    if (url.trim()) candidate[key] = { url: url.trim() };
    else delete candidate[key];
  };
  set('harmonySite', fields.harmonySite);
  set('civiCrm', fields.civiCrm);
  if (fields.onSong.trim()) {
    // Keep a pairing token only while the iPad's address stays the same.
    const sameDevice = profile.onSong?.url === originOf(fields.onSong.trim());
    candidate.onSong = { url: fields.onSong.trim(), ...(sameDevice && profile.onSong?.token && { token: profile.onSong.token }) };
  } else delete candidate.onSong;
  return parseChoirProfile(JSON.stringify(candidate));
}

export function addressFields(profile: ChoirProfile): AddressFields {
  return { harmonySite: profile.harmonySite?.url ?? '', onSong: profile.onSong?.url ?? '', civiCrm: profile.civiCrm?.url ?? '' };
}

/** One address a profile gives Descant access to, and which of the choir's services it is. */
export interface ProfileAddress {
  service: 'harmonySite' | 'civiCrm' | 'onSong';
  origin: string;
  /** For the iPad: the profile pairs Descant with it too. */
  paired?: boolean;
}

/** What importing the profile would let Descant reach, for the member to confirm first. */
export function profileAddresses(profile: ChoirProfile): ProfileAddress[] {
  const addresses: ProfileAddress[] = [];
  if (profile.harmonySite) addresses.push({ service: 'harmonySite', origin: profile.harmonySite.url });
  if (profile.civiCrm) addresses.push({ service: 'civiCrm', origin: profile.civiCrm.url });
  if (profile.onSong) addresses.push({ service: 'onSong', origin: profile.onSong.url, ...(profile.onSong.token && { paired: true }) });
  return addresses;
}

/** The profile as a file to hand on, always marked with its version. */
export function exportProfileText(profile: ChoirProfile): string {
  return `${JSON.stringify({ profileVersion: 1, ...profile }, null, 2)}\n`;
}

export interface PermissionsApi {
  contains(permissions: { origins: string[] }): Promise<boolean>;
  request(permissions: { origins: string[] }): Promise<boolean>;
}

/** The origin patterns the browser has not granted yet. */
export async function missingOrigins(permissions: PermissionsApi, patterns: string[]): Promise<string[]> {
  const granted = await Promise.all(patterns.map((origin) => permissions.contains({ origins: [origin] })));
  return patterns.filter((_, index) => !granted[index]);
}
