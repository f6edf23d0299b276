import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateSimData } from '../three-rings/data';
import { HARMONYSITE_DEMO_PASSWORD, HARMONYSITE_DEMO_USERNAME, SECTION_LEADER_USERNAME, startHarmonySiteSimulator, type HarmonySiteSim } from './server';

interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(sim: HarmonySiteSim, path: string, options: { method?: string; body?: string; cookie?: string } = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...(options.cookie && { Cookie: options.cookie }), ...(options.body && { 'Content-Type': 'application/x-www-form-urlencoded' }) };
    const req = httpsRequest(`${sim.url}${path}`, { method: options.method ?? 'GET', headers, rejectUnauthorized: false }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const api = async (sim: HarmonySiteSim, query: Record<string, string>, cookie?: string) =>
  JSON.parse((await call(sim, `/api?${new URLSearchParams({ output: 'json', ...query })}`, { cookie })).body) as Record<string, any>;

async function signIn(sim: HarmonySiteSim): Promise<string> {
  const reply = await call(sim, '/dbaction.php', { method: 'POST', body: `action=Login&username=${HARMONYSITE_DEMO_USERNAME}&password=${HARMONYSITE_DEMO_PASSWORD}` });
  expect(reply.status).toBe(302);
  return String(reply.headers['set-cookie']).split(';')[0]!;
}

describe('HarmonySite simulator', () => {
  let sim: HarmonySiteSim;
  let cookie: string;
  const volunteers = generateSimData({ seed: 1, volunteerCount: 120, now: new Date() }).volunteers;

  beforeAll(async () => {
    sim = await startHarmonySiteSimulator({ volunteers });
    cookie = await signIn(sim);
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());
  const sessionId = () => cookie.split('=')[1]!;

  it('makes most volunteers members, the signed-in one always, and says which is which', () => {
    expect(sim.data.truth.length).toBeGreaterThan(volunteers.length * 0.6);
    expect(sim.data.truth.some((pair) => pair.volunteerId === 100001)).toBe(true);
  });

  it('takes the web session id as the token with its cookie, and pages with string counts', async () => {
    const first = await api(sim, { endpoint: 'browse', table: 'members', n: '100', token: sessionId() }, cookie);
    expect(first['@attributes'].status).toBe('okay');
    expect(first.records['@attributes'].count).toBe('50');
    expect(Number(first.records['@attributes'].available)).toBe(sim.data.members.length);
    const second = await api(sim, { endpoint: 'browse', table: 'members', n: '100', startrec: '51', token: sessionId() }, cookie);
    expect(second.records.record[0]['@attributes'].index).toBe('51');
    expect(sim.requests().map((request) => request.tokenKind)).toEqual(['session', 'session']);
  });

  it('sends empty fields as {}, one record as an object and none as no key', async () => {
    sim.setFault({ kind: 'single-record', table: 'members' });
    const one = await api(sim, { endpoint: 'browse', table: 'members', token: sessionId() }, cookie);
    expect(Array.isArray(one.records.record)).toBe(false);
    expect(Object.values(one.records.record)).toContainEqual({});
    sim.setFault({ kind: 'empty-table', table: 'members' });
    const none = await api(sim, { endpoint: 'browse', table: 'members', token: sessionId() }, cookie);
    expect(none.records).not.toHaveProperty('record');
  });

  it('issues API tokens that work without cookies and expire', async () => {
    const reply = await api(sim, { endpoint: 'authorise', username: HARMONYSITE_DEMO_USERNAME, password: HARMONYSITE_DEMO_PASSWORD });
    expect(reply.token).toContain('%2F');
    const token = decodeURIComponent(reply.token);
    expect((await api(sim, { endpoint: 'config', token }))['@attributes'].status).toBe('okay');
    sim.setFault({ kind: 'expire-tokens' });
    expect(await api(sim, { endpoint: 'config', token })).toEqual({ '@attributes': { status: 'error' }, error: 'Invalid or expired token' });
  });

  it('refuses the session token under refuse-session-token, and unknown tables with the error shape', async () => {
    sim.setFault({ kind: 'refuse-session-token' });
    expect((await api(sim, { endpoint: 'browse', table: 'members', token: sessionId() }, cookie)).error).toBe('Invalid or expired token');
    sim.reset();
    expect((await api(sim, { endpoint: 'browse', table: 'Members', token: sessionId() }, cookie)).error).toMatch(/Unknown table/);
  });

  it('uses the pre-2023 record key under old-array-key, and hides memberships from the section leader', async () => {
    sim.setFault({ kind: 'old-array-key' });
    expect((await api(sim, { endpoint: 'browse', table: 'members', token: sessionId() }, cookie)).records).toHaveProperty('member');
    sim.reset();
    const leader = await api(sim, { endpoint: 'authorise', username: SECTION_LEADER_USERNAME, password: HARMONYSITE_DEMO_PASSWORD });
    const hidden = await api(sim, { endpoint: 'browse', table: 'memberships', token: decodeURIComponent(leader.token) });
    expect(hidden.records['@attributes'].count).toBe('0');
  });

  it('serves the member list with surnames as links, and sends signed-out visitors to log in', async () => {
    const list = await call(sim, '/dbpage.php?pg=admin&dbase=members', { cookie });
    expect(list.body).toMatch(/<a href="dbpage\.php\?pg=view&amp;dbase=members&amp;id=1">/);
    expect(list.body).not.toContain('<img src=x');
    expect((await call(sim, '/dbpage.php?pg=admin&dbase=members')).headers.location).toBe('/dbpage.php?pg=login');
  });
});
