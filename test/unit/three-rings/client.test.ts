import { describe, expect, it, vi } from 'vitest';
import { ThreeRingsClient } from '@/lib/three-rings/client';
import { RateLimiter, type RequestLogEntry } from '@/lib/net/rate-limiter';
import { Backoff, type BackoffState } from '@/lib/net/backoff';
import { ProblemError } from '@/lib/problems';
import { fixedClock } from '../../clock';

/** "Now" for the limiter and the backoff. */
const clock = fixedClock('2026-11-22T12:00:00Z');
const now = () => clock().getTime();

const range = { from: '2026-11-22', to: '2026-12-06' };
const oneShift = {
  shifts: [{ id: 1, title: '', start_datetime: '2026-11-23T19:00:00.000Z', duration: 3600, rota: { id: 2, name: 'Tea' }, volunteer_shifts: [] }],
};

function json(body: unknown, init: ResponseInit = {}) {
  return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' }, ...init });
}

/** A Response that looks as if fetch followed a redirect to `url`. */
function redirectedTo(url: string, body: string) {
  const response = new Response(body, { headers: { 'Content-Type': 'text/html' } });
  Object.defineProperties(response, { redirected: { value: true }, url: { value: url } });
  return response;
}

function setup(reply: (url: string, init: RequestInit) => Response | Promise<Response>, apiKey?: string) {
  let log: RequestLogEntry[] = [];
  let backoffState: BackoffState | undefined;
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => reply(String(url), init ?? {}));
  const client = new ThreeRingsClient({
    limiter: new RateLimiter({
      service: 'threeRings',
      limit: 30,
      windowMs: 60_000,
      maxRequestMs: 30_000,
      store: { load: async () => log, save: async (entries) => void (log = entries) },
      now,
    }),
    backoff: new Backoff('threeRings', { load: async () => backoffState, save: async (state) => void (backoffState = state) }, now),
    apiKey: async () => apiKey,
    userAgent: 'Descant/test',
    fetch: fetch as typeof globalThis.fetch,
  });
  return { client, fetch, backoffState: () => backoffState };
}

const problemOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => (error as ProblemError).problem,
  );

describe('ThreeRingsClient', () => {
  it('asks for shift.json with dates, the session cookie and our User-Agent', async () => {
    const { client, fetch } = setup(() => json(oneShift));
    const shifts = await client.shifts(range);
    expect(shifts).toHaveLength(1);
    const [url, init] = fetch.mock.calls[0]!;
    expect(url).toBe('https://www.3r.org.uk/shift.json?start_date=2026-11-22&end_date=2026-12-06');
    expect(init).toMatchObject({ credentials: 'include', headers: { Accept: 'application/json', 'User-Agent': 'Descant/test' } });
  });

  it('sends an API key instead of the cookie when one is set', async () => {
    const { client, fetch } = setup(() => json(oneShift), 'KEY123');
    await client.shifts(range);
    expect(fetch.mock.calls[0]![1]).toMatchObject({ credentials: 'omit', headers: { Authorization: 'APIKEY KEY123' } });
  });

  it('shares one request between identical calls in flight', async () => {
    const { client, fetch } = setup(() => json(oneShift));
    await Promise.all([client.shifts(range), client.shifts(range), client.shifts(range)]);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['a redirect to the login page', () => redirectedTo('https://www.3r.org.uk/login?return=%2Fshift.json', '<form>')],
    ['401', () => new Response('no', { status: 401 })],
    ['403 on a member endpoint', () => new Response('no', { status: 403 })],
    ['a login page instead of JSON', () => new Response('<input name="account_session[password]" type="password">', { headers: { 'Content-Type': 'text/html' } })],
  ])('reports signed out on %s', async (_, reply) => {
    const { client } = setup(reply);
    expect(await problemOf(client.shifts(range))).toEqual({ kind: 'signed-out', service: 'threeRings' });
  });

  it('reports forbidden (not signed out) when an ordinary member asks for export_rotas', async () => {
    const { client } = setup(() => new Response('no', { status: 403 }));
    expect(await problemOf(client.exportRotas(range))).toEqual({ kind: 'forbidden', service: 'threeRings', endpoint: '/stats/export_rotas.json' });
  });

  it('backs off on 429, honouring Retry-After, and sends nothing more until then', async () => {
    const { client, fetch, backoffState } = setup(() => new Response('slow down', { status: 429, headers: { 'Retry-After': '90' } }));
    expect(await problemOf(client.shifts(range))).toMatchObject({ kind: 'server-busy', status: 429 });
    expect(backoffState()?.until).toBe(now() + 90_000);
    expect(await problemOf(client.events(range))).toMatchObject({ kind: 'server-busy', retryAt: now() + 90_000 });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it.each([500, 502, 503])('backs off on %i', async (status) => {
    const { client } = setup(() => new Response('oops', { status }));
    expect(await problemOf(client.shifts(range))).toMatchObject({ kind: 'server-busy', status });
  });

  it('names the endpoint and the failing path when the JSON has the wrong types', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { client } = setup(() => json({ shifts: [{ ...oneShift.shifts[0], duration: { seconds: 60 } }] }));
    expect(await problemOf(client.shifts(range))).toMatchObject({ kind: 'bad-response', endpoint: '/shift.json', detail: expect.stringMatching(/^shifts\.0\.duration: /) });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('/shift.json'), [expect.stringContaining('shifts.0.duration')]);
  });

  describe('odd envelopes', () => {
    it('uses the payload beside fields the wrapper is not documented to hold, and logs them once with endpoint and path', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const { client } = setup(() => json({ ...oneShift, count: null, status: 'OK', meta: [] }));
      expect(await client.shifts(range)).toHaveLength(1);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledWith('[Descant] threeRings /shift.json: odd envelope, payload used anyway', [
        'count: null (not documented)',
        'status: string (not documented)',
        'meta: array (not documented)',
      ]);
    });

    it('logs nothing for a wrapper as documented', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const { client } = setup(() => json(oneShift));
      await client.shifts(range);
      expect(warn).not.toHaveBeenCalled();
    });

    it('still fails, naming the endpoint and the path, when the payload is missing', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const { client } = setup(() => json({ count: 0, status: 'OK' }));
      expect(await problemOf(client.shifts(range))).toMatchObject({ kind: 'bad-response', endpoint: '/shift.json', detail: expect.stringMatching(/^shifts: /) });
    });

    it('takes an error status as an error, whatever payload the body holds', async () => {
      const { client } = setup(() => json({ ...oneShift, error: 'You do not have permission to view stats at this organisation.' }, { status: 403 }));
      expect(await problemOf(client.exportRotas(range))).toEqual({ kind: 'forbidden', service: 'threeRings', endpoint: '/stats/export_rotas.json' });
    });
  });

  it('reports JSON cut short', async () => {
    const { client } = setup(() => new Response('{"shifts":[{"id":1,"ti', { headers: { 'Content-Type': 'application/json' } }));
    expect(await problemOf(client.shifts(range))).toMatchObject({ kind: 'bad-response', detail: 'JSON cut short or malformed' });
  });

  it('reports HTML that is not a sign-in page', async () => {
    const { client } = setup(() => new Response('<html><h1>Maintenance</h1></html>', { headers: { 'Content-Type': 'text/html' } }));
    expect(await problemOf(client.shifts(range))).toMatchObject({ kind: 'bad-response', detail: 'HTML instead of JSON' });
  });

  it('reports the network being down as offline', async () => {
    const { client } = setup(() => {
      throw new TypeError('Failed to fetch');
    });
    expect(await problemOf(client.shifts(range))).toEqual({ kind: 'offline', service: 'threeRings' });
  });

  it('reads a volunteer, the directory and events from their documented endpoints', async () => {
    const { client, fetch } = setup((url) => {
      const path = new URL(url).pathname;
      if (path === '/directory/7') return json({ volunteer: { id: 7, name: 'Zoë [SOP]', volunteer_properties: [] } });
      if (path === '/directory.json') return json({ volunteers: [{ id: 7, name: 'Zoë' }] });
      return json({ events: [] });
    });
    expect(await client.volunteer(7)).toMatchObject({ id: 7, name: 'Zoë', roleCodes: ['SOP'] });
    expect(await client.directory()).toHaveLength(1);
    expect(await client.events(range)).toEqual([]);
    expect(fetch.mock.calls.map(([url]) => String(url))).toEqual([
      'https://www.3r.org.uk/directory/7?format=json',
      'https://www.3r.org.uk/directory.json',
      'https://www.3r.org.uk/events.json?start_date=2026-11-22&end_date=2026-12-06',
    ]);
  });
});
