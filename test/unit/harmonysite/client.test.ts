import { describe, expect, it, vi } from 'vitest';
import { HarmonySiteClient, type Credential } from '@/lib/harmonysite/client';
import { Backoff, type BackoffState } from '@/lib/net/backoff';
import { ProblemError } from '@/lib/problems';
import { fixedClock } from '../../clock';

const ORIGIN = 'https://stcecilia.harmonysite.test';
const okay = { '@attributes': { status: 'okay' } };
/** "Now" for the backoff. */
const clock = fixedClock('2026-11-22T12:00:00Z');
const now = () => clock().getTime();

function json(body: unknown, init: ResponseInit = {}) {
  return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' }, ...init });
}

/** A browse reply in HarmonySite's shape: strings everywhere, `{}` for empty fields. */
function page(records: Record<string, unknown>[] | Record<string, unknown> | undefined, available: number, key = 'record') {
  const count = records === undefined ? 0 : Array.isArray(records) ? records.length : 1;
  return {
    ...okay,
    records: {
      '@attributes': { singular: 'member', plural: 'members', available: String(available), count: String(count) },
      ...(records !== undefined && { [key]: records }),
    },
  };
}

const member = (id: number, extra: Record<string, unknown> = {}) => ({
  '@attributes': { index: String(id) },
  id: String(id),
  Surname: `Surname${id}`,
  FirstName: `Given${id}`,
  Greeting: {},
  Email: {},
  ...extra,
});

function setup(reply: (url: URL, init: RequestInit) => Response, credentials: Credential[] = [{ kind: 'session', token: 'sess-1' }]) {
  let backoffState: BackoffState | undefined;
  const refused = vi.fn(async () => {});
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => reply(new URL(String(url)), init ?? {}));
  const client = new HarmonySiteClient({
    origin: ORIGIN,
    backoff: new Backoff('harmonySite', { load: async () => backoffState, save: async (state) => void (backoffState = state) }, now),
    credentials: async () => credentials,
    onApiTokenRefused: refused,
    userAgent: 'Descant/test',
    fetch: fetch as typeof globalThis.fetch,
  });
  return { client, fetch, refused, backoffState: () => backoffState };
}

const problemOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => (error as ProblemError).problem,
  );

describe('HarmonySiteClient.browse', () => {
  it('sends the session id as the token, with the cookie, and reads string counts and {} fields', async () => {
    const { client, fetch } = setup(() => json(page([member(1, { Email: 'a@example.org' }), member(2)], 2)));
    const rows = await client.browse('members');
    expect(rows.map((row) => [row.id, row.Email])).toEqual([
      [1, 'a@example.org'],
      [2, undefined],
    ]);
    const [url, init] = fetch.mock.calls[0]!;
    const params = new URL(String(url)).searchParams;
    expect(Object.fromEntries(params)).toMatchObject({ endpoint: 'browse', output: 'json', table: 'members', startrec: '1', token: 'sess-1' });
    expect(init).toMatchObject({ credentials: 'include' });
  });

  it('pages to the end using the count the server actually sent', async () => {
    const { client, fetch } = setup((url) => {
      const start = Number(url.searchParams.get('startrec'));
      const ids = Array.from({ length: Math.min(50, 120 - start + 1) }, (_, index) => start + index);
      return json(page(ids.map((id) => member(id)), 120));
    });
    const rows = await client.browse('members');
    expect(rows.map((row) => row.id)).toEqual(Array.from({ length: 120 }, (_, index) => index + 1));
    expect(fetch.mock.calls.map(([url]) => new URL(String(url)).searchParams.get('startrec'))).toEqual(['1', '51', '101']);
  });

  it('accepts a single record sent as an object', async () => {
    const { client } = setup(() => json(page(member(7), 1)));
    expect((await client.browse('members')).map((row) => row.id)).toEqual([7]);
  });

  it('accepts an empty table with no record key', async () => {
    const { client } = setup(() => json(page(undefined, 0)));
    expect(await client.browse('members')).toEqual([]);
  });

  it('accepts the older singular-name key', async () => {
    const { client } = setup(() => json(page([member(1), member(2)], 2, 'member')));
    expect((await client.browse('members')).map((row) => row.id)).toEqual([1, 2]);
  });

  it('passes filters and raw, case as given', async () => {
    const { client, fetch } = setup(() => json(page(undefined, 0)));
    await client.browse('participations', { filters: { Member: '12' }, raw: true });
    const params = new URL(String(fetch.mock.calls[0]![0])).searchParams;
    expect(params.get('Member')).toBe('12');
    expect(params.get('raw')).toBe('1');
  });

  it('names the endpoint and the failing path when a record has the wrong shape', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { client } = setup(() => json(page([member(1), { ...member(2), id: 'two' }], 2)));
    const problem = await problemOf(client.browse('members'));
    expect(problem).toMatchObject({ kind: 'bad-response', service: 'harmonySite', endpoint: 'browse members' });
    expect(problem && 'detail' in problem && problem.detail).toMatch(/^records\.record\.1\.id:/);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('browse members'), expect.arrayContaining([expect.stringMatching(/records\.record\.1\.id/)]));
  });

  describe('odd envelopes', () => {
    it('uses the records when the counts are odd, counting rows and paging until a page is empty, and logs the paths once per reply', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const { client, fetch } = setup((url) => {
        const first = url.searchParams.get('startrec') === '1';
        return json({ ...okay, records: { '@attributes': { available: [2], count: null }, ...(first && { record: [member(1), member(2)] }) } });
      });
      expect((await client.browse('members')).map((row) => row.id)).toEqual([1, 2]);
      expect(fetch).toHaveBeenCalledTimes(2);
      expect(warn).toHaveBeenCalledTimes(2);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('harmonySite browse members'), ['records.@attributes.count: null', 'records.@attributes.available: array']);
    });

    it('uses the records when the status is missing or not text', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const { records } = page([member(3)], 1);
      const { client } = setup(() => json({ '@attributes': { status: 1 }, records }));
      expect((await client.browse('members')).map((row) => row.id)).toEqual([3]);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('browse members'), ['@attributes.status: number']);
      const withoutAttributes = setup(() => json({ records }));
      expect((await withoutAttributes.client.browse('members')).map((row) => row.id)).toEqual([3]);
      expect(warn).toHaveBeenLastCalledWith(expect.stringContaining('browse members'), ['@attributes.status: missing']);
    });

    it('still fails, naming the path, when there are no records to use', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const okayWithout = setup(() => json(okay));
      expect(await problemOf(okayWithout.client.browse('members'))).toMatchObject({ kind: 'bad-response', endpoint: 'browse members', detail: expect.stringMatching(/^records: /) });
      const nothing = setup(() => json({ '@attributes': {} }));
      expect(await problemOf(nothing.client.browse('members'))).toMatchObject({ kind: 'bad-response', endpoint: 'browse', detail: 'records: missing, and @attributes.status is not text' });
    });

    it('takes an error as an error, with or without its status, and whatever else it holds', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const { records } = page([member(1)], 1);
      const withRecords = setup(() => json({ '@attributes': { status: 'error' }, error: 'Database temporarily unavailable', records }));
      expect(await problemOf(withRecords.client.browse('members'))).toMatchObject({ kind: 'service-error', message: 'Database temporarily unavailable' });
      const noStatus = setup(() => json({ error: 'Database temporarily unavailable', records }));
      expect(await problemOf(noStatus.client.browse('members'))).toMatchObject({ kind: 'service-error', message: 'Database temporarily unavailable' });
      const oddMessage = setup(() => json({ '@attributes': { status: 'error' }, error: 500 }));
      expect(await problemOf(oddMessage.client.browse('members'))).toMatchObject({ kind: 'bad-response', detail: expect.stringMatching(/^error: /) });
    });

    it('uses a token whose reply has no status', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const { client } = setup(() => json({ token: 'tok-1' }), []);
      expect(await client.authorise('choir', 'secret')).toBe('tok-1');
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('harmonySite authorise'), ['@attributes.status: missing']);
    });
  });

  it('falls back from a refused session to the kept API token, sent without cookies', async () => {
    const { client, fetch } = setup(
      (url) => (url.searchParams.get('token') === 'api-1' ? json(page([member(1)], 1)) : json({ '@attributes': { status: 'error' }, error: 'Invalid or expired token' })),
      [
        { kind: 'session', token: 'sess-1' },
        { kind: 'api', token: 'api-1' },
      ],
    );
    expect(await client.browse('members')).toHaveLength(1);
    expect(fetch.mock.calls.map(([, init]) => init?.credentials)).toEqual(['include', 'omit']);
  });

  it('says signed out when the session is refused and there is no token', async () => {
    const { client } = setup(() => json({ '@attributes': { status: 'error' }, error: 'Invalid or expired token' }));
    expect(await problemOf(client.browse('members'))).toEqual({ kind: 'signed-out', service: 'harmonySite' });
  });

  it('says signed out without asking when there is neither a session nor a token', async () => {
    const { client, fetch } = setup(() => json(page(undefined, 0)), []);
    expect(await problemOf(client.browse('members'))).toEqual({ kind: 'signed-out', service: 'harmonySite' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('forgets an expired API token and says to sign in again', async () => {
    const { client, refused } = setup(() => json({ '@attributes': { status: 'error' }, error: 'Invalid or expired token' }), [{ kind: 'api', token: 'old' }]);
    expect(await problemOf(client.browse('members'))).toEqual({ kind: 'token-expired', service: 'harmonySite' });
    expect(refused).toHaveBeenCalledOnce();
  });

  it("passes on the site's own error message", async () => {
    const { client } = setup(() => json({ '@attributes': { status: 'error' }, error: 'Database temporarily unavailable' }));
    expect(await problemOf(client.browse('members'))).toEqual({
      kind: 'service-error',
      service: 'harmonySite',
      endpoint: 'browse',
      message: 'Database temporarily unavailable',
    });
  });

  it('says the API is off when /api is not found', async () => {
    const { client } = setup(() => new Response('Not found', { status: 404 }));
    expect(await problemOf(client.browse('members'))).toEqual({ kind: 'api-disabled', service: 'harmonySite' });
  });

  it('backs off on 429 and sends nothing while backing off', async () => {
    const { client, fetch } = setup(() => new Response('', { status: 429, headers: { 'Retry-After': '60' } }));
    expect(await problemOf(client.browse('members'))).toMatchObject({ kind: 'server-busy', status: 429 });
    expect(await problemOf(client.browse('members'))).toMatchObject({ kind: 'server-busy', retryAt: now() + 60_000 });
    expect(fetch).toHaveBeenCalledOnce();
  });

  it('recognises a sign-in page sent instead of JSON', async () => {
    const { client } = setup(() => new Response('<html><form><input type="password" name="password"></form></html>'));
    expect(await problemOf(client.browse('members'))).toEqual({ kind: 'signed-out', service: 'harmonySite' });
  });
});

describe('HarmonySiteClient.authorise', () => {
  it('posts the credentials once, without cookies, and returns the decoded token', async () => {
    const { client, fetch } = setup(() => json({ ...okay, token: 'ab%2Fcd' }));
    expect(await client.authorise('demo', 'choir')).toBe('ab/cd');
    const [url, init] = fetch.mock.calls[0]!;
    expect(String(url)).toBe(`${ORIGIN}/api`);
    expect(init).toMatchObject({ method: 'POST', credentials: 'omit' });
    expect(Object.fromEntries(init!.body as URLSearchParams)).toEqual({ endpoint: 'authorise', output: 'json', username: 'demo', password: 'choir' });
  });

  it('passes on a refusal as the site worded it', async () => {
    const { client } = setup(() => json({ '@attributes': { status: 'error' }, error: 'Invalid username or password' }));
    expect(await problemOf(client.authorise('demo', 'wrong'))).toMatchObject({ kind: 'service-error', message: 'Invalid username or password' });
  });
});

describe('HarmonySiteClient.config', () => {
  it('reads the flat settings, empty ones as undefined', async () => {
    const { client } = setup(() => json({ ...okay, config: { SiteName: 'St Cecilia Singers', Logo: {} } }));
    expect(await client.config()).toEqual({ SiteName: 'St Cecilia Singers', Logo: undefined });
  });
});
