import { request as httpsRequest } from 'node:https';

/* How the simulators' own tests talk to them: plain HTTPS, as a browser would, minus the browser. */

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface RequestOptions {
  method?: string;
  /** Sent as a form unless `contentType` or a Content-Type header says otherwise. */
  body?: string;
  contentType?: string;
  cookie?: string;
  headers?: Record<string, string>;
}

/** One HTTPS request, redirects not followed, the simulator's self-signed certificate accepted. */
export function httpsCall(origin: string, path: string, options: RequestOptions = {}): Promise<HttpReply> {
  const headers: Record<string, string> = { 'User-Agent': 'Descant tests', ...options.headers };
  if (options.cookie) headers.Cookie = options.cookie;
  if (options.body !== undefined && !headers['Content-Type']) headers['Content-Type'] = options.contentType ?? 'application/x-www-form-urlencoded';
  return new Promise((resolve, reject) => {
    const req = httpsRequest(`${origin}${path}`, { method: options.method ?? 'GET', headers, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
