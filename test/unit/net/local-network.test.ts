import { describe, expect, it } from 'vitest';
import { isLocalNetworkHost } from '@/lib/net/local-network';

describe('isLocalNetworkHost', () => {
  it('takes loopback, private, link-local and .local addresses', () => {
    for (const host of ['127.0.0.1', 'localhost', '10.0.0.2', '172.16.0.1', '172.31.255.254', '192.168.1.20', '169.254.10.1', 'choir-ipad.local', 'Choir-iPad.LOCAL.', '[::1]', '[fe80::1]', '[fd12:3456::1]']) {
      expect(isLocalNetworkHost(host), host).toBe(true);
    }
  });

  it('refuses public hosts and look-alikes', () => {
    for (const host of ['www.3r.org.uk', '8.8.8.8', '172.32.0.1', '192.169.1.1', '11.0.0.1', 'ipad.local.example.com', 'local', '[2001:db8::1]', '0.0.0.0']) {
      expect(isLocalNetworkHost(host), host).toBe(false);
    }
  });
});
