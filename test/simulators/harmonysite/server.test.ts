// @vitest-environment node
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AWKWARD_INSTANTS, fixedClock, manualClock } from '../../clock';
import { httpsCall, type HttpReply, type RequestOptions } from '../https-call';
import { generateSimData, SIGNED_IN_VOLUNTEER_ID } from '../three-rings/data';
import { addDays, londonDate } from '../three-rings/london-time';
import { displayDate } from './api';
import { generateHarmonySiteData, type HarmonySiteData } from './data';
import { withoutAccents } from './names';
import {
  type Fault,
  HARMONYSITE_DEMO_PASSWORD,
  HARMONYSITE_DEMO_USERNAME,
  type HarmonySiteSim,
  SECTION_LEADER_PASSWORD,
  SECTION_LEADER_USERNAME,
  startHarmonySiteSimulator,
} from './server';

const call = (sim: HarmonySiteSim, path: string, options?: RequestOptions): Promise<HttpReply> => httpsCall(sim.url, path, options);

type Json = Record<string, any>;

/** GET /api?output=json&…, parsed. */
async function api(sim: HarmonySiteSim, query: Record<string, string>, cookie?: string): Promise<Json> {
  return JSON.parse((await call(sim, `/api?${new URLSearchParams({ output: 'json', ...query })}`, { cookie })).body) as Json;
}

async function logIn(sim: HarmonySiteSim, username = HARMONYSITE_DEMO_USERNAME, password = HARMONYSITE_DEMO_PASSWORD): Promise<HttpReply & { cookie?: string }> {
  const reply = await call(sim, '/dbaction.php', { method: 'POST', body: new URLSearchParams({ action: 'Login', username, password }).toString() });
  const setCookie = reply.headers['set-cookie']?.[0];
  return { ...reply, cookie: setCookie?.split(';')[0] };
}

/** The token from `authorise`, decoded once as the client must. */
async function apiToken(sim: HarmonySiteSim, username = HARMONYSITE_DEMO_USERNAME, password = HARMONYSITE_DEMO_PASSWORD): Promise<string> {
  return decodeURIComponent((await api(sim, { endpoint: 'authorise', username, password })).token);
}

const ERROR = (error: string) => ({ '@attributes': { status: 'error' }, error });
/** The simulators' "now" in these tests: a Tuesday morning in London. */
const NOW = '2026-11-24T10:00:00Z';
const volunteersAt = (instant: string) => generateSimData({ seed: 1, volunteerCount: 120, now: new Date(instant) }).volunteers;
const volunteers = volunteersAt(NOW);

describe('HarmonySite simulator', () => {
  const clock = fixedClock(NOW);
  let sim: HarmonySiteSim;
  let cookie: string;
  let session: Record<string, string>;

  beforeAll(async () => {
    sim = await startHarmonySiteSimulator({ volunteers, clock });
    cookie = (await logIn(sim)).cookie ?? '';
    session = { token: cookie.split('=')[1] ?? '' };
  });
  afterEach(() => sim.reset());
  afterAll(() => sim.close());

  const browse = (query: Record<string, string>, token = session, withCookie = true) => api(sim, { endpoint: 'browse', ...token, ...query }, withCookie ? cookie : undefined);

  describe('data', () => {
    it('makes about three in four volunteers members, the signed-in one always with the same email', () => {
      const { truth, members } = sim.data;
      expect(truth.length / volunteers.length).toBeGreaterThan(0.65);
      expect(truth.length / volunteers.length).toBeLessThan(0.9);
      const me = truth.find((pair) => pair.volunteerId === SIGNED_IN_VOLUNTEER_ID);
      expect(me?.memberId).toBe(sim.data.demoMemberId);
      expect(members.find((member) => member.id === String(me?.memberId))?.Email).toBe(volunteers[0]?.email);
      const others = members.length - truth.length;
      expect(others / members.length).toBeGreaterThan(0.1);
      expect(others / members.length).toBeLessThan(0.25);
    });

    it('writes names and emails differently from Three Rings, as choirs do', () => {
      const pairs = sim.data.truth.map(({ memberId, volunteerId }) => ({
        member: sim.data.members.find((member) => member.id === String(memberId))!,
        volunteer: volunteers.find((volunteer) => volunteer.id === volunteerId)!,
      }));
      const some = (test: (pair: (typeof pairs)[number]) => boolean) => expect(pairs.some(test)).toBe(true);
      some(({ member }) => member.Greeting === 'Peggy' && member.FirstName === 'Margaret Anne');
      some(({ member, volunteer }) => !!member.Greeting && member.Greeting !== member.FirstName && member.FirstName!.startsWith(volunteer.firstName));
      some(({ member, volunteer }) => member.Surname !== volunteer.surname && member.Email === volunteer.email);
      some(({ member, volunteer }) => !member.Email && !!volunteer.email);
      some(({ member, volunteer }) => member.FirstName !== volunteer.firstName && member.FirstName === withoutAccents(volunteer.firstName));
      const byEmail = new Map<string, number>();
      for (const member of sim.data.members) if (member.Email) byEmail.set(member.Email, (byEmail.get(member.Email) ?? 0) + 1);
      expect([...byEmail.values()].filter((count) => count > 1).length).toBeGreaterThanOrEqual(2);
    });

    it('includes hostile names: markup, 200 characters, right-to-left, quotes and ampersands', () => {
      const names = sim.data.members.map((member) => `${member.FirstName} ${member.Surname}`);
      expect(names.some((name) => name.includes('<img src=x onerror=alert(1)>'))).toBe(true);
      expect(names.some((name) => name.length === 200)).toBe(true);
      expect(names.some((name) => /[\u0590-\u05ff]/.test(name))).toBe(true);
      expect(names.some((name) => /[\u0600-\u06ff]/.test(name))).toBe(true);
      expect(names.some((name) => name.includes('"') || name.includes("'"))).toBe(true);
      expect(names.some((name) => name.includes('&'))).toBe(true);
    });

    it('has every membership status, voice parts and rosters of member ids', () => {
      expect(new Set(sim.data.memberships.map((row) => row.Status))).toEqual(new Set(['Active', 'Former', 'Deceased', 'Leave of absence']));
      expect(sim.data.participations.map((row) => row.Part)).toEqual(expect.arrayContaining(['Soprano 1', 'Alto 2', 'Tenor', 'Bass 1']));
      const ids = new Set(sim.data.members.map((member) => member.id));
      for (const event of sim.data.events) expect(event.Roster!.split('|').every((id) => ids.has(id))).toBe(true);
    });
  });

  describe('web sign-in and pages', () => {
    it('serves a public home page and the login form', async () => {
      expect((await call(sim, '/')).status).toBe(200);
      const form = await call(sim, '/dbpage.php?pg=login');
      expect(form.body).toMatch(/<form method="post" action="dbaction.php">/);
      expect(form.body).toContain('name="password"');
    });

    it('sets PHPSESSID and redirects to the members-only page; a wrong password sets nothing', async () => {
      const good = await logIn(sim);
      expect(good.status).toBe(302);
      expect(good.headers.location).toBe('/dbpage.php?pg=membersonly');
      expect(good.headers['set-cookie']?.[0]).toMatch(/^PHPSESSID=[0-9a-f]{26}; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
      const bad = await logIn(sim, HARMONYSITE_DEMO_USERNAME, 'wrong');
      expect(bad.status).toBe(200);
      expect(bad.headers['set-cookie']).toBeUndefined();
      expect(bad.body).toContain('not recognised');
    });

    it('sends signed-out visitors to the login page, and logging out ends the session', async () => {
      for (const path of ['/dbpage.php?pg=membersonly', '/dbpage.php?pg=admin&dbase=members', '/dbpage.php?pg=view&dbase=members&id=1', '/dbpage.php?pg=events']) {
        const reply = await call(sim, path);
        expect(reply.status, path).toBe(302);
        expect(reply.headers.location, path).toBe('/dbpage.php?pg=login');
      }
      const own = (await logIn(sim)).cookie!;
      expect((await call(sim, '/dbpage.php?pg=membersonly', { cookie: own })).status).toBe(200);
      const logout = await call(sim, '/dbaction.php?action=Logout', { cookie: own });
      expect(logout.headers['set-cookie']?.[0]).toMatch(/^PHPSESSID=deleted; .*Max-Age=0/);
      expect((await call(sim, '/dbpage.php?pg=membersonly', { cookie: own })).status).toBe(302);
    });

    it('lists members with the surname as the profile link, escaped, under aggressive site CSS', async () => {
      const list = (await call(sim, '/dbpage.php?pg=admin&dbase=members', { cookie })).body;
      expect(list).toContain('span { font-size: 30px !important; color: red;');
      expect(list).toContain('* { box-sizing: content-box; }');
      expect(list).toContain('Entire database');
      const links = [...list.matchAll(/<a href="dbpage\.php\?pg=view&amp;dbase=members&amp;id=(\d+)">([^<]*)<\/a>/g)];
      expect(links).toHaveLength(40);
      const first = sim.data.members.find((member) => member.id === links[0]![1])!;
      expect(links[0]![2]).toBe(first.Surname);
      expect(list).not.toMatch(/<img src=x|<script>alert/);
    });

    it('adds later rows through the page’s own "Show more" script, and filters by grouping', async () => {
      const list = (await call(sim, '/dbpage.php?pg=admin&dbase=members', { cookie })).body;
      expect(list).toMatch(/<button type="button" id="show-more"[^>]*data-src="dbpage.php\?pg=admin&amp;dbase=members&amp;fragment=1&amp;page="/);
      expect(list).toContain("fetch(button.dataset.src + page)");
      const more = (await call(sim, '/dbpage.php?pg=admin&dbase=members&fragment=1&page=2', { cookie })).body;
      expect(more.trimStart()).toMatch(/^<tr class="member-row">/);
      const firstIds = [...list.matchAll(/id=(\d+)">/g)].map((match) => match[1]);
      const laterIds = [...more.matchAll(/id=(\d+)">/g)].map((match) => match[1]);
      expect(laterIds.length).toBeGreaterThan(0);
      expect(laterIds.filter((id) => firstIds.includes(id))).toEqual([]);

      const past = (await call(sim, '/dbpage.php?pg=admin&dbase=members&grouping=3', { cookie })).body;
      const pastIds = [...past.matchAll(/dbase=members&amp;id=(\d+)">/g)].map((match) => match[1]);
      const leavers = new Set(sim.data.memberships.filter((row) => row.Status === 'Former' || row.Status === 'Deceased').map((row) => row.Member));
      expect(pastIds.length).toBeGreaterThan(0);
      expect(pastIds.every((id) => leavers.has(id!))).toBe(true);
    });

    it('shows a member profile and an event with its roster as member links', async () => {
      const hostile = sim.data.members.find((member) => member.FirstName!.startsWith('<img'))!;
      const profile = await call(sim, `/dbpage.php?pg=view&dbase=members&id=${hostile.id}`, { cookie });
      expect(profile.body).toContain('<h1 class="member-name">&lt;img src=x onerror=alert(1)&gt; Trudy&lt;/a&gt;&lt;script&gt;');
      const event = sim.data.events.find((row) => row.Description!.includes('onerror'))!;
      const page = (await call(sim, `/dbpage.php?pg=view&dbase=events&id=${event.id}`, { cookie })).body;
      expect(page).not.toContain('<img src=x');
      const roster = [...page.matchAll(/<li><a href="dbpage\.php\?pg=view&amp;dbase=members&amp;id=(\d+)">/g)].map((match) => match[1]);
      expect(roster).toEqual(event.Roster!.split('|'));
      const events = (await call(sim, '/dbpage.php?pg=events', { cookie })).body;
      expect(events).toContain(`dbpage.php?pg=view&amp;dbase=events&amp;id=${event.id}`);
      expect((await call(sim, '/dbpage.php?pg=view&dbase=members&id=999999', { cookie })).status).toBe(404);
    });
  });

  describe('/api', () => {
    it('authorises by GET or POST with a token that arrives URL-encoded; a wrong password is an error', async () => {
      const reply = await api(sim, { endpoint: 'authorise', username: HARMONYSITE_DEMO_USERNAME, password: HARMONYSITE_DEMO_PASSWORD });
      expect(reply).toEqual({ '@attributes': { status: 'okay' }, token: expect.stringMatching(/%(2F|2B|3D)/) });
      const posted = await call(sim, '/api', { method: 'POST', body: `endpoint=authorise&output=json&username=demo&password=${HARMONYSITE_DEMO_PASSWORD}` });
      expect(JSON.parse(posted.body).token).toMatch(/%3D$/);
      expect(await api(sim, { endpoint: 'authorise', username: 'demo', password: 'nope' })).toEqual(ERROR('Invalid username or password'));
    });

    it('takes a token from authorise without cookies, decoded once, until it runs out', async () => {
      const token = await apiToken(sim);
      expect((await browse({ table: 'members' }, { token }, false))['@attributes'].status).toBe('okay');
      expect(await browse({ table: 'members' }, { token: encodeURIComponent(token) }, false)).toEqual(ERROR('Invalid or expired token'));
      expect(await browse({ table: 'members' }, {}, false)).toEqual(ERROR('No token'));
      expect(sim.requests().map((request) => [request.tokenKind, request.hasCookie])).toEqual([['none', false], ['api', false], ['invalid', false], ['none', false]]);
    });

    it("takes the browser's PHPSESSID as the token, but only with its cookie", async () => {
      expect((await browse({ table: 'members' }))['@attributes'].status).toBe('okay');
      expect(await browse({ table: 'members' }, session, false)).toEqual(ERROR('Invalid or expired token'));
      expect(sim.requests().map((request) => [request.tokenKind, request.hasCookie, request.apiStatus])).toEqual([
        ['session', true, 'okay'],
        ['session', false, 'error'],
      ]);
    });

    it('pages with string counts, at most 50 a page, by startrec or the older start', async () => {
      const first = await browse({ table: 'members', n: '100' });
      expect(first.records['@attributes']).toEqual({ singular: 'member', plural: 'members', available: String(sim.data.members.length), count: '50' });
      expect(first.records.record[0]['@attributes']).toEqual({ index: '1' });
      const surnames = first.records.record.map((record: Json) => record.Surname);
      expect(surnames).toEqual([...surnames].sort((a, b) => a.localeCompare(b, 'en-GB')));
      const second = await browse({ table: 'members', n: '10', startrec: '51' });
      expect(second.records['@attributes'].count).toBe('10');
      expect(second.records.record[0]['@attributes'].index).toBe('51');
      expect((await browse({ table: 'members', n: '10', start: '51' })).records.record[0].id).toBe(second.records.record[0].id);
      for (const record of first.records.record) for (const value of Object.values(record)) expect(typeof value === 'string' || typeof value === 'object').toBe(true);
    });

    it('sends empty fields as {}, one record as an object, and none as no record key', async () => {
      const noEmail = sim.data.members.find((member) => !member.Email)!;
      const one = await browse({ table: 'members', id: noEmail.id! });
      expect(one.records['@attributes'].count).toBe('1');
      expect(Array.isArray(one.records.record)).toBe(false);
      expect(one.records.record.Email).toEqual({});
      expect(one.records.record.id).toBe(noEmail.id);
      const none = await browse({ table: 'members', startrec: '9999' });
      expect(none.records).toEqual({ '@attributes': expect.objectContaining({ count: '0' }) });
    });

    it('filters on case-sensitive field names and refuses tables in the wrong case', async () => {
      const member = sim.data.participations[0]!.Member!;
      const theirs = await browse({ table: 'participations', Member: member, n: '50' });
      const records = [theirs.records.record].flat();
      expect(records.every((record: Json) => record.Member === member)).toBe(true);
      expect((await browse({ table: 'participations', member, n: '1' })).records['@attributes'].available).toBe(String(sim.data.participations.length));
      expect(await browse({ table: 'Members' })).toEqual(ERROR('Unknown table: Members'));
    });

    it('formats dates and booleans unless raw=1, with RAW_start beside start', async () => {
      const event = sim.data.events[0]!; // three weeks before the sim's today, 2026-11-24
      const shown = (await browse({ table: 'events', id: event.id! })).records.record;
      expect(shown.start).toBe('Tue 3 Nov 2026');
      expect(shown.RAW_start).toBe('2026-11-03');
      expect(shown.Public).toMatch(/^(Yes|No)$/);
      expect(shown.Until).toEqual({});
      const raw = (await browse({ table: 'events', id: event.id!, raw: '1' })).records.record;
      expect(raw.start).toBe(event.start);
      expect(raw.Public).toMatch(/^[01]$/);
      expect(raw).not.toHaveProperty('RAW_start');
    });

    it('answers config with flat settings, and XML when asked', async () => {
      const config = await api(sim, { endpoint: 'config', ...session }, cookie);
      expect(config).toEqual({ '@attributes': { status: 'okay' }, config: expect.objectContaining({ SiteName: 'St Cecilia Singers', TimeZone: 'Europe/London', Logo: {} }) });
      const xml = await call(sim, `/api?endpoint=browse&output=xml&table=members&n=2&token=${session.token}`, { cookie });
      expect(xml.headers['content-type']).toBe('text/xml; charset=utf-8');
      expect(xml.body).toMatch(/<api status="okay"><records singular="member" plural="members" available="\d+" count="2"><record index="1"><id>\d+<\/id>/);
    });

    it('hides memberships from the section leader: okay, with no records', async () => {
      const token = await apiToken(sim, SECTION_LEADER_USERNAME, SECTION_LEADER_PASSWORD);
      const hidden = await browse({ table: 'memberships' }, { token }, false);
      expect(hidden).toEqual({ '@attributes': { status: 'okay' }, records: { '@attributes': expect.objectContaining({ available: '0', count: '0' }) } });
      expect((await browse({ table: 'members' }, { token }, false)).records['@attributes'].count).toBe('20');
    });

    it('logs each request with its endpoint, table, cookie, token kind, status and user agent', async () => {
      await browse({ table: 'events' });
      expect(sim.requests()).toEqual([
        { at: Date.parse(NOW), method: 'GET', endpoint: 'browse', table: 'events', hasCookie: true, tokenKind: 'session', status: 200, apiStatus: 'okay', userAgent: 'Descant tests' },
      ]);
    });
  });

  describe('faults', () => {
    const members = { table: 'members' };

    it('signed-out refuses every token; refuse-session-token only the session', async () => {
      const token = await apiToken(sim);
      sim.setFault({ kind: 'signed-out' });
      expect(await browse(members)).toEqual(ERROR('Invalid or expired token'));
      expect(await browse(members, { token }, false)).toEqual(ERROR('Invalid or expired token'));
      sim.setFault({ kind: 'refuse-session-token' });
      expect(await browse(members)).toEqual(ERROR('Invalid or expired token'));
      expect((await browse(members, { token }, false))['@attributes'].status).toBe('okay');
    });

    it('expire-tokens ends the tokens issued so far, for good; new ones work', async () => {
      const old = await apiToken(sim);
      sim.setFault({ kind: 'expire-tokens', times: 1, paths: ['browse/*'] });
      expect(await browse(members, { token: old }, false)).toEqual(ERROR('Invalid or expired token'));
      expect(await browse(members, { token: old }, false)).toEqual(ERROR('Invalid or expired token'));
      expect((await browse(members, { token: await apiToken(sim) }, false))['@attributes'].status).toBe('okay');
    });

    it('error-status, empty-table, single-record and old-array-key change the body', async () => {
      sim.setFault({ kind: 'error-status' });
      expect(await browse(members)).toEqual(ERROR('Database temporarily unavailable'));
      sim.setFault({ kind: 'empty-table', table: 'members' });
      expect((await browse(members)).records).not.toHaveProperty('record');
      expect((await browse({ table: 'events' })).records.record).toHaveLength(sim.data.events.length);
      sim.setFault({ kind: 'single-record', table: 'members' });
      const single = await browse(members);
      expect(single.records['@attributes']).toMatchObject({ available: '1', count: '1' });
      expect(single.records.record['@attributes']).toEqual({ index: '1' });
      sim.setFault({ kind: 'old-array-key' });
      const old = await browse({ table: 'participations' });
      expect(old.records).not.toHaveProperty('record');
      expect(old.records.ensemble_participation).toHaveLength(20);
    });

    it('429, 500 and 503 replace the reply, 429 with Retry-After', async () => {
      sim.setFault({ kind: '429', retryAfterSeconds: 12 });
      const busy = await call(sim, `/api?endpoint=browse&output=json&table=members&token=${session.token}`, { cookie });
      expect(busy.status).toBe(429);
      expect(busy.headers['retry-after']).toBe('12');
      for (const kind of ['500', '503'] as const) {
        sim.setFault({ kind });
        expect((await call(sim, '/api?endpoint=config&output=json')).status).toBe(Number(kind));
      }
      expect(sim.requests().map((request) => request.status)).toEqual([429, 500, 503]);
    });

    it('slow delays, html-instead-of-json sends the login page, truncated-json and wrong-types damage the JSON', async () => {
      sim.setFault({ kind: 'slow', delayMs: 300 });
      const started = Date.now();
      expect((await browse(members))['@attributes'].status).toBe('okay');
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      const path = `/api?endpoint=browse&output=json&table=members&token=${session.token}`;
      sim.setFault({ kind: 'html-instead-of-json' });
      const page = await call(sim, path, { cookie });
      expect([page.status, page.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
      expect(page.body).toContain('type="password"');
      sim.setFault({ kind: 'truncated-json' });
      expect(() => JSON.parse(page.body)).toThrow();
      const truncated = await call(sim, path, { cookie });
      expect(() => JSON.parse(truncated.body)).toThrow();
      sim.setFault({ kind: 'wrong-types' });
      const wrong = JSON.parse((await call(sim, path, { cookie })).body);
      expect(Array.isArray(wrong.records['@attributes'].available)).toBe(true);
    });

    it('applies only to the matching calls and only `times` times', async () => {
      sim.setFault({ kind: '500', paths: ['browse/events'], times: 2 });
      const statuses = async (table: string) => (await call(sim, `/api?endpoint=browse&output=json&table=${table}&token=${session.token}`, { cookie })).status;
      expect([await statuses('members'), await statuses('events'), await statuses('events'), await statuses('events')]).toEqual([200, 500, 500, 200]);
    });

    it('are set and cleared over the control API, which answers only on 127.0.0.1:PORT', async () => {
      const fault: Fault = { kind: 'empty-table', table: 'events' };
      const set = await call(sim, '/__sim/fault', { method: 'POST', body: JSON.stringify(fault) });
      expect(set.status).toBe(200);
      expect((await browse({ table: 'events' })).records['@attributes'].count).toBe('0');
      expect((await call(sim, '/__sim/fault', { method: 'POST', body: '{"kind":"empty-table"}' })).status).toBe(400);
      expect(JSON.parse((await call(sim, '/__sim/requests')).body)).toHaveLength(1);
      await call(sim, '/__sim/reset', { method: 'POST' });
      expect((await browse({ table: 'events' })).records['@attributes'].count).toBe(String(sim.data.events.length));
      expect((await call(sim, '/__sim/requests', { headers: { Host: 'stcecilia.harmonysite.test' } })).status).toBe(404);
    });
  });
});

describe('HarmonySite simulator on its own', () => {
  const clock = manualClock(NOW);
  let sim: HarmonySiteSim;

  beforeAll(async () => {
    sim = await startHarmonySiteSimulator({ seed: 2, tokenTtlMs: 200, refuseSessionToken: true, clock });
  });
  afterAll(() => sim.close());

  it('makes about sixty members, the demo login being Alex Morgan', () => {
    expect(sim.data.members.length).toBeGreaterThanOrEqual(60);
    expect(sim.data.members.length).toBeLessThan(70);
    expect(sim.data.truth).toEqual([]);
    expect(sim.data.members.find((member) => member.id === String(sim.data.demoMemberId))).toMatchObject({ FirstName: 'Alex', Surname: 'Morgan', Email: 'demo@example.org' });
  });

  it('refuses the session token when told to, and lets API tokens run out after tokenTtlMs', async () => {
    const cookie = (await logIn(sim)).cookie!;
    expect(await api(sim, { endpoint: 'config', token: cookie.split('=')[1]! }, cookie)).toEqual(ERROR('Invalid or expired token'));
    const token = await apiToken(sim);
    expect((await api(sim, { endpoint: 'config', token }))['@attributes'].status).toBe('okay');
    clock.advance(199);
    expect((await api(sim, { endpoint: 'config', token }))['@attributes'].status).toBe('okay');
    clock.advance(1);
    expect(await api(sim, { endpoint: 'config', token })).toEqual(ERROR('Invalid or expired token'));
    expect(sim.requests().at(-1)?.tokenKind).toBe('api');
  });
});

describe('displayDate', () => {
  it('writes dates as HarmonySite does, September as "Sep" whatever the machine’s locale data says', () => {
    expect(displayDate('2026-12-05')).toBe('Sat 5 Dec 2026');
    expect(displayDate('2026-09-01')).toBe('Tue 1 Sep 2026');
    expect(displayDate('2028-02-29')).toBe('Tue 29 Feb 2028');
    expect(displayDate('2027-01-01')).toBe('Fri 1 Jan 2027');
  });
});

describe.each(AWKWARD_INSTANTS)('generated at %s', (instant) => {
  const nowMs = Date.parse(instant);
  const today = londonDate(nowMs);
  const reference = generateHarmonySiteData({ seed: 1, volunteers, now: new Date(NOW) });
  let sim: HarmonySiteSim;

  beforeAll(async () => {
    sim = await startHarmonySiteSimulator({ volunteers: volunteersAt(instant), clock: fixedClock(instant) });
  });
  afterAll(() => sim.close());

  /** The data without its dates: what must not change from day to day. */
  const dateless = (data: HarmonySiteData) => ({
    members: data.members.map(({ stamp: _, ...rest }) => rest),
    memberships: data.memberships.map(({ Registration: _, ...rest }) => rest),
    participations: data.participations,
    events: data.events.map(({ start: _, Until: __, ...rest }) => rest),
    truth: data.truth,
    demoMemberId: data.demoMemberId,
    sectionLeaderMemberId: data.sectionLeaderMemberId,
  });
  const statusCounts = (data: HarmonySiteData) => {
    const counts: Record<string, number> = {};
    for (const row of data.memberships) counts[row.Status!] = (counts[row.Status!] ?? 0) + 1;
    return counts;
  };

  it('has the same members, statuses, parts, rosters and links to volunteers as on any other day', () => {
    expect(dateless(sim.data)).toEqual(dateless(reference));
    expect(statusCounts(sim.data)).toEqual(statusCounts(reference));
    expect(new Set(sim.data.memberships.map((row) => row.Status))).toEqual(new Set(['Active', 'Former', 'Deceased', 'Leave of absence']));
  });

  it('dates registrations and edits before that day, and puts six events after it', () => {
    for (const row of sim.data.memberships) expect(row.Registration! < today, row.Registration).toBe(true);
    for (const member of sim.data.members) expect(member.stamp!.slice(0, 10) < today, member.stamp).toBe(true);
    const starts = sim.data.events.map((event) => event.start!);
    expect(starts).toEqual([...starts].sort());
    expect(starts.filter((start) => start > today)).toHaveLength(6);
    expect(starts.filter((start) => start < today)).toHaveLength(3);
    expect(starts.at(-1)).toBe(addDays(today, 40));
    for (const event of sim.data.events) if (event.Until) expect(event.Until > event.start!).toBe(true);
  });

  it('serves those dates through /api as the site writes them, and times its tokens and log by its clock', async () => {
    const token = decodeURIComponent((await api(sim, { endpoint: 'authorise', username: HARMONYSITE_DEMO_USERNAME, password: HARMONYSITE_DEMO_PASSWORD })).token);
    expect((await call(sim, '/')).headers.date).toBe(new Date(nowMs).toUTCString());
    const events = [(await api(sim, { endpoint: 'browse', table: 'events', token, n: '50' })).records.record].flat();
    expect(events.map((record: Json) => record.RAW_start)).toEqual(sim.data.events.map((event) => event.start));
    for (const record of events) expect(record.start).toBe(displayDate(record.RAW_start));
    expect(sim.requests().map((request) => request.at)).toEqual([nowMs, nowMs]);
  });
});
