import { choirProfile, civiCrmKeys, forgottenSecrets, harmonySiteApiToken, onSongApiKey, onSongDevice, onSongProfileToken, type CiviCrmKeys, type ForgottenSecret } from './store';
import { sameOrigin } from './net/origin';

/**
 * Every key and token is kept with the origin it was given for. When the choir's address for a
 * service changes (a new profile, another iPad), what was given for the old one is forgotten,
 * and Settings says so. The refreshers also check the origin before each use, so a secret is
 * never sent elsewhere even in between.
 */
export async function forgetSecretsOfOldAddresses(now: () => number = Date.now): Promise<ForgottenSecret[]> {
  const [profile, token, keys, device, songKey, profileToken] = await Promise.all([
    choirProfile.getValue(),
    harmonySiteApiToken.getValue(),
    civiCrmKeys.getValue(),
    onSongDevice.getValue(),
    onSongApiKey.getValue(),
    onSongProfileToken.getValue(),
  ]);
  const forgotten: ForgottenSecret[] = [];
  const forget = (secret: ForgottenSecret['secret'], origin: string) => forgotten.push({ secret, origin, at: now() });

  if (token && !sameOrigin(token.origin, profile.harmonySite?.url)) {
    await harmonySiteApiToken.setValue(null);
    forget('harmonySiteToken', token.origin);
  }
  if (keys && !sameOrigin(keys.origin, profile.civiCrm?.url)) {
    await civiCrmKeys.setValue(null);
    forget('civiCrmKeys', keys.origin);
  }
  // Paired with one iPad while the profile now names another.
  if (device && profile.onSong?.url && !sameOrigin(device.origin, profile.onSong.url)) {
    await onSongDevice.setValue(null);
    forget('onSongPairing', device.origin);
  }
  if (profileToken && !sameOrigin(profileToken.origin, profile.onSong?.url)) {
    await onSongProfileToken.setValue(null);
    forget('onSongPairing', profileToken.origin);
  }
  // Unpaired is no new address: the key waits for the same iPad to be paired again.
  const onSongAddress = profile.onSong?.url ?? (device && !forgotten.some((item) => item.secret === 'onSongPairing') ? device.origin : undefined);
  if (songKey && onSongAddress && !sameOrigin(songKey.origin, onSongAddress)) {
    await onSongApiKey.setValue(null);
    forget('onSongApiKey', songKey.origin);
  }
  if (forgotten.length > 0) await forgottenSecrets.setValue([...(await forgottenSecrets.getValue()), ...forgotten]);
  return forgotten;
}

/** The CiviCRM keys, only when they were given for `origin`. */
export function civiCrmKeysFor(keys: CiviCrmKeys | null, origin: string): { apiKey: string; siteKey: string } | undefined {
  const apiKey = keys?.apiKey.trim();
  if (!keys || !apiKey || !sameOrigin(keys.origin, origin)) return undefined;
  return { apiKey, siteKey: keys.siteKey.trim() };
}

/** The OnSong API key, only for the iPad it was given for. */
export async function onSongApiKeyFor(origin: string): Promise<string | undefined> {
  const songKey = await onSongApiKey.getValue();
  return songKey && sameOrigin(songKey.origin, origin) ? songKey.key : undefined;
}
