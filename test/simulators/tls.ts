import selfsigned from 'selfsigned';

export interface TlsIdentity {
  key: string;
  cert: string;
}

/**
 * A throwaway self-signed certificate for the simulators' HTTPS servers. Browsers under test are
 * told to accept it (Chromium: --ignore-certificate-errors; Firefox: acceptInsecureCerts).
 */
export async function createTlsIdentity(hostnames: string[]): Promise<TlsIdentity> {
  // The real clock, never a simulator's: the browser checks the certificate against its own clock.
  const notBeforeDate = new Date(Date.now() - 24 * 3600_000);
  const notAfterDate = new Date(Date.now() + 30 * 24 * 3600_000);
  const pems = await selfsigned.generate([{ name: 'commonName', value: hostnames[0] ?? 'localhost' }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...[...new Set([...hostnames, 'localhost'])].map((value) => ({ type: 2 as const, value })),
          { type: 7 as const, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
