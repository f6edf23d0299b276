import { hostPattern } from '../net/host-pattern';
import { isLocalNetworkHost } from '../net/local-network';

/** OnSong Connect answers on port 80 on current iPads, on 5076 in its documentation: both are tried. */
export const ONSONG_PORTS = [80, 5076] as const;

export interface DeviceAddress {
  /** The origins to try, in order. */
  candidates: string[];
  /** The host permission to ask for: without a port, so it covers each one tried (and Firefox takes it). */
  permissionPattern: string;
  /** False for a public host, which is never paired with: see isLocalNetworkHost. */
  onLocalNetwork: boolean;
}

/**
 * What a member types for the iPad: an IP address or `.local` name, with or without a port or
 * `http://`. Undefined when it cannot be an address on the local network.
 */
export function parseDeviceAddress(input: string): DeviceAddress | undefined {
  const typed = input.trim();
  if (!typed || /\s/.test(typed)) return undefined;
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(typed) ? typed : `http://${typed}`);
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || !url.hostname) return undefined;
  const found = { permissionPattern: hostPattern(url.origin), onLocalNetwork: isLocalNetworkHost(url.hostname) };
  if (url.port || url.protocol === 'https:' || /:\d+\/?$/.test(typed)) return { candidates: [url.origin], ...found };
  return { candidates: ONSONG_PORTS.map((port) => (port === 80 ? `http://${url.hostname}` : `http://${url.hostname}:${port}`)), ...found };
}

/** A new pairing token: 48 random hex characters (OnSong asks for at least 32). */
export function generateToken(): string {
  return [...crypto.getRandomValues(new Uint8Array(24))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
