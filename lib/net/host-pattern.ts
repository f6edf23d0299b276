/**
 * The host-permission match pattern for an origin: `http://192.168.1.20:5076` gives
 * `http://192.168.1.20/*`. Firefox refuses match patterns that carry a port, and in both browsers
 * a pattern without one covers every port, so the port is always left out. Used for what the
 * manifest asks for, what is requested from a click, what is checked before a request, and where
 * content scripts are registered, so those four always agree.
 */
export function hostPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}
