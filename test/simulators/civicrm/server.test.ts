// @vitest-environment node
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AWKWARD_INSTANTS, fixedClock } from '../../clock';
import { httpsCall, type HttpReply, type RequestOptions } from '../https-call';
import { generateHarmonySiteData } from '../harmonysite/data';
import { generateSimData, SIGNED_IN_VOLUNTEER_ID } from '../three-rings/data';
import { addDays, londonDate } from '../three-rings/london-time';
import { type CiviCrmData, generateCiviCrmData, GROUP_IDS, MEMBERSHIP_STATUSES } from './data';
import { contactsInGroups } from './entities';
import {
  CIVICRM_DEMO_PASSWORD,
  CIVICRM_DEMO_USERNAME,
  CIVICRM_SITE_KEY,
  type CiviCrmSim,
  DEMO_API_KEY,
  LEGACY_REST_PATH,
  NO_CIVI_API_KEY,
  NO_CIVI_PASSWORD,
  NO_CIVI_USERNAME,
  NO_MEMBERS_API_KEY,
  startCiviCrmSimulator,
} from './server';

const call = (sim: CiviCrmSim, path: string, options?: RequestOptions): Promise<HttpReply> => httpsCall(sim.origin, path, options);

type Json = Record<string, any>;

const XRW = { 'X-Requested-With': 'XMLHttpRequest' };
const asDemoKey = { 'X-Civi-Auth': `Bearer ${DEMO_API_KEY}` };

const v4Path = (entity: string, params: Json = {}, action = 'get') => `/civicrm/ajax/api4/${entity}/${action}?${new URLSearchParams({ params: JSON.stringify(params) })}`;
const v3Path = (entity: string, params: Json = {}, action = 'get') => `/civicrm/ajax/rest?${new URLSearchParams({ entity, action, json: JSON.stringify(params) })}`;
const legacyPath = (query: Record<string, string>) => `${LEGACY_REST_PATH}?${new URLSearchParams(query)}`;

async function logIn(sim: CiviCrmSim, name = CIVICRM_DEMO_USERNAME, pass = CIVICRM_DEMO_PASSWORD): Promise<HttpReply & { cookie?: string }> {
  const reply = await call(sim, '/user/login', { method: 'POST', body: new URLSearchParams({ name, pass, form_id: 'user_login', op: 'Log in' }).toString() });
  return { ...reply, cookie: reply.headers['set-cookie']?.[0]?.split(';')[0] };
}

/** The simulators' "now" in these tests: a Tuesday morning in London. */
const NOW = '2026-11-24T10:00:00Z';
/** The Three Rings volunteers and HarmonySite members the CiviCRM simulator is built from, at `instant`. */
function peopleAt(instant: string) {
  const volunteers = generateSimData({ seed: 1, volunteerCount: 120, now: new Date(instant) }).volunteers;
  return { volunteers, members: generateHarmonySiteData({ seed: 1, volunteers, now: new Date(instant) }) };
}
const { volunteers, members } = peopleAt(NOW);

describe('CiviCRM simulator', () => {
  let sim: CiviCrmSim;
  let cookie: string;

  beforeAll(async () => {
    sim = await startCiviCrmSimulator({ volunteers, members, clock: fixedClock(NOW) });
    cookie = (await logIn(sim)).cookie!;
  });
  afterEach(() => {
    sim.reset();
    sim.setFlavours({ api4: true, api3: true, legacy: true });
  });
  afterAll(() => sim.close());

  /** APIv4 in the member's browser session, with the header CiviCRM wants. */
  const v4 = async (entity: string, params: Json = {}) => JSON.parse((await call(sim, v4Path(entity, params), { cookie, headers: XRW })).body) as Json;
  const v3 = async (entity: string, params: Json = {}) => JSON.parse((await call(sim, v3Path(entity, params), { cookie, headers: XRW })).body) as Json;
  const liveIndividuals = () => sim.data.contacts.filter((contact) => contact.contact_type === 'Individual' && !contact.is_deleted);
  const PEOPLE = [['contact_type', '=', 'Individual'], ['is_deleted', '=', false]];

  describe('data', () => {
    it('has Alex Morgan as the demo contact: volunteer 100001, a current singing member in Choir members and Committee', async () => {
      const demo = sim.data.contacts.find((contact) => contact.id === sim.data.demoContactId)!;
      expect(demo).toMatchObject({ display_name: 'Alex Morgan', first_name: 'Alex', last_name: 'Morgan', email: 'demo@example.org', contact_type: 'Individual' });
      expect(sim.data.truth).toContainEqual(expect.objectContaining({ contactId: demo.id, volunteerId: SIGNED_IN_VOLUNTEER_ID, memberId: members.demoMemberId }));
      const memberships = (await v4('Membership', { select: ['membership_type_id:label', 'status_id:label'], where: [['contact_id', '=', demo.id]] })).values;
      expect(memberships).toEqual([{ id: expect.any(Number), 'membership_type_id:label': 'Singing member', 'status_id:label': 'Current' }]);
      const groups = (await v4('GroupContact', { select: ['group_id'], where: [['contact_id', '=', demo.id], ['status', '=', 'Added']] })).values.map((row: Json) => row.group_id);
      expect(groups.map((id: number) => sim.data.groups.find((group) => group.id === id)?.title).sort()).toEqual(['Choir members', 'Committee']);
    });

    it('makes about two in three volunteers contacts, several of them unknown to HarmonySite, some with current memberships', () => {
      const linked = sim.data.truth.filter((entry) => entry.volunteerId !== undefined);
      expect(linked.length / volunteers.length).toBeGreaterThan(0.55);
      expect(linked.length / volunteers.length).toBeLessThan(0.8);
      const inHarmonySite = new Set(members.truth.map((pair) => pair.volunteerId));
      const civiOnly = linked.filter((entry) => !inHarmonySite.has(entry.volunteerId!));
      expect(civiOnly.length).toBeGreaterThanOrEqual(6);
      const current = new Set(sim.data.memberships.filter((row) => row.status_id === 2).map((row) => row.contact_id));
      const plain = civiOnly.filter((entry) => current.has(entry.contactId) && !sim.data.contacts.find((contact) => contact.id === entry.contactId)!.display_name.includes('<'));
      expect(plain.length).toBeGreaterThanOrEqual(3);
      for (const entry of linked) {
        const contact = sim.data.contacts.find((candidate) => candidate.id === entry.contactId)!;
        const volunteer = volunteers.find((candidate) => candidate.id === entry.volunteerId)!;
        if (contact.email) expect(contact.email.toLowerCase()).toBe(volunteer.email);
      }
    });

    it('adds HarmonySite members who are not volunteers, and about one supporter in five known only here', () => {
      const memberOnly = sim.data.truth.filter((entry) => entry.volunteerId === undefined && entry.memberId !== undefined);
      expect(memberOnly.length).toBeGreaterThan(0);
      for (const entry of memberOnly) {
        const member = members.members.find((row) => row.id === String(entry.memberId))!;
        expect(sim.data.contacts.find((contact) => contact.id === entry.contactId)!.email).toBe(member.Email);
      }
      const linked = new Set(sim.data.truth.map((entry) => entry.contactId));
      const unlinked = liveIndividuals().filter((contact) => !linked.has(contact.id));
      expect(unlinked.length / liveIndividuals().length).toBeGreaterThan(0.4);
    });

    it('writes names as CRMs do: nick names, prefixes, a married surname with the same email, capitalised and missing emails', () => {
      const pairs = sim.data.truth.flatMap((entry) => {
        const volunteer = volunteers.find((candidate) => candidate.id === entry.volunteerId);
        return volunteer ? [{ contact: sim.data.contacts.find((contact) => contact.id === entry.contactId)!, volunteer }] : [];
      });
      const some = (test: (pair: (typeof pairs)[number]) => boolean) => expect(pairs.some(test)).toBe(true);
      some(({ contact }) => contact.first_name === 'Margaret' && contact.nick_name === 'Peggy');
      some(({ contact }) => !!contact.nick_name);
      some(({ contact }) => /^(Mr|Mrs|Ms|Dr)\. /.test(contact.display_name));
      some(({ contact, volunteer }) => contact.last_name !== volunteer.surname && contact.email === volunteer.email && !contact.display_name.includes('<'));
      some(({ contact, volunteer }) => !!contact.email && contact.email !== volunteer.email && contact.email.toLowerCase() === volunteer.email);
      some(({ contact, volunteer }) => !contact.email && !!volunteer.email);
      for (const { contact } of pairs) expect(contact.sort_name).toBe(`${contact.last_name}, ${contact.first_name}`);
    });

    it('has hostile contacts who match nobody, and one linked by email to a volunteer HarmonySite does not know', () => {
      const hostile = sim.data.contacts.filter((contact) => sim.data.hostileContactIds.includes(contact.id));
      const names = hostile.map((contact) => `${contact.display_name} ${contact.nick_name ?? ''}`);
      expect(names.some((name) => name.includes('<img src=x onerror=alert(1)>'))).toBe(true);
      expect(names.some((name) => name.includes('</script>'))).toBe(true);
      expect(names.some((name) => name.includes('"') && name.includes('&'))).toBe(true);
      expect(names.some((name) => /[\u0590-\u05ff\u0600-\u06ff]/.test(name))).toBe(true);
      expect(hostile.some((contact) => contact.display_name.length === 200)).toBe(true);
      const volunteerEmails = new Set(volunteers.map((volunteer) => volunteer.email));
      const memberEmails = new Set(members.members.map((member) => member.Email!.toLowerCase()));
      for (const contact of hostile) {
        expect(sim.data.truth.some((entry) => entry.contactId === contact.id)).toBe(false);
        if (contact.email) expect(volunteerEmails.has(contact.email) || memberEmails.has(contact.email)).toBe(false);
      }

      const { contactId, volunteerId } = sim.data.hostileLinked!;
      const contact = sim.data.contacts.find((candidate) => candidate.id === contactId)!;
      expect(contact.display_name).toContain('<img src=x onerror=alert(2)>');
      expect(contact.email).toBe(volunteers.find((volunteer) => volunteer.id === volunteerId)!.email);
      expect(members.truth.some((pair) => pair.volunteerId === volunteerId)).toBe(false);
      expect(sim.data.truth).toContainEqual({ contactId, volunteerId });
      const linkedHostile = sim.data.truth.filter((entry) => entry.volunteerId !== undefined && sim.data.contacts.find((candidate) => candidate.id === entry.contactId)!.display_name.includes('<'));
      expect(linkedHostile).toEqual([{ contactId, volunteerId }]);
    });

    it('gives nobody the CRM alone knows the full name of a volunteer or member, so truth is what a reader would say', () => {
      const full = (first: string, last: string) => `${first} ${last}`.toLowerCase();
      const taken = new Set([...volunteers.map((volunteer) => full(volunteer.firstName, volunteer.surname)), ...members.members.map((member) => full((member.FirstName ?? '').split(' ')[0]!, member.Surname ?? ''))]);
      const linked = new Set(sim.data.truth.map((entry) => entry.contactId));
      const strangers = sim.data.contacts.filter((contact) => contact.contact_type === 'Individual' && !contact.is_deleted && !linked.has(contact.id) && contact.first_name);
      expect(strangers.length).toBeGreaterThan(50);
      for (const contact of strangers) expect(taken.has(full(contact.first_name!, contact.last_name ?? ''))).toBe(false);
    });

    it('has organisations, a household, and trashed individuals, one a duplicate of a live contact', () => {
      const types = sim.data.contacts.map((contact) => contact.contact_type);
      expect(types).toContain('Organization');
      expect(types).toContain('Household');
      const trashed = sim.data.contacts.filter((contact) => contact.is_deleted);
      expect(trashed.length).toBeGreaterThanOrEqual(3);
      const liveEmails = new Set(liveIndividuals().map((contact) => contact.email?.toLowerCase()));
      expect(trashed.some((contact) => contact.email && liveEmails.has(contact.email))).toBe(true);
      expect(sim.data.truth.some((entry) => trashed.some((contact) => contact.id === entry.contactId))).toBe(false);
    });

    it('numbers contacts from above 100 with gaps, and has memberships of every status, some people with two', () => {
      const ids = sim.data.contacts.map((contact) => contact.id).sort((a, b) => a - b);
      expect(ids[0]).toBeGreaterThan(100);
      expect(ids.at(-1)! - ids[0]! + 1).toBeGreaterThan(ids.length);
      expect(new Set(sim.data.memberships.map((row) => row.status_id))).toEqual(new Set([1, 2, 3, 4, 6]));
      const perContact = new Map<number, number[]>();
      for (const row of sim.data.memberships) perContact.set(row.contact_id, [...(perContact.get(row.contact_id) ?? []), row.status_id]);
      expect([...perContact.values()].some((statuses) => statuses.length === 2 && statuses[0] === 4 && statuses[1] === 2)).toBe(true);
      const today = sim.data.today;
      expect(today).toBe('2026-11-24');
      const currentEnds = sim.data.memberships.filter((row) => row.status_id === 2 && row.end_date).map((row) => row.end_date!);
      expect(currentEnds.every((end) => end >= today)).toBe(true);
      expect(sim.data.memberships.filter((row) => row.status_id === 4).every((row) => row.end_date! < today)).toBe(true);
    });

    it('needs three pages of 100 for the people', () => {
      expect(liveIndividuals().length).toBeGreaterThan(200);
      expect(liveIndividuals().length).toBeLessThanOrEqual(300);
    });
  });

  describe('CMS login', () => {
    it('serves the login form with name, pass and a submit button', async () => {
      const form = (await call(sim, '/user/login')).body;
      expect(form).toMatch(/<form action="\/user\/login" method="post" id="user-login"/);
      expect(form).toContain('name="name"');
      expect(form).toMatch(/type="password"[^>]*name="pass"/);
      expect(form).toMatch(/type="submit"/);
      expect((await call(sim, '/')).status).toBe(200);
    });

    it('sets an SSESS cookie and redirects to the dashboard; a wrong password answers the form with an error', async () => {
      const good = await logIn(sim);
      expect(good.status).toBe(302);
      expect(good.headers.location).toBe('/civicrm/dashboard?reset=1');
      expect(good.headers['set-cookie']?.[0]).toMatch(/^SSESS[0-9a-f]{32}=[\w-]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
      const dashboard = await call(sim, '/civicrm/dashboard?reset=1', { cookie: good.cookie });
      expect(dashboard.status).toBe(200);
      expect(dashboard.body).toContain('CiviCRM Home');
      expect(dashboard.body).toContain('Alex Morgan');
      expect(dashboard.body).toContain('>demo<');
      const bad = await logIn(sim, CIVICRM_DEMO_USERNAME, 'wrong');
      expect(bad.status).toBe(200);
      expect(bad.headers['set-cookie']).toBeUndefined();
      expect(bad.body).toContain('unrecognized username or password');
    });

    it('logs out: the session ends and the redirect goes home', async () => {
      const own = (await logIn(sim)).cookie!;
      const out = await call(sim, '/user/logout', { cookie: own });
      expect([out.status, out.headers.location]).toEqual([302, '/']);
      expect(out.headers['set-cookie']?.[0]).toMatch(/^SSESS[0-9a-f]{32}=deleted; .*Max-Age=0/);
      expect((await call(sim, v4Path('Contact', { limit: 1 }), { cookie: own, headers: XRW })).status).toBe(403);
    });

    it('logs page requests too', async () => {
      await call(sim, '/civicrm/dashboard?reset=1', { cookie });
      expect(sim.requests()).toEqual([expect.objectContaining({ at: Date.parse(NOW), method: 'GET', path: '/civicrm/dashboard', flavour: 'page', auth: 'session', user: 'demo', status: 200 })]);
    });
  });

  describe('the AJAX routes', () => {
    it('answer a signed-out visitor with a 403 page holding the login form', async () => {
      for (const path of [v4Path('Contact'), v3Path('Contact')]) {
        const reply = await call(sim, path, { headers: XRW });
        expect(reply.status).toBe(403);
        expect(reply.headers['content-type']).toMatch(/^text\/html/);
        expect(reply.body).toContain('Access denied');
        expect(reply.body).toContain('type="password"');
      }
    });

    it('answer a user without CiviCRM access with a 403 page and no login form', async () => {
      const noCivi = (await logIn(sim, NO_CIVI_USERNAME, NO_CIVI_PASSWORD)).cookie;
      expect((await call(sim, '/civicrm/dashboard?reset=1', { cookie: noCivi })).status).toBe(403);
      for (const path of [v4Path('Contact'), v3Path('Contact')]) {
        const reply = await call(sim, path, { cookie: noCivi, headers: XRW });
        expect(reply.status).toBe(403);
        expect(reply.body).toContain('You are not authorized to access this page.');
        expect(reply.body).not.toContain('type="password"');
      }
    });

    it('refuse a session cookie without X-Requested-With as suspected CSRF, and log it flagged', async () => {
      const v3Alert = await call(sim, v3Path('Contact'), { cookie, headers: { Referer: 'https://elsewhere.example/' } });
      expect(v3Alert.status).toBe(200);
      expect(JSON.parse(v3Alert.body)).toEqual({
        is_error: 1,
        error_message: 'SECURITY ALERT: Ajax requests can only be issued by javascript clients, eg. CRM.api3().',
        IP: '127.0.0.1',
        level: 'security',
        referer: 'https://elsewhere.example/',
        reason: 'CSRF suspected',
      });
      const v4Alert = await call(sim, v4Path('Contact'), { cookie });
      expect(v4Alert.status).toBe(400);
      expect(JSON.parse(v4Alert.body)).toEqual({ error_code: 400, error_message: 'SECURITY ALERT: Ajax requests can only be issued by javascript clients, eg. CRM.api4().' });
      expect(sim.requests().map((request) => [request.flavour, request.auth, request.xRequestedWith, request.flagged])).toEqual([
        ['api3', 'session', false, true],
        ['api4', 'session', false, true],
      ]);
    });

    it('accept the session cookie with X-Requested-With', async () => {
      expect((await v3('Contact')).is_error).toBe(0);
      expect((await v4('Contact', { limit: 1 })).values).toHaveLength(1);
      expect(sim.requests().map((request) => [request.auth, request.user, request.xRequestedWith, request.flagged, request.status])).toEqual([
        ['session', 'demo', true, false, 200],
        ['session', 'demo', true, false, 200],
      ]);
    });

    it('accept an AuthX key in X-Civi-Auth or _authx without cookie or X-Requested-With', async () => {
      const byHeader = await call(sim, v4Path('Contact', { limit: 2 }), { headers: asDemoKey });
      expect(byHeader.status).toBe(200);
      expect(JSON.parse(byHeader.body).values).toHaveLength(2);
      const byParam = await call(sim, `${v3Path('Contact', { options: { limit: 2 } })}&_authx=${encodeURIComponent(`Bearer ${DEMO_API_KEY}`)}`);
      expect(JSON.parse(byParam.body).count).toBe(2);
      const legacyRest = await call(sim, `${v4Path('Contact', { limit: 1 })}&key=${CIVICRM_SITE_KEY}&api_key=${DEMO_API_KEY}`);
      expect(legacyRest.status).toBe(200);
      // The same user's session alongside is no clash.
      expect((await call(sim, v4Path('Contact', { limit: 1 }), { cookie, headers: asDemoKey })).status).toBe(200);
      expect(sim.requests().map((request) => [request.auth, request.user, request.flagged])).toEqual([
        ['authx', 'demo', false],
        ['authx', 'demo', false],
        ['legacyrest', 'demo', false],
        ['authx', 'demo', false],
      ]);
    });

    it('refuse a bad key, a failed guard and a mismatched session with HTTP 401 in plain text', async () => {
      const expect401 = async (headers: Record<string, string>, message: string, withCookie?: string) => {
        const reply = await call(sim, v4Path('Contact', { limit: 1 }), { headers, cookie: withCookie });
        expect(reply.status).toBe(401);
        expect(reply.headers['content-type']).toMatch(/^text\/plain/);
        expect(reply.body).toBe(`HTTP 401 ${message}`);
      };
      await expect401({ 'X-Civi-Auth': 'Bearer not-a-key' }, 'Invalid credential');
      await expect401({ 'X-Civi-Auth': `Bearer ${NO_CIVI_API_KEY}` }, 'Login not permitted. Must satisfy guard (site_key, perm).');
      await expect401({ 'X-Civi-Auth': `Bearer ${NO_MEMBERS_API_KEY}` }, 'Cannot login. A mismatched session is already active.', cookie);
      // With the site key, no-civi's key gets through AuthX, and then the route says no.
      const guarded = await call(sim, v4Path('Contact'), { headers: { 'X-Civi-Auth': `Bearer ${NO_CIVI_API_KEY}`, 'X-Civi-Key': CIVICRM_SITE_KEY } });
      expect(guarded.status).toBe(403);
      expect(guarded.body).toContain('You are not authorized');
    });

    it('ignore a plain Authorization header', async () => {
      const reply = await call(sim, v4Path('Contact'), { headers: { Authorization: `Bearer ${DEMO_API_KEY}`, ...XRW } });
      expect(reply.status).toBe(403);
      expect(reply.body).toContain('type="password"');
      expect(sim.requests()[0]?.auth).toBe('none');
    });

    it('insist on POST for anything but reading, and know only get', async () => {
      expect(JSON.parse((await call(sim, v3Path('Contact', {}, 'create'), { cookie, headers: XRW })).body)).toEqual({
        is_error: 1,
        error_message: 'SECURITY: All requests that modify the database must be http POST, not GET.',
      });
      const v4Get = await call(sim, v4Path('Contact', {}, 'create'), { cookie, headers: XRW });
      expect(v4Get.status).toBe(405);
      expect(JSON.parse(v4Get.body)).toMatchObject({ error_code: 405, error_message: expect.stringContaining('POST') });
      const v4Post = await call(sim, '/civicrm/ajax/api4/Contact/create', { method: 'POST', body: 'params=%7B%7D', cookie, headers: XRW });
      expect([v4Post.status, JSON.parse(v4Post.body)]).toEqual([500, { error_code: 0, error_message: 'Api Contact::create does not exist.', status: 500 }]);
      const unknown = await call(sim, v4Path('Frobnicator'), { cookie, headers: XRW });
      expect([unknown.status, JSON.parse(unknown.body).error_message]).toEqual([500, 'Api Frobnicator::get does not exist.']);
      expect(await v3('Frobnicator')).toEqual({ is_error: 1, error_message: 'API (Frobnicator, get) does not exist (join the API team and implement it!)' });
    });

    it('refuse memberships to a login without access CiviMember, in each API’s shape', async () => {
      const headers = { 'X-Civi-Auth': `Bearer ${NO_MEMBERS_API_KEY}` };
      for (const entity of ['Membership', 'MembershipType', 'MembershipStatus']) {
        const v4Reply = await call(sim, v4Path(entity), { headers });
        expect([v4Reply.status, JSON.parse(v4Reply.body)]).toEqual([403, { error_code: 0, error_message: 'Authorization failed', status: 403 }]);
      }
      const v3Reply = await call(sim, v3Path('Membership'), { headers });
      expect([v3Reply.status, JSON.parse(v3Reply.body)]).toEqual([
        200,
        { is_error: 1, error_code: 'unauthorized', error_message: 'API permission check failed for Membership/get call; insufficient permission: require access CiviCRM and access CiviMember' },
      ]);
      expect((await call(sim, v4Path('GroupContact', { limit: 1 }), { headers })).status).toBe(200);
    });
  });

  describe('APIv4', () => {
    it('pages people by limit and offset; countMatched only without a limit', async () => {
      const all = liveIndividuals().sort((a, b) => a.id - b.id);
      const pages: Json[] = [];
      for (let offset = 0; ; offset += 100) {
        const page = await v4('Contact', { select: ['id', 'display_name', 'email_primary.email'], where: PEOPLE, orderBy: { id: 'ASC' }, limit: 100, offset });
        expect(page).toMatchObject({ entity: 'Contact', action: 'get', debug: null, version: 4, count: page.values.length, countFetched: page.values.length });
        expect(page).not.toHaveProperty('countMatched');
        pages.push(page);
        if (page.values.length < 100) break;
      }
      expect(pages).toHaveLength(3);
      expect(pages.flatMap((page) => page.values.map((value: Json) => value.id))).toEqual(all.map((contact) => contact.id));
      const everyone = await v4('Contact', { select: ['id'], where: PEOPLE });
      expect([everyone.count, everyone.countMatched]).toEqual([all.length, all.length]);
    });

    it('types values: ids as numbers, flags as booleans, dates, a missing email as null', async () => {
      const noEmail = liveIndividuals().find((contact) => !contact.email)!;
      const [contact] = (await v4('Contact', { select: ['*', 'email_primary.email'], where: [['id', '=', noEmail.id]] })).values;
      expect(contact).toMatchObject({ id: noEmail.id, is_deleted: false, 'email_primary.email': null, contact_type: 'Individual', display_name: noEmail.display_name });
      const [membership] = (await v4('Membership', { select: ['contact_id', 'start_date', 'end_date', 'membership_type_id', 'status_id:label'], limit: 1 })).values;
      expect(membership).toEqual({ id: expect.any(Number), contact_id: expect.any(Number), start_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), end_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), membership_type_id: expect.any(Number), 'status_id:label': expect.any(String) });
      const lifetime = (await v4('Membership', { select: ['end_date'], where: [['end_date', 'IS NULL']] })).values;
      expect(lifetime.length).toBeGreaterThan(0);
    });

    it('filters with =, !=, IN, NOT IN, IS NULL and IS NOT NULL, and orders by sort_name', async () => {
      const everyone = (await v4('Contact', { select: ['id', 'contact_type', 'sort_name'] })).values;
      expect(everyone).toHaveLength(sim.data.contacts.length);
      const notPeople = (await v4('Contact', { where: [['contact_type', '!=', 'Individual']] })).values;
      expect(notPeople.map((value: Json) => value.contact_type).sort()).toEqual(['Household', 'Organization', 'Organization']);
      expect((await v4('Contact', { where: [['contact_type', 'IN', ['Household']]] })).count).toBe(1);
      expect((await v4('Contact', { where: [['contact_type', 'NOT IN', ['Individual', 'Household']]] })).count).toBe(2);
      const withEmail = sim.data.contacts.filter((contact) => contact.email).length;
      expect((await v4('Contact', { where: [['email_primary.email', 'IS NOT NULL']] })).count).toBe(withEmail);
      expect((await v4('Contact', { where: [['email_primary.email', 'IS NULL']] })).count).toBe(sim.data.contacts.length - withEmail);
      const sorted = (await v4('Contact', { select: ['sort_name'], where: PEOPLE, orderBy: { sort_name: 'ASC' } })).values.map((value: Json) => value.sort_name);
      expect(sorted).toEqual([...sorted].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    });

    it('reads groups: the inactive one filtered out, smart groups through Contact’s groups filter, removed people left out', async () => {
      const active = (await v4('Group', { select: ['id', 'title', 'is_active', 'saved_search_id'], where: [['is_active', '=', true]] })).values;
      expect(active.map((group: Json) => group.title)).toEqual(['Choir members', 'Newsletter', 'Committee', 'Lapsed singers']);
      const smart = active.find((group: Json) => group.saved_search_id)!;
      const lapsed = (await v4('Contact', { select: ['id'], where: [['groups', 'IN', [smart.id]]] })).values.map((value: Json) => value.id);
      expect(lapsed.length).toBeGreaterThan(5);
      expect((await v4('GroupContact', { where: [['group_id', '=', smart.id]] })).count).toBe(0);
      for (const id of lapsed) {
        const latest = sim.data.memberships.filter((row) => row.contact_id === id).sort((a, b) => a.start_date.localeCompare(b.start_date)).at(-1);
        expect(latest?.status_id).toBe(4);
      }
      const removed = (await v4('GroupContact', { select: ['group_id', 'contact_id'], where: [['status', '=', 'Removed']] })).values;
      expect(removed.length).toBeGreaterThan(0);
      const added = (await v4('GroupContact', { where: [['status', '=', 'Added']] })).count;
      expect(added).toBe(sim.data.groupContacts.filter((row) => row.status === 'Added').length);
      const { group_id, contact_id } = removed[0];
      const inGroup = (await v4('Contact', { select: ['id'], where: [['groups', 'IN', [group_id]]] })).values.map((value: Json) => value.id);
      expect(inGroup).not.toContain(contact_id);
    });

    it('reads params from a form field, ignores a JSON body, and answers bad JSON with a 500', async () => {
      const form = await call(sim, '/civicrm/ajax/api4/Contact/get', { method: 'POST', body: `params=${encodeURIComponent(JSON.stringify({ limit: 3 }))}`, cookie, headers: XRW });
      expect(JSON.parse(form.body).count).toBe(3);
      const jsonBody = await call(sim, '/civicrm/ajax/api4/Contact/get', { method: 'POST', body: JSON.stringify({ params: { limit: 3 } }), contentType: 'application/json', cookie, headers: XRW });
      expect(JSON.parse(jsonBody.body).count).toBe(sim.data.contacts.length);
      const bad = await call(sim, '/civicrm/ajax/api4/Contact/get?params=%7Bnot-json', { cookie, headers: XRW });
      expect(bad.status).toBe(500);
      expect(JSON.parse(bad.body)).toMatchObject({ error_code: expect.anything(), error_message: expect.any(String), status: 500 });
    });
  });

  describe('APIv3', () => {
    it('keys values by id, as strings, unless sequential; the id on top when there is one', async () => {
      const keyed = await v3('Contact', { contact_type: 'Individual', is_deleted: 0, return: 'id,display_name,email', options: { sort: 'sort_name ASC' } });
      expect(keyed).toMatchObject({ is_error: 0, version: 3, count: 25 });
      const [firstId, first] = Object.entries(keyed.values as Json)[0]!;
      expect(first).toEqual({ contact_id: firstId, display_name: expect.any(String), email: expect.any(String), id: firstId });
      const noEmail = liveIndividuals().find((contact) => !contact.email)!;
      const one = await v3('Contact', { id: noEmail.id, sequential: 1, return: 'display_name,email' });
      expect(one).toEqual({ is_error: 0, version: 3, count: 1, id: noEmail.id, values: [{ contact_id: String(noEmail.id), display_name: noEmail.display_name, email: '', id: String(noEmail.id) }] });
    });

    it('keeps the server’s order in keyed values', async () => {
      const reply = await call(sim, v3Path('Contact', { contact_type: 'Individual', return: 'sort_name', options: { sort: 'sort_name DESC', limit: 5 } }), { cookie, headers: XRW });
      const ids = [...reply.body.matchAll(/"(\d+)":\{/g)].map((match) => Number(match[1]));
      const expected = [...sim.data.contacts.filter((contact) => contact.contact_type === 'Individual')].sort((a, b) => b.sort_name.localeCompare(a.sort_name, 'en', { sensitivity: 'base' }) || a.id - b.id);
      expect(ids).toEqual(expected.slice(0, 5).map((contact) => contact.id));
    });

    it('pages 25 by default, all with limit 0, and honours offset', async () => {
      const people = liveIndividuals().length;
      expect((await v3('Contact', { contact_type: 'Individual', is_deleted: 0, options: { limit: 0 } })).count).toBe(people);
      const second = await v3('Contact', { contact_type: 'Individual', is_deleted: 0, sequential: 1, return: 'id', options: { limit: 200, offset: 200, sort: 'id ASC' } });
      expect(second.count).toBe(people - 200);
      expect(second.values[0].id).toBe(String(liveIndividuals().sort((a, b) => a.id - b.id)[200]!.id));
    });

    it('includes smart groups in Contact’s group param; GroupContact is Added unless asked', async () => {
      const viaV4 = (await v4('Contact', { select: ['id'], where: [['groups', 'IN', [9]]] })).values.map((value: Json) => String(value.id));
      const viaV3 = await v3('Contact', { group: 9, sequential: 1, return: 'id', options: { limit: 0 } });
      expect(viaV3.values.map((value: Json) => value.id).sort()).toEqual(viaV4.sort());
      const added = await v3('GroupContact', { sequential: 1, options: { limit: 0 } });
      expect(added.values[0]).toEqual({ id: expect.any(String), group_id: expect.any(String), contact_id: expect.any(String), title: expect.any(String), status: 'Added' });
      expect(added.count).toBe(sim.data.groupContacts.filter((row) => row.status === 'Added').length);
      expect((await v3('GroupContact', { status: 'Removed', options: { limit: 0 } })).count).toBe(sim.data.groupContacts.filter((row) => row.status === 'Removed').length);
      expect((await v3('Group', { is_active: 1, options: { limit: 0 } })).count).toBe(4);
    });

    it('names membership types and statuses by id, with their own entities to look them up', async () => {
      const membership = (await v3('Membership', { sequential: 1, options: { limit: 1 } })).values[0];
      expect(Object.keys(membership).sort()).toEqual(['contact_id', 'end_date', 'id', 'membership_name', 'membership_type_id', 'start_date', 'status_id']);
      for (const value of Object.values(membership)) expect(typeof value).toBe('string');
      expect((await v3('MembershipType', { sequential: 1 })).values).toEqual([{ id: '1', name: 'Singing member' }, { id: '2', name: 'Friend of the choir' }]);
      expect((await v3('MembershipStatus', { sequential: 1 })).values).toContainEqual({ id: '4', name: 'Expired', label: 'Expired' });
    });

    it('takes json=1 with flat params, and refuses JSON it cannot decode', async () => {
      const flat = await call(sim, '/civicrm/ajax/rest?entity=Contact&action=get&json=1&sequential=1&contact_type=Household&return=display_name', { cookie, headers: XRW });
      expect(JSON.parse(flat.body)).toMatchObject({ count: 1, values: [{ display_name: 'The Hughes Household' }] });
      const bad = await call(sim, '/civicrm/ajax/rest?entity=Contact&action=get&json=%7Bnope', { cookie, headers: XRW });
      expect(JSON.parse(bad.body)).toEqual({ is_error: 1, error_message: 'Unable to decode supplied JSON.' });
    });
  });

  describe('legacy extern/rest.php', () => {
    const keys = { key: CIVICRM_SITE_KEY, api_key: DEMO_API_KEY };

    it('needs the site key and a user’s API key', async () => {
      const body = async (query: Record<string, string>) => JSON.parse((await call(sim, legacyPath({ entity: 'Contact', action: 'get', json: '1', ...query }))).body);
      expect(await body({ key: CIVICRM_SITE_KEY })).toEqual({ is_error: 1, error_message: "FATAL: mandatory param 'api_key' (user key) missing" });
      expect(await body({ key: 'wrong', api_key: DEMO_API_KEY })).toEqual({ is_error: 1, error_message: 'Failed to authenticate key' });
      expect(await body({ key: CIVICRM_SITE_KEY, api_key: 'wrong' })).toEqual({ is_error: 1, error_message: 'Failed to authenticate key' });
      expect((await body(keys)).is_error).toBe(0);
      expect(sim.requests().map((request) => [request.flavour, request.auth])).toEqual([
        ['legacy', 'none'],
        ['legacy', 'none'],
        ['legacy', 'none'],
        ['legacy', 'legacyrest'],
      ]);
    });

    it('answers XML unless json is given, with no need for cookies or X-Requested-With', async () => {
      const xml = await call(sim, legacyPath({ entity: 'MembershipType', action: 'get', ...keys }));
      expect(xml.headers['content-type']).toMatch(/^text\/xml/);
      expect(xml.body).toBe(
        '<?xml version="1.0"?>\n<ResultSet xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' +
          '<Result>\n<id>1</id>\n<name>Singing member</name>\n</Result>\n<Result>\n<id>2</id>\n<name>Friend of the choir</name>\n</Result>\n</ResultSet>\n',
      );
      const error = await call(sim, legacyPath({ entity: 'Contact', action: 'get', key: 'wrong' }));
      expect(error.body).toContain('<Result>\n<is_error>1</is_error>\n<error_message>Failed to authenticate key</error_message>\n</Result>');
      const json = await call(sim, legacyPath({ entity: 'Contact', action: 'get', json: JSON.stringify({ sequential: 1, contact_type: 'Individual', options: { limit: 0 } }), ...keys }));
      expect(JSON.parse(json.body).count).toBe(sim.data.contacts.filter((contact) => contact.contact_type === 'Individual').length);
    });

    it('applies the key’s user’s permissions', async () => {
      const reply = await call(sim, legacyPath({ entity: 'Membership', action: 'get', json: '1', key: CIVICRM_SITE_KEY, api_key: NO_MEMBERS_API_KEY }));
      expect(JSON.parse(reply.body)).toMatchObject({ is_error: 1, error_code: 'unauthorized' });
      const noCivi = await call(sim, legacyPath({ entity: 'Contact', action: 'get', json: '1', key: CIVICRM_SITE_KEY, api_key: NO_CIVI_API_KEY }));
      expect(JSON.parse(noCivi.body).error_message).toContain('require access CiviCRM');
    });
  });

  describe('flavours', () => {
    it('answer a switched-off flavour with a 404 page', async () => {
      sim.setFlavours({ api4: false, legacy: false });
      const expect404 = async (path: string, options: RequestOptions) => {
        const reply = await call(sim, path, options);
        expect(reply.status, path).toBe(404);
        expect(reply.body).toContain('Page not found');
      };
      await expect404(v4Path('Contact'), { cookie, headers: XRW });
      await expect404(legacyPath({ entity: 'Contact', action: 'get', json: '1', key: CIVICRM_SITE_KEY, api_key: DEMO_API_KEY }), {});
      expect((await v3('Contact')).is_error).toBe(0);
      sim.setFlavours({ api3: false, api4: true });
      await expect404(v3Path('Contact'), { cookie, headers: XRW });
      expect(sim.flavours()).toEqual({ api4: true, api3: false, legacy: false, emailPrimary: true });
    });

    it('can be an older APIv4 that drops email_primary.email, with primary emails in Email', async () => {
      sim.setFlavours({ emailPrimary: false });
      try {
        const where = [['id', '=', sim.data.demoContactId]];
        const contact = JSON.parse((await call(sim, v4Path('Contact', { select: ['id', 'display_name', 'email_primary.email'], where }), { headers: asDemoKey })).body);
        expect(contact.values).toEqual([{ id: sim.data.demoContactId, display_name: 'Alex Morgan' }]);
        const email = JSON.parse((await call(sim, v4Path('Email', { select: ['contact_id', 'email'], where: [['contact_id', '=', sim.data.demoContactId], ['is_primary', '=', true]] }), { headers: asDemoKey })).body);
        expect(email.values).toEqual([expect.objectContaining({ contact_id: sim.data.demoContactId, email: 'demo@example.org' })]);
      } finally {
        sim.setFlavours({ emailPrimary: true });
      }
    });

    it('can start switched off', async () => {
      const old = await startCiviCrmSimulator({ flavours: { api4: false } });
      try {
        expect((await call(old, v4Path('Contact'), { headers: asDemoKey })).status).toBe(404);
        expect((await call(old, v3Path('Contact'), { headers: asDemoKey })).status).toBe(200);
      } finally {
        await old.close();
      }
    });
  });

  describe('faults', () => {
    it('500: the generic v4 error, and a v3 is_error, both with HTTP 500', async () => {
      sim.setFault({ kind: '500' });
      const v4Reply = await call(sim, v4Path('Contact'), { cookie, headers: XRW });
      expect([v4Reply.status, JSON.parse(v4Reply.body)]).toEqual([500, { error_code: '1', error_message: expect.stringMatching(/^Sorry an error occurred .*Error ID: \w{4}-\w{4}-\w{4}/), status: 500 }]);
      const v3Reply = await call(sim, v3Path('Contact'), { cookie, headers: XRW });
      expect([v3Reply.status, JSON.parse(v3Reply.body).is_error]).toEqual([500, 1]);
    });

    it('503-maintenance and 429 with Retry-After', async () => {
      sim.setFault({ kind: '503-maintenance' });
      const maintenance = await call(sim, v4Path('Contact'), { cookie, headers: XRW });
      expect([maintenance.status, JSON.parse(maintenance.body)]).toEqual([503, { status_code: 503, status_message: 'Temporarily unavailable for maintenance.' }]);
      sim.setFault({ kind: '429', retryAfterSeconds: 7 });
      const busy = await call(sim, v3Path('Contact'), { cookie, headers: XRW });
      expect([busy.status, busy.headers['retry-after']]).toEqual([429, '7']);
    });

    it('html-instead-of-json, truncated-json and wrong-types', async () => {
      sim.setFault({ kind: 'html-instead-of-json' });
      const page = await call(sim, v4Path('Contact'), { cookie, headers: XRW });
      expect([page.status, page.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
      expect(page.body).not.toContain('type="password"');
      sim.setFault({ kind: 'truncated-json' });
      expect(() => JSON.parse(page.body)).toThrow();
      expect(() => JSON.parse(page.body)).toThrow();
      const cut = await call(sim, v4Path('Contact'), { cookie, headers: XRW });
      expect(() => JSON.parse(cut.body)).toThrow();
      sim.setFault({ kind: 'wrong-types' });
      const wrong4 = await v4('Contact', { limit: 2 });
      expect(Array.isArray(wrong4.values)).toBe(false);
      expect(typeof wrong4.count).toBe('string');
      const wrong3 = await v3('Contact', { sequential: 1 });
      expect(typeof wrong3.values).toBe('string');
    });

    it('odd-envelope keeps the values and spoils only the envelope around them', async () => {
      const good4 = await v4('Contact', { limit: 2 });
      const good3 = await v3('Contact', { sequential: 1, options: { limit: 2 } });
      sim.setFault({ kind: 'odd-envelope' });
      const odd4 = await v4('Contact', { limit: 2 });
      expect([odd4.values, odd4.count, odd4.countFetched]).toEqual([good4.values, null, '2']);
      const odd3 = await v3('Contact', { sequential: 1, options: { limit: 2 } });
      expect([odd3.values, 'is_error' in odd3, odd3.count]).toEqual([good3.values, false, '2']);
    });

    it('v3-error applies to v3 and legacy only', async () => {
      sim.setFault({ kind: 'v3-error', message: 'DB Error: no such table', times: 1 });
      expect((await call(sim, v4Path('Contact', { limit: 1 }), { cookie, headers: XRW })).status).toBe(200);
      expect(await v3('Contact')).toEqual({ is_error: 1, error_message: 'DB Error: no such table' });
      expect((await v3('Contact')).is_error).toBe(0);
    });

    it('slow delays the reply', async () => {
      sim.setFault({ kind: 'slow', delayMs: 300 });
      const started = Date.now();
      expect((await v4('Contact', { limit: 1 })).count).toBe(1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });

    it('apply only to the matching calls and only `times` times; reset and null clear them', async () => {
      sim.setFault({ kind: '500', paths: ['Membership*'], times: 2 });
      const status = async (entity: string) => (await call(sim, v4Path(entity, { limit: 1 }), { cookie, headers: XRW })).status;
      expect([await status('Contact'), await status('Membership'), await status('MembershipType'), await status('Membership')]).toEqual([200, 500, 500, 200]);
      sim.setFault({ kind: '500', flavours: ['api3'] });
      expect(await status('Contact')).toBe(200);
      sim.setFault(null);
      expect((await call(sim, v3Path('Contact'), { cookie, headers: XRW })).status).toBe(200);
      sim.setFault({ kind: '503-maintenance' });
      expect(sim.requests().length).toBeGreaterThan(0);
      sim.reset();
      expect(sim.requests()).toEqual([]);
      expect(await status('Contact')).toBe(200);
      expect(() => sim.setFault({ kind: 'slow' } as never)).toThrow();
    });

    it('leave the CMS pages alone', async () => {
      sim.setFault({ kind: '500' });
      expect((await call(sim, '/user/login')).status).toBe(200);
    });
  });
});

describe('CiviCRM simulator on its own', () => {
  it('makes Alex Morgan and about eighty others without volunteers, with no truth to tell', async () => {
    const sim = await startCiviCrmSimulator({ seed: 2, clock: fixedClock(NOW) });
    try {
      expect(sim.data.contacts.find((contact) => contact.id === sim.data.demoContactId)).toMatchObject({ display_name: 'Alex Morgan', email: 'demo@example.org' });
      expect(sim.data.contacts.length).toBeGreaterThan(60);
      expect(sim.data.truth).toEqual([]);
      expect(sim.data.hostileLinked).toBeUndefined();
      expect(sim.siteOrigin).toBe('https://crm.stcecilia.test');
    } finally {
      await sim.close();
    }
  });
});

const reference = generateCiviCrmData({ seed: 1, ...peopleAt(NOW), now: new Date(NOW) });

describe.each(AWKWARD_INSTANTS)('generated at %s', (instant) => {
  const nowMs = Date.parse(instant);
  const today = londonDate(nowMs);
  let sim: CiviCrmSim;

  beforeAll(async () => {
    sim = await startCiviCrmSimulator({ ...peopleAt(instant), clock: fixedClock(instant) });
  });
  afterAll(() => sim.close());

  const statusName = (id: number) => MEMBERSHIP_STATUSES.find((status) => status.id === id)!.name;
  const statusCounts = (data: CiviCrmData) => {
    const counts: Record<string, number> = {};
    for (const row of data.memberships) counts[statusName(row.status_id)] = (counts[statusName(row.status_id)] ?? 0) + 1;
    return counts;
  };
  /** The data without its dates: what must not change from day to day. */
  const dateless = (data: CiviCrmData) => ({
    contacts: data.contacts.map(({ created_date: _, ...rest }) => rest),
    memberships: data.memberships.map(({ join_date: _, start_date: __, end_date: ___, ...rest }) => ({ ...rest, lifetime: ___ === null })),
    groupContacts: data.groupContacts,
    truth: data.truth,
    roles: [data.demoContactId, data.noMembersContactId, data.noCiviContactId, data.hostileLinked, data.hostileContactIds],
  });

  it('is generated around that London day', () => {
    expect(sim.data.today).toBe(today);
    for (const contact of sim.data.contacts) expect(Date.parse(`${contact.created_date.replace(' ', 'T')}Z`)).toBeLessThan(nowMs);
  });

  it('dates every membership as its status says, relative to that day', () => {
    for (const row of sim.data.memberships) {
      const what = `${statusName(row.status_id)} ${row.join_date} ${row.start_date} … ${row.end_date}`;
      expect(row.join_date <= row.start_date, what).toBe(true);
      expect(row.start_date < today, what).toBe(true);
      if (row.end_date === null) {
        // Lifetime: friends of the choir only, and always current.
        expect([row.membership_type_id, statusName(row.status_id)], what).toEqual([2, 'Current']);
        continue;
      }
      expect(row.end_date, what).toBe(addDays(row.start_date, 364));
      switch (statusName(row.status_id)) {
        case 'New':
          expect(row.start_date >= addDays(today, -80), what).toBe(true);
          expect(row.join_date, what).toBe(row.start_date);
          break;
        case 'Current':
          expect(row.end_date > today, what).toBe(true);
          break;
        case 'Grace':
          expect(row.end_date < today && row.end_date >= addDays(today, -25), what).toBe(true);
          break;
        case 'Expired':
          expect(row.end_date < today, what).toBe(true);
          break;
        case 'Cancelled':
          expect(row.end_date > today, what).toBe(true);
          break;
      }
    }
  });

  it('has as many memberships of each status, and the same people, groups and truth, as on any other day', () => {
    expect(statusCounts(sim.data)).toEqual(statusCounts(reference));
    expect(dateless(sim.data)).toEqual(dateless(reference));
    expect([...contactsInGroups(sim.data, [GROUP_IDS.lapsed])].sort()).toEqual([...contactsInGroups(reference, [GROUP_IDS.lapsed])].sort());
  });

  it('serves the memberships through the API and logs by its clock', async () => {
    const headers = { 'X-Civi-Auth': `Bearer ${DEMO_API_KEY}` };
    const answer = await call(sim, v4Path('Membership', { select: ['end_date', 'status_id:label'], where: [['contact_id', '=', sim.data.demoContactId]] }), { headers });
    expect(answer.headers.date).toBe(new Date(nowMs).toUTCString());
    const reply = JSON.parse(answer.body) as Json;
    expect(reply.values).toEqual([{ id: expect.any(Number), end_date: expect.any(String), 'status_id:label': 'Current' }]);
    expect(reply.values[0].end_date > today).toBe(true);
    expect(sim.requests().map((request) => request.at)).toEqual([nowMs]);
  });
});
