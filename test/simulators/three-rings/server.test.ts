// @vitest-environment node
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AWKWARD_INSTANTS, fixedClock, manualClock } from '../../clock';
import { httpsCall, type HttpReply, type RequestOptions } from '../https-call';
import { generateSimData, ROTAS, type SimData } from './data';
import { addDays, londonDate, londonTime, londonToInstant } from './london-time';
import {
  DEMO_API_KEY,
  DEMO_PASSWORD,
  DEMO_USERNAME,
  type Fault,
  maxRequestsInWindow,
  type RecordedRequest,
  SIGNED_IN_VOLUNTEER_ID,
  startThreeRingsSimulator,
  type ThreeRingsSim,
} from './server';

const call = (sim: ThreeRingsSim, path: string, options?: RequestOptions): Promise<HttpReply> => httpsCall(sim.url, path, options);

async function logIn(sim: ThreeRingsSim, password = DEMO_PASSWORD): Promise<HttpReply & { cookie?: string }> {
  const body = new URLSearchParams({
    utf8: '✓',
    'account_session[username]': DEMO_USERNAME,
    'account_session[password]': password,
    commit: 'Log In',
  }).toString();
  const reply = await call(sim, '/auth', { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  const setCookie = reply.headers['set-cookie']?.[0];
  return { ...reply, cookie: setCookie?.split(';')[0] };
}

const json = <T = Record<string, any>>(reply: HttpReply): T => JSON.parse(reply.body) as T;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The simulator's "now" in these tests: a Tuesday morning in London, rehearsal in the evening. */
const NOW = '2026-11-24T10:00:00Z';

describe('Three Rings simulator', () => {
  const clock = fixedClock(NOW);
  const nowMs = clock().getTime();
  const today = londonDate(nowMs);
  let sim: ThreeRingsSim;
  let cookie: string;

  beforeAll(async () => {
    sim = await startThreeRingsSimulator({ port: 0, clock });
    const login = await logIn(sim);
    cookie = login.cookie ?? '';
  });
  afterEach(() => sim.reset());
  afterAll(() => sim.close());

  describe('session login', () => {
    it('sets an HttpOnly, Secure, SameSite=Lax session cookie and redirects to the overview', async () => {
      const reply = await logIn(sim);
      expect(reply.status).toBe(302);
      expect(reply.headers.location).toBe('/');
      expect(reply.headers['set-cookie']?.[0]).toMatch(/^_threerings_session=[\w-]{16,}; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    });

    it('shows "Login failed" for a wrong password and sets no cookie', async () => {
      const reply = await logIn(sim, 'wrong');
      expect(reply.status).toBe(200);
      expect(reply.body).toContain('Login failed');
      expect(reply.headers['set-cookie']).toBeUndefined();
    });

    it('serves the login form the reference describes', async () => {
      const reply = await call(sim, '/login');
      expect(reply.status).toBe(200);
      expect(reply.body).toContain('name="account_session[username]"');
      expect(reply.body).toContain('name="account_session[password]"');
      expect(reply.body).toMatch(/<button[^>]+id="login-submit"/);
    });

    it('logs out: the session stops working', async () => {
      const own = (await logIn(sim)).cookie ?? '';
      const logout = await call(sim, '/logout', { cookie: own });
      expect(logout.status).toBe(302);
      expect(logout.headers.location).toBe('/login');
      expect((await call(sim, '/shift.json', { cookie: own })).status).toBe(302);
      expect((await call(sim, '/shift.json', { cookie })).status).toBe(200);
    });
  });

  describe('signed out', () => {
    it('redirects JSON requests without a session to /login, like Rails', async () => {
      const reply = await call(sim, '/shift.json');
      expect(reply.status).toBe(302);
      expect(reply.headers.location).toBe('/login');
    });

    it('redirects HTML pages without a session to /login', async () => {
      for (const path of ['/', '/rota', '/directory', `/directory/${SIGNED_IN_VOLUNTEER_ID}`]) {
        const reply = await call(sim, path);
        expect(reply.status, path).toBe(302);
        expect(reply.headers.location, path).toBe('/login');
      }
    });

    it('treats an unknown session cookie and a wrong API key as signed out', async () => {
      expect((await call(sim, '/shift.json', { cookie: '_threerings_session=forged' })).status).toBe(302);
      expect((await call(sim, '/shift.json', { headers: { Authorization: 'APIKEY wrong' } })).status).toBe(302);
    });
  });

  describe('JSON endpoints', () => {
    it('shift.json has the documented shape and the signed-in volunteer has a shift in the next 24 hours', async () => {
      const reply = await call(sim, '/shift.json', { cookie });
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
      const { shifts } = json<{ shifts: Record<string, any>[] }>(reply);
      expect(shifts.length).toBeGreaterThan(3);
      for (const shift of shifts) {
        expect(Object.keys(shift).sort()).toEqual(
          [
            'all_day', 'closed_at', 'created_at', 'duration', 'full', 'id', 'maximum_volunteers', 'minimum_volunteers',
            'num_volunteers_filling', 'num_volunteers_satisfying', 'points', 'rota', 'satisfied', 'start_datetime', 'title',
            'updated_at', 'volunteer_shifts',
          ].sort(),
        );
        expect(shift.start_datetime).toMatch(TIMESTAMP);
        expect(typeof shift.duration).toBe('number');
        expect(shift.rota).toEqual({ id: expect.any(Number), name: expect.any(String) });
        for (const vs of shift.volunteer_shifts) {
          expect(vs).toEqual({
            id: expect.any(Number),
            volunteer: { id: expect.any(Number), name: expect.any(String) },
            confirmed_at: vs.confirmed_at === null ? null : expect.stringMatching(TIMESTAMP),
            put_for_swap_at: vs.put_for_swap_at === null ? null : expect.stringMatching(TIMESTAMP),
            created_at: expect.stringMatching(TIMESTAMP),
            updated_at: expect.stringMatching(TIMESTAMP),
          });
        }
      }
      const mineSoon = shifts.filter(
        (shift) =>
          shift.volunteer_shifts.some((vs: any) => vs.volunteer.id === SIGNED_IN_VOLUNTEER_ID) &&
          Date.parse(shift.start_datetime) > nowMs &&
          Date.parse(shift.start_datetime) <= nowMs + 24 * HOUR,
      );
      expect(mineSoon.length).toBeGreaterThanOrEqual(1);
      expect(mineSoon[0]?.volunteer_shifts.find((vs: any) => vs.volunteer.id === SIGNED_IN_VOLUNTEER_ID).volunteer.name).toBe('Alex Morgan [COM]');
    });

    it('shift.json defaults to today … today + 7 and honours start_date, end_date and shift_id', async () => {
      const days = (reply: HttpReply) => json(reply).shifts.map((s: any) => londonDate(Date.parse(s.start_datetime)));
      const defaults = days(await call(sim, '/shift.json', { cookie }));
      expect(defaults.length).toBeGreaterThan(0);
      expect(defaults.every((day: string) => day >= today && day <= addDays(today, 7))).toBe(true);

      const first = sim.data.shifts[0];
      const firstDay = londonDate(Date.parse(first?.startsAt ?? ''));
      const ranged = days(await call(sim, `/shift.json?start_date=${firstDay}&end_date=${firstDay}`, { cookie }));
      expect(ranged.length).toBeGreaterThan(0);
      expect(new Set(ranged)).toEqual(new Set([firstDay]));

      const one = json(await call(sim, `/shift.json?shift_id=${first?.id}`, { cookie }));
      expect(one.shifts.map((s: any) => s.id)).toEqual([first?.id]);
      expect((await call(sim, '/shift.json?shift_id=1', { cookie })).status).toBe(404);
      expect((await call(sim, '/shift.json?start_date=01-02-2026', { cookie })).status).toBe(400);
    });

    it('accepts an API key instead of the session cookie', async () => {
      const headers = { Authorization: `APIKEY ${DEMO_API_KEY}` };
      const shifts = await call(sim, '/shift.json', { headers });
      expect(shifts.status).toBe(200);
      expect(json(shifts).shifts.length).toBeGreaterThan(0);
      expect((await call(sim, '/directory.json', { headers })).status).toBe(200);
      expect((await call(sim, '/', { headers })).status).toBe(200);
    });

    it('directory.json lists volunteers with flat roles and properties keyed by code', async () => {
      const { volunteers } = json(await call(sim, '/directory.json', { cookie }));
      expect(volunteers).toHaveLength(120);
      const dana = volunteers.find((v: any) => v.id === SIGNED_IN_VOLUNTEER_ID + 1);
      expect(dana.name).toBe('Dana Thompson [COM,NW]');
      expect(dana.url).toBe(`/directory/${dana.id}?format=json`);
      expect(dana.account).toEqual({ id: expect.any(Number), username: 'dthompson' });
      expect(dana.roles).toContainEqual({ id: expect.any(Number), name: 'Committee', suffix: 'COM' });
      expect(dana.volunteer_properties).toContainEqual({ email: { id: expect.any(Number), org_name: 'Email', value: 'dthompson@example.org' } });
      for (const property of dana.volunteer_properties) expect(Object.keys(property)).toHaveLength(1);
      const names = volunteers.map((v: any) => v.name);
      for (const name of ['Zoë Clarke [SL]', 'Siobhán Ní Bhriain', 'José Álvarez [LIB]', 'Łukasz Wiśniewski', 'ليلى حداد', '<img src=x onerror=alert(1)> Mallory']) {
        expect(names).toContain(name);
      }
      expect(names.some((name: string) => name.length === 200)).toBe(true);
    });

    it('directory/ID (?format=json or .json) wraps one volunteer with volunteer_roles and coded properties; 404 when unknown', async () => {
      const byQuery = await call(sim, `/directory/${SIGNED_IN_VOLUNTEER_ID}?format=json`, { cookie });
      const byExtension = await call(sim, `/directory/${SIGNED_IN_VOLUNTEER_ID}.json`, { cookie });
      expect(byQuery.body).toBe(byExtension.body);
      const { volunteer } = json(byQuery);
      expect(volunteer.name).toBe('Alex Morgan [COM]');
      expect(volunteer.account.username).toBe(DEMO_USERNAME);
      expect(volunteer.volunteer_roles).toContainEqual({ id: expect.any(Number), role: { id: expect.any(Number), name: 'Committee', suffix: 'COM' } });
      expect(volunteer.volunteer_properties).toContainEqual({ id: expect.any(Number), code: 'first_name', type: 'StringProperty', name: 'First Name', value: 'Alex' });
      expect(volunteer.volunteer_properties.map((p: any) => p.code)).toEqual(['first_name', 'surname', 'friendly_name', 'email', 'telephone_mobile', 'join_date']);
      expect((await call(sim, '/directory/999?format=json', { cookie })).status).toBe(404);
    });

    it('events.json has date-only events, some upcoming, virtual birthdays without id', async () => {
      const { events } = json(await call(sim, '/events.json', { cookie }));
      expect(events.length).toBeGreaterThan(3);
      for (const event of events) {
        expect(event.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(event.date >= today).toBe(true);
      }
      const birthday = events.find((e: any) => e.event_type === 'Birthday');
      expect(birthday).toBeDefined();
      expect('id' in birthday).toBe(false);
      const stored = events.find((e: any) => 'id' in e);
      expect(stored.creator).toEqual({ id: expect.any(Number), name: expect.any(String), username: expect.any(String) });

      const past = json(await call(sim, `/events.json?start_date=${sim.data.events[0]?.date}&end_date=${today}`, { cookie }));
      expect(past.events.some((e: any) => e.date < today)).toBe(true);
    });

    it('news.json has news_items with HTML bodies, one of them hostile', async () => {
      const { news_items } = json(await call(sim, '/news.json', { cookie }));
      expect(news_items.length).toBeGreaterThanOrEqual(4);
      expect(news_items[0].sticky).toBe(true);
      const bodies = news_items.map((item: any) => item.body).join('\n');
      expect(bodies).toContain('<script>');
      expect(bodies).toMatch(/onerror=/);
      expect(Object.keys(news_items[0])).toEqual(
        expect.arrayContaining(['id', 'title', 'body', 'url', 'org_id', 'created_at', 'updated_at', 'archived_at', 'expires_at', 'sticky', 'priority', 'creator', 'updater']),
      );
    });

    it('export_rotas.json is forbidden without stats access', async () => {
      const reply = await call(sim, '/stats/export_rotas.json', { cookie });
      expect(reply.status).toBe(403);
    });
  });

  describe('faults', () => {
    const fault = async (f: Fault, path = '/shift.json') => {
      sim.setFault(f);
      return call(sim, path, { cookie });
    };

    it('signed-out forces a login redirect, a 401 or a 403 even with a valid session', async () => {
      const redirect = await fault({ kind: 'signed-out', as: 'login-redirect' });
      expect(redirect.status).toBe(302);
      expect(redirect.headers.location).toBe('/login');
      const unauthorised = await fault({ kind: 'signed-out', as: '401' });
      expect(unauthorised.status).toBe(401);
      expect(unauthorised.headers['content-type']).toMatch(/^text\/html/);
      expect((await fault({ kind: 'signed-out', as: '403' })).status).toBe(403);
    });

    it('429 carries Retry-After (30 by default)', async () => {
      const byDefault = await fault({ kind: '429' });
      expect(byDefault.status).toBe(429);
      expect(byDefault.headers['retry-after']).toBe('30');
      expect((await fault({ kind: '429', retryAfterSeconds: 5 })).headers['retry-after']).toBe('5');
    });

    it('500 and 503 answer with HTML error pages', async () => {
      for (const kind of ['500', '503'] as const) {
        const reply = await fault({ kind });
        expect(reply.status).toBe(Number(kind));
        expect(reply.headers['content-type']).toMatch(/^text\/html/);
        expect(reply.body).toContain(`Error ${kind}`);
      }
    });

    it('slow delays a normal reply', async () => {
      const started = Date.now();
      const reply = await fault({ kind: 'slow', delayMs: 300 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(280);
      expect(reply.status).toBe(200);
      expect(json(reply).shifts).toBeInstanceOf(Array);
    });

    it('truncated-json keeps the JSON headers but cuts the body in half', async () => {
      const whole = await call(sim, '/news.json', { cookie });
      const cut = await fault({ kind: 'truncated-json' }, '/news.json');
      expect(cut.status).toBe(200);
      expect(cut.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(whole.body.startsWith(cut.body)).toBe(true);
      expect(cut.body.length).toBeLessThan(whole.body.length);
      expect(() => JSON.parse(cut.body)).toThrow();
    });

    it('wrong-types sends valid JSON with fields of the wrong type', async () => {
      const { shifts } = json(await fault({ kind: 'wrong-types' }));
      expect(shifts.length).toBeGreaterThan(0);
      expect(typeof shifts[0].start_datetime).toBe('number');
      expect(typeof shifts[0].duration).toBe('object');
      expect(typeof shifts[0].volunteer_shifts).toBe('string');
      const { volunteers } = json(await fault({ kind: 'wrong-types' }, '/directory.json'));
      expect(typeof volunteers[0].name).toBe('number');
    });

    it('odd-envelope keeps the payload and adds envelope fields of odd types beside it', async () => {
      const whole = json(await fault({ kind: 'none' }));
      const odd = json(await fault({ kind: 'odd-envelope' }));
      expect(odd).toEqual({ ...whole, status: 200, count: null, meta: 'none' });
    });

    it('html-instead-of-json answers 200 text/html', async () => {
      const reply = await fault({ kind: 'html-instead-of-json' });
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toMatch(/^text\/html/);
      expect(reply.body.trimStart().startsWith('<!DOCTYPE html>')).toBe(true);
    });

    it('applies only to the listed paths', async () => {
      sim.setFault({ kind: '500', paths: ['/news.json'] });
      expect((await call(sim, '/shift.json', { cookie })).status).toBe(200);
      expect((await call(sim, '/news.json', { cookie })).status).toBe(500);
      expect((await call(sim, '/news.json', { cookie })).status).toBe(500);
    });

    it('with times, clears itself after N matching requests', async () => {
      sim.setFault({ kind: '503', times: 2, paths: ['/shift.json'] });
      expect((await call(sim, '/news.json', { cookie })).status).toBe(200); // not matching: not counted
      expect((await call(sim, '/shift.json', { cookie })).status).toBe(503);
      expect((await call(sim, '/shift.json', { cookie })).status).toBe(503);
      expect((await call(sim, '/shift.json', { cookie })).status).toBe(200);
    });

    it('never touches the login pages', async () => {
      sim.setFault({ kind: '500' });
      expect((await call(sim, '/login')).status).toBe(200);
      expect((await logIn(sim)).status).toBe(302);
    });

    it('rejects a malformed fault', () => {
      expect(() => sim.setFault({ kind: 'slow' } as unknown as Fault)).toThrow();
    });
  });

  describe('request log', () => {
    it('records JSON requests with user agent, session, authorization and status, but not pages', async () => {
      await call(sim, '/shift.json?start_date=2026-01-01', { cookie });
      await call(sim, '/news.json', { headers: { Authorization: `APIKEY ${DEMO_API_KEY}` } });
      await call(sim, '/events.json');
      await call(sim, '/rota', { cookie });
      const log = sim.requests();
      expect(log).toHaveLength(3);
      expect(log[0]).toEqual({ at: expect.any(Number), method: 'GET', path: '/shift.json?start_date=2026-01-01', userAgent: 'Descant tests', hasSession: true, status: 200 });
      expect(log[1]).toMatchObject({ path: '/news.json', hasSession: false, authorization: `APIKEY ${DEMO_API_KEY}`, status: 200 });
      expect(log[2]).toMatchObject({ path: '/events.json', hasSession: false, status: 302 });
      expect(log[2]).not.toHaveProperty('authorization');
      expect(log.map((entry) => entry.at)).toEqual([nowMs, nowMs, nowMs]); // the sim's clock, not the machine's
    });

    it('records the status a fault produced', async () => {
      sim.setFault({ kind: '429', times: 1 });
      await call(sim, '/shift.json', { cookie });
      await call(sim, '/shift.json', { cookie });
      expect(sim.requests().map((r) => r.status)).toEqual([429, 200]);
    });

    it('maxRequestsInWindow finds the busiest sliding window', () => {
      const at = (ms: number): RecordedRequest => ({ at: ms, method: 'GET', path: '/shift.json', userAgent: '', hasSession: true, status: 200 });
      expect(maxRequestsInWindow([])).toBe(0);
      expect(maxRequestsInWindow([at(0), at(59_999), at(60_000), at(61_000)])).toBe(3);
      expect(maxRequestsInWindow([at(120_000), at(0), at(1_000), at(2_000)], 60_000)).toBe(3);
      expect(maxRequestsInWindow([at(0), at(1_000), at(2_000)], 1_000)).toBe(1);
      expect(maxRequestsInWindow(Array.from({ length: 40 }, (_, i) => at(i * 2_000)))).toBe(30);
    });
  });

  describe('control API', () => {
    const control = (path: string, method = 'GET', body?: unknown, host?: string) =>
      call(sim, path, {
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
        headers: { 'Content-Type': 'application/json', ...(host && { Host: host }) },
      });

    it('sets faults, lists requests and resets over HTTP', async () => {
      expect((await control('/__sim/fault', 'POST', { kind: '500', times: 1 })).status).toBe(200);
      expect((await call(sim, '/shift.json', { cookie })).status).toBe(500);
      const requests = json<RecordedRequest[]>(await control('/__sim/requests'));
      expect(requests.map((r) => r.status)).toEqual([500]);
      expect((await control('/__sim/fault', 'POST', { kind: 'nonsense' })).status).toBe(400);
      await control('/__sim/fault', 'POST', { kind: '503' });
      expect((await control('/__sim/reset', 'POST')).status).toBe(200);
      expect(sim.requests()).toEqual([]);
      expect((await call(sim, '/shift.json', { cookie })).status).toBe(200);
      expect((await control('/__sim/requests', 'GET', undefined, `localhost:${sim.port}`)).status).toBe(200);
    });

    it('is not reachable under www.3r.org.uk', async () => {
      const reply = await control('/__sim/requests', 'GET', undefined, 'www.3r.org.uk');
      expect(reply.status).toBe(404);
      expect((await control('/__sim/signout-all', 'POST', undefined, 'www.3r.org.uk')).status).toBe(404);
      expect((await call(sim, '/shift.json', { cookie })).status).toBe(200);
    });

    it('signs every session out', async () => {
      const own = (await logIn(sim)).cookie ?? '';
      expect((await call(sim, '/shift.json', { cookie: own })).status).toBe(200);
      await control('/__sim/signout-all', 'POST');
      expect((await call(sim, '/shift.json', { cookie: own })).status).toBe(302);
      expect(sim.requests().at(-1)?.hasSession).toBe(false);
      cookie = (await logIn(sim)).cookie ?? '';
    });
  });

  describe('HTML pages', () => {
    it('every page has the own-name link and the logout link in div.toplogin_row', async () => {
      for (const path of ['/', '/rota', '/directory', `/directory/${SIGNED_IN_VOLUNTEER_ID + 1}`]) {
        const page = await call(sim, path, { cookie });
        expect(page.status, path).toBe(200);
        expect(page.body, path).toMatch(
          /<div class="toplogin_row">\s*<a href="\/directory\/100001">Alex Morgan<\/a>\s*<a id="logout" href="\/logout">Log out<\/a>/,
        );
      }
    });

    it('the rota month view has day cells and rota_item pairs with shift and volunteer-shift ids', async () => {
      expect((await call(sim, '/rota', { cookie })).body).toContain(`<td id="day_${today.replace(/-/g, '_')}" class="rota_day">`);

      const mine = sim.data.shifts.find(
        (shift) => Date.parse(shift.startsAt) > nowMs && shift.volunteerShifts.some((vs) => vs.volunteerId === SIGNED_IN_VOLUNTEER_ID),
      );
      const ownPlace = mine?.volunteerShifts.find((vs) => vs.volunteerId === SIGNED_IN_VOLUNTEER_ID);
      if (!mine || !ownPlace) throw new Error('the signed-in volunteer has no upcoming shift');
      const day = londonDate(Date.parse(mine.startsAt));
      const page = (await call(sim, `/rota/for/${day}/month`, { cookie })).body;
      const dayCell = page.slice(page.indexOf(`<td id="day_${day.replace(/-/g, '_')}"`));
      expect(dayCell).toContain(`<div id="shift_${mine.id}" class="rota_item" data-shift-id="${mine.id}">`);
      expect(dayCell).toMatch(
        new RegExp(`<li class="rota_shift_slot rota_shift_filled rota_shift_filled_self saved" data-volunteer-shift-id="${ownPlace.id}"><a href="/directory/100001">Alex Morgan</a></li>`),
      );
      expect(page).toMatch(/<div class="rota_item">\s*<div class="rota_item_time">\d\d:\d\d - \d\d:\d\d<\/div>\s*<div class="rota_item_detail">\s*<div class="rota_item_time_name">\(/);
      expect(page).toContain('[sign up]');
      expect(page).toMatch(/\((Front of House|Tea &amp; Coffee|Rehearsal Set-up|Music Library|Car Park|Concert Crew)\)/);
    });

    it('escapes hostile names', async () => {
      const page = (await call(sim, '/directory', { cookie })).body;
      expect(page).not.toContain('<img src=x onerror');
      expect(page).toContain('&lt;img src=x onerror=alert(1)&gt; Mallory');
      expect(page).toContain('Margaret &quot;Peggy&quot; Ashworth');
      expect(page).toMatch(/<td class="directory_list_property_friendly_name"><a href="\/directory\/100003">Zoë Clarke<\/a><\/td>/);
      const overview = (await call(sim, '/', { cookie })).body;
      expect(overview).not.toContain('<script>alert');
      expect(overview).not.toMatch(/onerror="/);
    });

    it('answers 404 for an unknown volunteer page', async () => {
      expect((await call(sim, '/directory/999', { cookie })).status).toBe(404);
    });
  });
});

describe('simulator options', () => {
  it('serves export_rotas.json in its flat shape with statsAccess, honouring the date defaults and filter_rotas', async () => {
    const sim = await startThreeRingsSimulator({ statsAccess: true, clock: fixedClock(NOW) });
    try {
      const headers = { Authorization: `APIKEY ${DEMO_API_KEY}` };
      const from = sim.data.today;
      expect(from).toBe(londonDate(Date.parse(NOW)));
      const to = addDays(from, 14);
      const { shifts } = json(await call(sim, `/stats/export_rotas.json?start_date=${from}&end_date=${to}`, { headers }));
      expect(shifts.length).toBeGreaterThan(0);
      for (const shift of shifts) {
        expect(Object.keys(shift).sort()).toEqual(['duration', 'id', 'rota', 'start_datetime', 'title', 'volunteers']);
        expect(typeof shift.rota).toBe('string');
        for (const v of shift.volunteers) expect(v).toEqual({ id: expect.any(Number), name: expect.any(String) });
      }
      const carPark = json(await call(sim, `/stats/export_rotas.json?start_date=${from}&end_date=${to}&filter_rotas=7005`, { headers }));
      expect(new Set(carPark.shifts.map((s: any) => s.rota))).toEqual(new Set(['Car Park']));
      const todayOnly = json(await call(sim, '/stats/export_rotas.json', { headers }));
      expect(todayOnly.shifts.every((s: any) => londonDate(Date.parse(s.start_datetime)) === from)).toBe(true);
    } finally {
      await sim.close();
    }
  });

  it('offers the volunteers / string-rota shift.json variant', async () => {
    const sim = await startThreeRingsSimulator({ shiftShape: 'volunteers', rotaShape: 'string', clock: fixedClock(NOW) });
    try {
      const { shifts } = json(await call(sim, '/shift.json', { headers: { Authorization: `APIKEY ${DEMO_API_KEY}` } }));
      const filled = shifts.find((s: any) => s.volunteers.length > 0);
      expect(filled).not.toHaveProperty('volunteer_shifts');
      expect(typeof filled.rota).toBe('string');
      expect(filled.volunteers[0]).toEqual({ id: expect.any(Number), volunteer: { id: expect.any(Number), name: expect.any(String) } });
    } finally {
      await sim.close();
    }
  });

  it('generates 2000 volunteers', async () => {
    const sim = await startThreeRingsSimulator({ volunteerCount: 2000, seed: 7, clock: fixedClock(NOW) });
    try {
      const { volunteers } = json(await call(sim, '/directory.json', { headers: { Authorization: `APIKEY ${DEMO_API_KEY}` } }));
      expect(volunteers).toHaveLength(2000);
      expect(new Set(volunteers.map((v: any) => v.id)).size).toBe(2000);
      expect(new Set(volunteers.map((v: any) => v.account.username)).size).toBe(2000);
    } finally {
      await sim.close();
    }
  });

  it('shows London wall-clock times in HTML and true UTC in JSON (summer time)', async () => {
    const summer = new Date('2026-07-01T09:00:00Z');
    const sim = await startThreeRingsSimulator({ clock: fixedClock(summer) });
    try {
      const rehearsal = sim.data.shifts.find((s) => s.rotaId === 7003 && !s.closedAt);
      expect(rehearsal?.startsAt).toMatch(/T17:15:00\.000Z$/); // 18:15 BST
      const page = (await call(sim, `/rota/for/${londonDate(Date.parse(rehearsal?.startsAt ?? ''))}/month`, { headers: { Authorization: `APIKEY ${DEMO_API_KEY}` } })).body;
      expect(page).toContain('<div class="rota_item_time">18:15 - 19:00</div>');
      const defaults = json(await call(sim, '/shift.json', { headers: { Authorization: `APIKEY ${DEMO_API_KEY}` } }));
      expect(defaults.shifts.every((s: any) => s.start_datetime >= '2026-06-30T23:00:00.000Z')).toBe(true);
    } finally {
      await sim.close();
    }
  });
});

describe('generated data', () => {
  const own = (data: SimData) => data.shifts.filter((s) => s.volunteerShifts.some((vs) => vs.volunteerId === SIGNED_IN_VOLUNTEER_ID));

  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 42, 1234])('seed %i has what tests and the demo rely on', (seed) => {
    const nowMs = Date.parse('2026-03-29T00:30:00Z') + seed * 7_777_777; // includes a clock change
    const data = generateSimData({ seed, volunteerCount: 60, now: new Date(nowMs) });
    const starts = own(data).map((s) => Date.parse(s.startsAt));
    expect(starts.filter((t) => t > nowMs && t <= nowMs + 24 * HOUR).length).toBeGreaterThanOrEqual(1);
    expect(starts.filter((t) => t > nowMs && t <= nowMs + 14 * 24 * HOUR).length).toBeGreaterThanOrEqual(3);
    expect(starts.filter((t) => t < nowMs).length).toBeGreaterThanOrEqual(1);

    const upcoming = data.shifts.filter((s) => Date.parse(s.startsAt) > nowMs && !s.closedAt);
    expect(upcoming.some((s) => s.volunteerShifts.length === s.maxVolunteers)).toBe(true);
    expect(upcoming.some((s) => s.volunteerShifts.length > 0 && s.volunteerShifts.length < s.maxVolunteers)).toBe(true);
    expect(upcoming.some((s) => s.volunteerShifts.length === 0)).toBe(true);
    expect(data.shifts.some((s) => s.allDay)).toBe(true);
    expect(
      data.shifts.some((s) => !s.allDay && londonDate(Date.parse(s.startsAt)) !== londonDate(Date.parse(s.startsAt) + s.durationSeconds * 1000 - 1)),
    ).toBe(true);
    for (const shift of data.shifts) {
      expect(shift.startsAt).toMatch(TIMESTAMP);
      expect(shift.maxVolunteers).toBeGreaterThanOrEqual(1);
      expect(shift.maxVolunteers).toBeLessThanOrEqual(4);
      expect(shift.volunteerShifts.length).toBeLessThanOrEqual(shift.maxVolunteers);
      expect(new Set(shift.volunteerShifts.map((vs) => vs.volunteerId)).size).toBe(shift.volunteerShifts.length);
    }
    expect(data.events.some((e) => e.date > data.today)).toBe(true);
  });

  it('is the same for the same seed and now', () => {
    const now = new Date('2026-05-05T10:00:00Z');
    expect(generateSimData({ seed: 3, volunteerCount: 80, now })).toEqual(generateSimData({ seed: 3, volunteerCount: 80, now }));
    expect(generateSimData({ seed: 3, volunteerCount: 80, now })).not.toEqual(generateSimData({ seed: 4, volunteerCount: 80, now }));
  });

  it('refuses volunteer counts outside 60..2000', () => {
    const now = new Date(NOW);
    expect(() => generateSimData({ seed: 1, volunteerCount: 59, now })).toThrow(RangeError);
    expect(() => generateSimData({ seed: 1, volunteerCount: 2001, now })).toThrow(RangeError);
  });
});

describe('lastSignInAt', () => {
  it('is when the login form last signed the member in, by the sim’s clock, until signOutAll', async () => {
    const clock = manualClock(NOW);
    const signedInAt = Date.parse(NOW);
    const sim = await startThreeRingsSimulator({ clock });
    try {
      expect(sim.lastSignInAt()).toBeUndefined();
      await logIn(sim, 'wrong');
      expect(sim.lastSignInAt()).toBeUndefined();
      const { cookie } = await logIn(sim);
      expect(sim.lastSignInAt()).toBe(signedInAt);

      clock.advance(90_000);
      // Using the session, an API key or HTTP Basic is not signing in through the form.
      await call(sim, '/shift.json', { cookie });
      await call(sim, '/shift.json', { headers: { Authorization: `APIKEY ${DEMO_API_KEY}` } });
      await call(sim, '/', { headers: { Authorization: `Basic ${Buffer.from(`${DEMO_USERNAME}:${DEMO_PASSWORD}`).toString('base64')}` } });
      sim.reset();
      expect(sim.lastSignInAt()).toBe(signedInAt);
      await logIn(sim);
      expect(sim.lastSignInAt()).toBe(signedInAt + 90_000);

      sim.signOutAll();
      expect(sim.lastSignInAt()).toBeUndefined();
      await logIn(sim);
      expect(sim.lastSignInAt()).toBe(signedInAt + 90_000);
      await call(sim, '/__sim/signout-all', { method: 'POST', body: '', headers: { 'Content-Type': 'application/json' } });
      expect(sim.lastSignInAt()).toBeUndefined();
    } finally {
      await sim.close();
    }
  });
});

/** London's offset from UTC at an instant on a whole minute, in hours. */
const londonOffsetHours = (ms: number) => (Date.parse(`${londonDate(ms)}T${londonTime(ms)}:00Z`) - ms) / HOUR;

describe.each(AWKWARD_INSTANTS)('generated at %s', (instant) => {
  const nowMs = Date.parse(instant);
  const today = londonDate(nowMs);
  const headers = { Authorization: `APIKEY ${DEMO_API_KEY}` };
  let sim: ThreeRingsSim;

  beforeAll(async () => {
    sim = await startThreeRingsSimulator({ clock: fixedClock(instant) });
  });
  afterAll(() => sim.close());

  const startOf = (shift: { startsAt: string }) => Date.parse(shift.startsAt);
  const mine = () => sim.data.shifts.filter((s) => s.volunteerShifts.some((vs) => vs.volunteerId === SIGNED_IN_VOLUNTEER_ID));

  it('is generated around that instant and its London day', () => {
    expect(sim.data.generatedAt).toBe(new Date(nowMs).toISOString());
    expect(sim.data.today).toBe(today);
  });

  /** Open shifts this week (an hour to six days ahead: inside the popup's week in any zone). */
  const thisWeek = () => sim.data.shifts.filter((s) => startOf(s) > nowMs + HOUR && startOf(s) <= nowMs + 6 * DAY && !s.closedAt);

  it('has a shift this week, on a rota the signed-in volunteer is on this week, that could use their help', () => {
    const isMine = (s: (typeof sim.data.shifts)[number]) => s.volunteerShifts.some((vs) => vs.volunteerId === SIGNED_IN_VOLUNTEER_ID);
    const myRotas = new Set(thisWeek().filter(isMine).map((s) => s.rotaId));
    expect(thisWeek().some((s) => myRotas.has(s.rotaId) && !isMine(s) && s.volunteerShifts.length < s.maxVolunteers)).toBe(true);
  });

  it("has someone else's place up for swap this week", () => {
    expect(thisWeek().some((s) => s.volunteerShifts.some((vs) => vs.putForSwapAt && vs.volunteerId !== SIGNED_IN_VOLUNTEER_ID))).toBe(true);
  });

  it('gives the signed-in volunteer shifts in the next 24 hours, the next 14 days, later and before', () => {
    const starts = mine().map(startOf);
    expect(starts.filter((t) => t > nowMs && t <= nowMs + DAY).length).toBeGreaterThanOrEqual(1);
    expect(starts.filter((t) => t > nowMs && t <= nowMs + 14 * DAY).length).toBeGreaterThanOrEqual(5);
    expect(starts.filter((t) => t > nowMs + 14 * DAY).length).toBeGreaterThanOrEqual(2);
    expect(starts.filter((t) => t < nowMs).length).toBeGreaterThanOrEqual(3);
    // What the popup lists (three-rings.e2e): not over, starting within 14 days, one at least with a time.
    const listed = mine().filter((s) => startOf(s) + s.durationSeconds * 1000 > nowMs && startOf(s) < nowMs + 14 * DAY);
    expect(listed.some((s) => !s.allDay)).toBe(true);
  });

  it("puts one of the volunteer's shifts on this month's rota page, within the fortnight from today", async () => {
    // people-badges.e2e opens /rota (this London month) and looks there for a shift it fetched (from yesterday, for 14 days).
    const month = today.slice(0, 7);
    const onPage = mine().filter((s) => {
      const day = londonDate(startOf(s));
      return day.startsWith(month) && day >= today && day < addDays(today, 14);
    });
    expect(onPage.length).toBeGreaterThanOrEqual(1);
    const page = (await call(sim, '/rota', { headers })).body;
    expect(page).toContain(`<td id="day_${today.replace(/-/g, '_')}" class="rota_day">`);
    for (const shift of onPage) expect(page).toContain(`data-shift-id="${shift.id}"`);
  });

  it('has places to fill in the next 7 days, and other volunteers on shifts in the next 14', () => {
    const week = sim.data.shifts.filter((s) => startOf(s) > nowMs && startOf(s) <= nowMs + 7 * DAY && !s.closedAt);
    expect(week.some((s) => s.volunteerShifts.length < s.maxVolunteers)).toBe(true);
    const fortnight = sim.data.shifts.filter((s) => startOf(s) > nowMs && startOf(s) < nowMs + 14 * DAY);
    const others = new Set(fortnight.flatMap((s) => s.volunteerShifts.map((vs) => vs.volunteerId)).filter((id) => id !== SIGNED_IN_VOLUNTEER_ID));
    expect(others.size).toBeGreaterThan(5);
    expect(sim.data.shifts.some((s) => s.allDay)).toBe(true);
    expect(sim.data.shifts.some((s) => !s.allDay && londonDate(startOf(s)) !== londonDate(startOf(s) + s.durationSeconds * 1000 - 1))).toBe(true);
  });

  it('plans shifts in London wall-clock time, on both sides of a clock change', async () => {
    const wallClock: Record<number, string[]> = {
      [ROTAS.rehearsalSetUp.id]: ['18:15'],
      [ROTAS.teaAndCoffee.id]: ['20:15', '20:30'],
      [ROTAS.carPark.id]: ['18:00', '18:30'],
      [ROTAS.frontOfHouse.id]: ['18:30'],
      [ROTAS.concertCrew.id]: ['22:00'],
      [ROTAS.musicLibrary.id]: ['00:00', '10:00', '19:00'],
    };
    for (const shift of sim.data.shifts) expect(wallClock[shift.rotaId], `${shift.startsAt} ${shift.rotaId}`).toContain(londonTime(startOf(shift)));
    for (const shift of sim.data.shifts.filter((s) => s.allDay)) expect(startOf(shift)).toBe(londonToInstant(londonDate(startOf(shift)), 0));

    // The same 18:15 is 18:15 UTC in winter and 17:15 UTC in summer.
    const setUps = sim.data.shifts.filter((s) => s.rotaId === ROTAS.rehearsalSetUp.id);
    const first = setUps[0]!;
    const last = setUps.at(-1)!;
    const utc = (offset: number) => (offset === 1 ? '17:15' : '18:15');
    const expected = new Set([utc(londonOffsetHours(startOf(first))), utc(londonOffsetHours(startOf(last)))]);
    expect(new Set(setUps.map((s) => s.startsAt.slice(11, 16)))).toEqual(expected);
    for (const shift of [first, last]) {
      const day = londonDate(startOf(shift));
      const page = (await call(sim, `/rota/for/${day}/month`, { headers })).body;
      const cell = page.slice(page.indexOf(`<td id="day_${day.replace(/-/g, '_')}"`));
      expect(cell.slice(0, cell.indexOf('</td>'))).toContain('<div class="rota_item_time">18:15 - 19:00</div>');
    }
  });

  it('answers shift.json and events.json from its own day, not the machine’s', async () => {
    const reply = await call(sim, '/shift.json', { headers });
    expect(reply.headers.date).toBe(new Date(nowMs).toUTCString());
    const shifts = json(reply).shifts as { start_datetime: string }[];
    expect(shifts.length).toBeGreaterThan(0);
    expect(shifts.every((s) => londonDate(Date.parse(s.start_datetime)) >= today && londonDate(Date.parse(s.start_datetime)) <= addDays(today, 7))).toBe(true);
    const events = json(await call(sim, '/events.json', { headers })).events as { date: string }[];
    expect(events.every((e) => e.date >= today)).toBe(true);
    expect(events.filter((e) => e.date > today).length).toBeGreaterThanOrEqual(5);
    await call(sim, '/news.json', { headers });
    expect(sim.requests().map((request) => request.at)).toEqual([nowMs, nowMs, nowMs]);
  });

  it('has the same volunteers as on any other day, joined and updated before it', () => {
    const dateless = (data: SimData) => data.volunteers.map(({ joinDate: _, createdAt: __, updatedAt: ___, ...rest }) => rest);
    expect(dateless(sim.data)).toEqual(dateless(generateSimData({ seed: 1, volunteerCount: 120, now: new Date(NOW) })));
    for (const volunteer of sim.data.volunteers) {
      expect(volunteer.joinDate < today).toBe(true);
      expect(Date.parse(volunteer.createdAt)).toBeLessThanOrEqual(Date.parse(volunteer.updatedAt));
      expect(Date.parse(volunteer.updatedAt)).toBeLessThanOrEqual(nowMs);
    }
  });
});
