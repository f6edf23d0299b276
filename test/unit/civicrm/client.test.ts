import { describe, expect, it, vi } from 'vitest';
import { CiviCrmClient, LEGACY_REST_PATH, NotThisFlavourError, PAGE_SIZE, type CiviAuth } from '@/lib/civicrm/client';
import { detectFlavour, readChoirData } from '@/lib/civicrm/read';
import { contactRecordSchema } from '@/lib/civicrm/schemas';
import { Backoff, type BackoffState } from '@/lib/net/backoff';
import { ProblemError, type Problem } from '@/lib/problems';
import { fixedClock } from '../../clock';

const ORIGIN = 'https://crm.harbour.example.org';
/** "Now" for the backoff. */
const clock = fixedClock('2026-11-22T12:00:00Z');
const now = () => clock().getTime();

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}
function html(body: string, status = 200) {
  return new Response(body, { status, headers: { 'Content-Type': 'text/html' } });
}

/** What was asked, in flavour-neutral terms, so one fake can answer every flavour. */
interface Call {
  flavour: 'api4' | 'api3' | 'legacy';
  entity: string;
  params: Record<string, unknown>;
  headers: Headers;
  credentials: RequestCredentials | undefined;
  url: URL;
}

function callOf(url: URL, init: RequestInit): Call {
  const headers = new Headers(init.headers);
  const base = { headers, credentials: init.credentials, url };
  const v4 = /^\/civicrm\/ajax\/api4\/(\w+)\/get$/.exec(url.pathname);
  if (v4) return { ...base, flavour: 'api4', entity: v4[1]!, params: JSON.parse(url.searchParams.get('params') ?? '{}') };
  const flavour = url.pathname === LEGACY_REST_PATH ? 'legacy' : 'api3';
  return { ...base, flavour, entity: url.searchParams.get('entity') ?? '', params: JSON.parse(url.searchParams.get('json') ?? '{}') };
}

function setup(reply: (call: Call) => Response, auth: CiviAuth = { kind: 'session' }) {
  let backoffState: BackoffState | undefined;
  const calls: Call[] = [];
  const fetch = vi.fn(async (url: RequestInfo | URL, init?: RequestInit) => {
    const call = callOf(new URL(String(url)), init ?? {});
    calls.push(call);
    return reply(call);
  });
  const client = new CiviCrmClient({
    origin: ORIGIN,
    auth,
    backoff: new Backoff('civiCrm', { load: async () => backoffState, save: async (state) => void (backoffState = state) }, now),
    fetch: fetch as typeof globalThis.fetch,
  });
  return { client, calls, backoffState: () => backoffState };
}

async function problemOf(promise: Promise<unknown>): Promise<Problem> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ProblemError)) throw new Error(`expected a problem, got ${String(error)}`);
  return error.problem;
}

const v4 = (values: unknown[]) => json({ values, entity: 'Contact', action: 'get', debug: null, version: 4, count: values.length, countFetched: values.length });
const v3 = (values: Record<string, unknown>[], sequential = true) =>
  json({ is_error: 0, version: 3, count: values.length, values: sequential ? values : Object.fromEntries(values.map((value) => [String(value.id), value])) });

const people = (count: number, from = 1) => Array.from({ length: count }, (_, index) => ({ id: from + index, display_name: `Person ${from + index}`, 'email_primary.email': null }));

describe('CiviCRM client', () => {
  it('sends the session with X-Requested-With, so CiviCRM never takes it for CSRF', async () => {
    const { client, calls } = setup(() => v4([]));
    await client.get('api4', 'Contact', { v4: { select: ['id'] }, v3: {} });
    expect(calls[0]!.headers.get('X-Requested-With')).toBe('XMLHttpRequest');
    expect(calls[0]!.credentials).toBe('include');
    expect(calls[0]!.headers.has('X-Civi-Auth')).toBe(false);
    // APIv4 reads `params` from the query: a JSON body would be ignored.
    expect(calls[0]!.params).toEqual({ select: ['id'] });
  });

  it('sends an API key as X-Civi-Auth without cookies, so another session cannot clash', async () => {
    const { client, calls } = setup(() => v4([]), { kind: 'api-key', apiKey: 'k3y', siteKey: 's1te' });
    await client.get('api4', 'Contact', { v4: {}, v3: {} });
    expect(calls[0]!.headers.get('X-Civi-Auth')).toBe('Bearer k3y');
    expect(calls[0]!.headers.get('X-Civi-Key')).toBe('s1te');
    expect(calls[0]!.credentials).toBe('omit');
  });

  it('puts both keys on the legacy extern/rest.php, and refuses to go there without them', async () => {
    const { client, calls } = setup(() => v3([]), { kind: 'api-key', apiKey: 'k3y', siteKey: 's1te' });
    await client.get('legacy', 'Contact', { v4: {}, v3: { return: 'id' } });
    expect(calls[0]!.url.pathname).toBe(LEGACY_REST_PATH);
    expect(calls[0]!.url.searchParams.get('key')).toBe('s1te');
    expect(calls[0]!.url.searchParams.get('api_key')).toBe('k3y');
    expect(calls[0]!.credentials).toBe('omit');
    const withoutKeys = setup(() => v3([]));
    expect(await problemOf(withoutKeys.client.get('legacy', 'Contact', { v4: {}, v3: {} }))).toEqual({ kind: 'token-expired', service: 'civiCrm' });
    expect(withoutKeys.calls).toHaveLength(0);
  });

  it('reads APIv3 values keyed by id or sequential alike', async () => {
    const keyed = setup(() => v3([{ id: '12', display_name: 'Ann Lee' }], false));
    expect(await keyed.client.get('api3', 'Contact', { v4: {}, v3: {} })).toEqual([{ id: '12', display_name: 'Ann Lee' }]);
    const sequential = setup(() => v3([{ id: '12', display_name: 'Ann Lee' }]));
    expect(await sequential.client.get('api3', 'Contact', { v4: {}, v3: {} })).toEqual([{ id: '12', display_name: 'Ann Lee' }]);
  });

  it('pages to the end with limit and offset in each flavour', async () => {
    const total = PAGE_SIZE * 2 + 5;
    const all = people(total);
    for (const flavour of ['api4', 'api3'] as const) {
      const { client, calls } = setup((call) => {
        const { limit, offset } = flavour === 'api4' ? (call.params as { limit: number; offset: number }) : (call.params.options as { limit: number; offset: number });
        const slice = all.slice(offset, offset + limit);
        return flavour === 'api4' ? v4(slice) : v3(slice.map((row) => ({ ...row, id: String(row.id) })));
      });
      const rows = await client.getAll(flavour, 'Contact', { v4: {}, v3: { options: { sort: 'id ASC' } } }, contactRecordSchema);
      expect(rows.map((row) => row.id)).toEqual(all.map((row) => row.id));
      expect(calls).toHaveLength(3);
      if (flavour === 'api3') expect(calls[0]!.params).toMatchObject({ sequential: 1, options: { sort: 'id ASC', limit: PAGE_SIZE, offset: 0 } });
    }
  });

  it('names the endpoint and the path of a record that fails its schema', async () => {
    const { client } = setup(() => v4([{ id: 1 }, { id: 'two' }]));
    const problem = await problemOf(client.getAll('api4', 'Contact', { v4: {}, v3: {} }, contactRecordSchema));
    expect(problem).toMatchObject({ kind: 'bad-response', endpoint: 'Contact.get' });
    expect((problem as { detail: string }).detail).toMatch(/^values\.1\.id: /);
  });

  describe('odd envelopes', () => {
    const contact = { id: 12, display_name: 'Ann Lee' };

    it('uses APIv4 values whose count is null, text or missing, and logs each oddity once with endpoint and path', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      for (const [count, type] of [[null, 'null'], ['1', 'string'], [undefined, 'missing']] as const) {
        const { client } = setup(() => json({ values: [contact], entity: 'Contact', action: 'get', version: 4, count }));
        expect(await client.get('api4', 'Contact', { v4: {}, v3: {} })).toEqual([contact]);
        expect(warn).toHaveBeenLastCalledWith('[Descant] civiCrm Contact.get (APIv4): odd envelope, payload used anyway', [`count: ${type}`]);
      }
      expect(warn).toHaveBeenCalledTimes(3);
    });

    it('uses APIv3 values with no is_error and a count that is text, as the legacy API may send them', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      for (const flavour of ['api3', 'legacy'] as const) {
        const { client } = setup(() => json({ version: 3, count: '1', values: { 12: { id: '12', display_name: 'Ann Lee' } } }), { kind: 'api-key', apiKey: 'k', siteKey: 's' });
        expect(await client.get(flavour, 'Contact', { v4: {}, v3: {} })).toEqual([{ id: '12', display_name: 'Ann Lee' }]);
        expect(warn).toHaveBeenLastCalledWith(expect.stringContaining('Contact.get'), ['is_error: missing', 'count: string']);
      }
      const nullError = setup(() => json({ is_error: null, count: 1, values: [contact] }));
      expect(await nullError.client.get('api3', 'Contact', { v4: {}, v3: {} })).toEqual([contact]);
      expect(warn).toHaveBeenLastCalledWith(expect.stringContaining('Contact.get (APIv3)'), ['is_error: null']);
    });

    it('still fails, naming the endpoint and the path, when there are no values to use', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const v4Empty = setup(() => json({ version: 4, count: 0 }));
      expect(await problemOf(v4Empty.client.get('api4', 'Contact', { v4: {}, v3: {} }))).toMatchObject({ kind: 'bad-response', endpoint: 'Contact.get (APIv4)', detail: expect.stringMatching(/^values: /) });
      const v3Empty = setup(() => json({ is_error: 0, count: 0 }));
      expect(await problemOf(v3Empty.client.get('api3', 'Contact', { v4: {}, v3: {} }))).toMatchObject({ kind: 'bad-response', endpoint: 'Contact.get (APIv3)', detail: expect.stringMatching(/^values: /) });
    });

    it('never takes an error for data, whatever values it holds', async () => {
      vi.spyOn(console, 'warn').mockImplementation(() => {});
      const get = (reply: () => Response, flavour: 'api4' | 'api3' = 'api3') => problemOf(setup(reply).client.get(flavour, 'Contact', { v4: {}, v3: {} }));
      expect(await get(() => json({ is_error: 1, error_message: 'DB Error: no such field', values: [contact] }))).toMatchObject({ kind: 'service-error', message: 'DB Error: no such field' });
      expect(await get(() => json({ error_message: 'DB Error: no such field', count: 1, values: [contact] }))).toMatchObject({ kind: 'service-error', message: 'DB Error: no such field' });
      expect(await get(() => json({ is_error: 'yes', values: [contact] }))).toMatchObject({ kind: 'service-error', message: '' });
      expect(await get(() => json({ is_error: 'yes', error_message: 500 }))).toMatchObject({ kind: 'bad-response', detail: expect.stringMatching(/^error_message: /) });
      expect(await get(() => json({ error_code: '1', error_message: 'Sorry an error occurred', status: 500, values: [contact] }, 500), 'api4')).toMatchObject({ kind: 'service-error' });
    });
  });

  describe('every documented error shape', () => {
    const cases: [string, () => Response, Problem['kind'], string?][] = [
      ['v3 error at HTTP 200', () => json({ is_error: 1, error_message: 'DB Error: no such field' }), 'service-error', 'api3'],
      ['v3 permission refusal', () => json({ is_error: 1, error_code: 'unauthorized', error_message: 'API permission check failed for Membership/get call' }), 'forbidden', 'api3'],
      ['v3 CSRF security alert', () => json({ is_error: 1, error_message: 'SECURITY ALERT: Ajax requests can only be issued by javascript clients, eg. CRM.api3().', reason: 'CSRF suspected' }), 'service-error', 'api3'],
      ['legacy keys refused', () => json({ is_error: 1, error_message: 'Failed to authenticate key' }), 'token-expired', 'api3'],
      ['v4 400 security alert', () => json({ error_code: 400, error_message: 'SECURITY ALERT: Ajax requests can only be issued by javascript clients, eg. CRM.api4().' }, 400), 'service-error'],
      ['v4 403', () => json({ error_code: 0, error_message: 'Authorization failed', status: 403 }, 403), 'forbidden'],
      ['v4 405', () => json({ error_code: 405, error_message: 'SECURITY: All requests that modify the database must be http POST, not GET.' }, 405), 'service-error'],
      ['v4 500', () => json({ error_code: '1', error_message: 'Sorry an error occurred and your request was not completed. (Error ID: ab12)', status: 500 }, 500), 'service-error'],
      ['v4 503 maintenance', () => json({ status_code: 503, status_message: 'Temporarily unavailable for maintenance.' }, 503), 'server-busy'],
      ['AuthX 401 invalid credential', () => new Response('HTTP 401 Invalid credential', { status: 401, headers: { 'Content-Type': 'text/plain' } }), 'token-expired'],
      ['AuthX 401 guard', () => new Response('HTTP 401 Login not permitted. Must satisfy guard (site_key, perm).', { status: 401 }), 'service-error'],
      ['CMS login page', () => html('<form><input name="name"><input type="password" name="pass"></form>', 403), 'signed-out'],
      ['CMS access denied page', () => html('<h1>Access denied</h1><p>You are not authorized to access this page.</p>', 403), 'forbidden'],
      ['cut-short JSON', () => new Response('{"values":[{"id":1', { status: 200 }), 'bad-response'],
      ['XML from extern/rest.php without json', () => new Response('<?xml version="1.0"?><ResultSet><Result></Result></ResultSet>', { status: 200 }), 'bad-response', 'api3'],
    ];
    it.each(cases)('%s', async (_name, reply, kind, flavour = 'api4') => {
      const { client } = setup(reply, { kind: 'api-key', apiKey: 'k', siteKey: 's' });
      expect((await problemOf(client.get(flavour as 'api4' | 'api3', 'Membership', { v4: {}, v3: {} }))).kind).toBe(kind);
    });

    it('keeps the service words of an AuthX refusal', async () => {
      const { client } = setup(() => new Response('HTTP 401 Cannot login. A mismatched session is already active.', { status: 401 }));
      expect(await problemOf(client.get('api4', 'Contact', { v4: {}, v3: {} }))).toMatchObject({ kind: 'service-error', message: 'Cannot login. A mismatched session is already active.' });
    });

    it('backs off after 503 and sends nothing until then', async () => {
      const { client, calls, backoffState } = setup(() => json({ status_code: 503, status_message: 'Temporarily unavailable for maintenance.' }, 503));
      await problemOf(client.get('api4', 'Contact', { v4: {}, v3: {} }));
      expect(backoffState()?.until).toBe(now() + 30_000); // no Retry-After: the first delay
      expect(await problemOf(client.get('api4', 'Contact', { v4: { limit: 2 }, v3: {} }))).toMatchObject({ kind: 'server-busy', retryAt: now() + 30_000 });
      expect(calls).toHaveLength(1);
    });
  });

  describe('finding the API', () => {
    it('uses APIv4 where it answers', async () => {
      const { client, calls } = setup(() => v4([{ id: 1 }]));
      expect(await detectFlavour(client, { kind: 'session' })).toBe('api4');
      expect(calls).toHaveLength(1);
    });

    it('falls back to APIv3 on a site too old for APIv4, and to extern/rest.php with both keys', async () => {
      const old = setup((call) => (call.flavour === 'api4' ? html('<h1>Page not found</h1>', 404) : v3([{ id: '1' }])));
      expect(await detectFlavour(old.client, { kind: 'session' })).toBe('api3');
      const keys: CiviAuth = { kind: 'api-key', apiKey: 'k', siteKey: 's' };
      const oldest = setup((call) => (call.flavour === 'legacy' ? v3([{ id: '1' }]) : html('<h1>CiviCRM Home</h1>')), keys);
      expect(await detectFlavour(oldest.client, keys)).toBe('legacy');
    });

    it('stops at a sign-in refusal rather than trying the next API', async () => {
      const { client, calls } = setup(() => html('<form><input type="password"></form>', 403));
      expect((await problemOf(detectFlavour(client, { kind: 'session' }))).kind).toBe('signed-out');
      expect(calls).toHaveLength(1);
    });

    it('says there is no API when nothing answers', async () => {
      const { client } = setup(() => html('<h1>Page not found</h1>', 404));
      expect(await problemOf(detectFlavour(client, { kind: 'session' }))).toEqual({ kind: 'api-disabled', service: 'civiCrm' });
    });

    it('tells a missing route apart from a broken reply', async () => {
      const { client } = setup(() => html('<h1>Page not found</h1>', 404));
      await expect(client.get('api4', 'Contact', { v4: {}, v3: {} })).rejects.toBeInstanceOf(NotThisFlavourError);
    });
  });
});

describe('reading the choir from CiviCRM', () => {
  /** A small CiviCRM answering APIv4 or APIv3 with the same people. */
  function choir(options: { forbid?: string[]; olderApi4?: 'drops-email-primary' | 'refuses-email-primary' } = {}) {
    const contacts = [
      { id: 101, display_name: 'Ann Lee', first_name: 'Ann', last_name: 'Lee', nick_name: null, 'email_primary.email': 'ann@example.org' },
      { id: 102, display_name: 'Bob Roy', first_name: 'Robert', last_name: 'Roy', nick_name: 'Bob', 'email_primary.email': null },
    ];
    const groups = [
      { id: 1, title: 'Choir members', is_active: true, saved_search_id: null },
      { id: 2, title: 'Lapsed singers', is_active: true, saved_search_id: 7 },
    ];
    const groupContacts = [{ group_id: 1, contact_id: 101 }];
    const memberships = [
      { contact_id: 101, membership_type_id: 1, status_id: 4, 'membership_type_id:label': 'Singing member', 'status_id:label': 'Expired', end_date: '2024-12-31' },
      { contact_id: 101, membership_type_id: 1, status_id: 2, 'membership_type_id:label': 'Singing member', 'status_id:label': 'Current', end_date: '2026-12-31' },
      { contact_id: 102, membership_type_id: 2, status_id: 4, 'membership_type_id:label': 'Friend of the choir', 'status_id:label': 'Expired', end_date: '2025-06-30' },
    ];
    const tables: Record<string, Record<string, unknown>[]> = {
      Contact: contacts,
      Group: groups,
      GroupContact: groupContacts,
      Membership: memberships,
      MembershipType: [
        { id: 1, name: 'Singing member' },
        { id: 2, name: 'Friend of the choir' },
      ],
      MembershipStatus: [
        { id: 2, name: 'Current', label: 'Current' },
        { id: 4, name: 'Expired', label: 'Expired' },
      ],
    };
    const emails = [
      { id: 9, contact_id: 101, email: 'ann@example.org' },
      { id: 10, contact_id: 102, email: null },
    ];
    return (call: Call) => {
      if (options.olderApi4 && call.entity === 'Contact' && !(call.params.where as unknown[][]).some((clause) => clause[0] === 'groups')) {
        const asked = (call.params.select as string[]).includes('email_primary.email');
        if (asked && options.olderApi4 === 'refuses-email-primary') return json({ error_code: 0, error_message: "Invalid field 'email_primary.email' in select", status: 500 }, 500);
        return v4(contacts.map(({ 'email_primary.email': _unknownField, ...rest }) => rest));
      }
      if (call.entity === 'Email') return v4(emails);
      if (options.forbid?.includes(call.entity)) {
        return call.flavour === 'api4' ? json({ error_code: 0, error_message: 'Authorization failed', status: 403 }, 403) : json({ is_error: 1, error_code: 'unauthorized', error_message: 'API permission check failed' });
      }
      const smartGroup = call.flavour === 'api4' ? (call.params.where as unknown[][] | undefined)?.some((clause) => clause[0] === 'groups') : call.params.group !== undefined;
      let rows = smartGroup ? [{ id: 102 }] : (tables[call.entity] ?? []);
      if (call.flavour === 'api4') return v4(rows);
      // APIv3 sends strings, and ids rather than labels.
      rows = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([key]) => !key.includes(':')).map(([key, value]) => [key === 'email_primary.email' ? 'email' : key, value === null ? '' : typeof value === 'boolean' ? (value ? '1' : '0') : String(value)])));
      return v3(rows);
    };
  }

  it.each(['api4', 'api3'] as const)('joins contacts, groups (static and smart) and memberships through %s', async (flavour) => {
    const { client } = setup(choir());
    const { contacts, unreadable } = await readChoirData(client, flavour);
    expect(unreadable).toEqual([]);
    expect(contacts).toEqual([
      {
        id: 101,
        name: 'Ann Lee',
        firstName: 'Ann',
        lastName: 'Lee',
        email: 'ann@example.org',
        groups: ['Choir members'],
        memberships: [
          { type: 'Singing member', status: 'Current', endDate: '2026-12-31' },
          { type: 'Singing member', status: 'Expired', endDate: '2024-12-31' },
        ],
      },
      { id: 102, name: 'Bob Roy', firstName: 'Robert', lastName: 'Roy', nickName: 'Bob', groups: ['Lapsed singers'], memberships: [{ type: 'Friend of the choir', status: 'Expired', endDate: '2025-06-30' }] },
    ]);
  });

  it.each(['drops-email-primary', 'refuses-email-primary'] as const)('reads emails from Email on an older APIv4 that %s', async (olderApi4) => {
    const { client, calls } = setup(choir({ olderApi4 }));
    const { contacts } = await readChoirData(client, 'api4');
    expect(contacts.map((contact) => [contact.id, contact.email])).toEqual([
      [101, 'ann@example.org'],
      [102, undefined],
    ]);
    expect(calls.find((call) => call.entity === 'Email')?.params.where).toEqual([['is_primary', '=', true]]);
  });

  it('reads no Email entity when email_primary works', async () => {
    const { client, calls } = setup(choir());
    await readChoirData(client, 'api4');
    expect(calls.some((call) => call.entity === 'Email')).toBe(false);
  });

  it('asks only for people: individuals not in the trash', async () => {
    const { client, calls } = setup(choir());
    await readChoirData(client, 'api4');
    expect(calls[0]!.params.where).toEqual([
      ['contact_type', '=', 'Individual'],
      ['is_deleted', '=', false],
    ]);
  });

  it('goes on without memberships a login may not read, and says so', async () => {
    const { client } = setup(choir({ forbid: ['Membership'] }));
    const { contacts, unreadable } = await readChoirData(client, 'api4');
    expect(unreadable).toEqual(['memberships']);
    expect(contacts[0]!.memberships).toEqual([]);
    expect(contacts[0]!.groups).toEqual(['Choir members']);
  });

  it('fails as a whole when the contacts themselves are refused', async () => {
    const { client } = setup(choir({ forbid: ['Contact'] }));
    expect((await problemOf(readChoirData(client, 'api3'))).kind).toBe('forbidden');
  });
});
