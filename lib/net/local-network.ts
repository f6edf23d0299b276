/**
 * Whether a hostname can only be a device on the member's own network: loopback, the private
 * IPv4 ranges, link-local, IPv6 unique-local, or a `.local` (Bonjour) name. The OnSong iPad must
 * be one of these: its token and API key travel in clear text, and Descant asks it for the song
 * almost every second, so a public host must never be given them.
 */
export function isLocalNetworkHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost') || /^[a-z0-9-]+(\.[a-z0-9-]+)*\.local$/.test(host)) return true;
  const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (ipv4) {
    const [a, b] = [Number(ipv4[1]), Number(ipv4[2])];
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  if (host.includes(':')) return host === '::1' || /^fe[89ab][0-9a-f]?:/.test(host) || /^f[cd][0-9a-f]{0,2}:/.test(host);
  return false;
}
