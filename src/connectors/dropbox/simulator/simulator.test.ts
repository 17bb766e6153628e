import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../../core/clock.js';
import { CONFORMANCE_NOW } from '../../sdk/conformance/read-activities.js';
import { dropboxSimulator, type RunningDropboxSimulator } from './index.js';

type Json = Record<string, any>;

async function post(sim: RunningDropboxSimulator, path: string, token: string | null, body: string | undefined, type = 'application/json') {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = type;
  const res = await request(`${sim.config.simulatorUrl}${path}`, { method: 'POST', headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.body.text();
  let json: Json | null = null;
  try {
    json = JSON.parse(text) as Json;
  } catch {
    json = null;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

async function accessToken(sim: RunningDropboxSimulator): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: sim.config.refreshToken, client_id: sim.config.appKey, client_secret: sim.config.appSecret });
  const res = await post(sim, '/oauth2/token', null, form.toString(), 'application/x-www-form-urlencoded');
  expect(res.json).toMatchObject({ token_type: 'bearer', expires_in: 14_400 });
  return res.json?.access_token as string;
}

describe('Dropbox simulator (wire format of digest §1-§6)', () => {
  let sim: RunningDropboxSimulator;
  let token: string;
  beforeAll(async () => {
    sim = await dropboxSimulator.start({ seed: 3, frozenAt: CONFORMANCE_NOW });
    token = await accessToken(sim);
  });
  afterAll(async () => sim.close());

  it('refreshes tokens only for the right app and refresh token, with OAuth error bodies', async () => {
    const form = (over: Record<string, string>) => new URLSearchParams({ grant_type: 'refresh_token', refresh_token: sim.config.refreshToken, client_id: sim.config.appKey, client_secret: sim.config.appSecret, ...over }).toString();
    expect((await post(sim, '/oauth2/token', null, form({ refresh_token: 'nope-nope-nope-nope-nope' }), 'application/x-www-form-urlencoded')).json).toEqual({ error: 'invalid_grant', error_description: 'refresh token is invalid or revoked' });
    expect((await post(sim, '/oauth2/token', null, form({ client_secret: 'wrong' }), 'application/x-www-form-urlencoded')).json?.error).toBe('invalid_client');
  });

  it('answers 401 with {error_summary, error:{.tag}} for a missing or unknown token', async () => {
    expect(await post(sim, '/2/team/get_info', null, 'null')).toMatchObject({ status: 401, json: { error_summary: 'invalid_access_token/..', error: { '.tag': 'invalid_access_token' } } });
    expect((await post(sim, '/2/team/get_info', 'sl.u.forged', 'null')).status).toBe(401);
  });

  it('is POST-only RPC: a GET, a malformed body and an out-of-range limit are 400 with a plain-text body; a no-argument route takes null or nothing', async () => {
    const get = await request(`${sim.config.simulatorUrl}/2/team/get_info`, { method: 'GET', headers: { authorization: `Bearer ${token}` } });
    expect(get.statusCode).toBe(400);
    await get.body.text();
    const malformed = await post(sim, '/2/team/members/list_v2', token, '{limit:');
    expect(malformed.status).toBe(400);
    expect(malformed.text).toMatch(/^Error in call to API function "team\/members\/list_v2": /);
    expect(malformed.headers['content-type']).toMatch(/^text\/plain/);
    expect((await post(sim, '/2/team/members/list_v2', token, '{"limit":5000}')).text).toContain('limit: 5000 is not within range [1, 1000]');
    expect((await post(sim, '/2/team/get_info', token, 'null')).json?.name).toBe('Northwind Legal Group');
    expect((await post(sim, '/2/team/get_info', token, undefined)).json?.name).toBe('Northwind Legal Group');
  });

  it('pages team events by cursor; limit counts events before the category filter, so a filtered page may be empty with has_more', async () => {
    const start = new Date(CONFORMANCE_NOW - DAY).toISOString().replace('.000Z', 'Z');
    const first = await post(sim, '/2/team_log/get_events', token, JSON.stringify({ limit: 3, time: { start_time: start } }));
    expect(first.json?.events).toHaveLength(3);
    expect(first.json?.has_more).toBe(true);
    const next = await post(sim, '/2/team_log/get_events/continue', token, JSON.stringify({ cursor: first.json?.cursor }));
    expect(next.json?.events).toHaveLength(3);
    const seen = new Set([...(first.json?.events as Json[]), ...(next.json?.events as Json[])].map((e) => JSON.stringify(e)));
    expect(seen.size).toBe(6);
    let emptyWithMore = false;
    let page = await post(sim, '/2/team_log/get_events', token, JSON.stringify({ limit: 2, category: { '.tag': 'members' }, time: { start_time: start } }));
    for (let i = 0; i < 30 && page.json?.has_more; i++) {
      if (page.json.events.length === 0) emptyWithMore = true;
      for (const e of page.json.events) expect(e.event_category['.tag']).toBe('members');
      page = await post(sim, '/2/team_log/get_events/continue', token, JSON.stringify({ cursor: page.json.cursor }));
    }
    expect(emptyWithMore).toBe(true);
  });

  it('route errors are 409 with the tag path: invalid_filters, bad_cursor, reset (with the time to restart from)', async () => {
    expect(await post(sim, '/2/team_log/get_events', token, JSON.stringify({ category: 'logins', event_type: 'login_success' }))).toMatchObject({ status: 409, json: { error: { '.tag': 'invalid_filters' } } });
    expect(await post(sim, '/2/team_log/get_events/continue', token, JSON.stringify({ cursor: 'garbage' }))).toMatchObject({ status: 409, json: { error_summary: 'bad_cursor/..', error: { '.tag': 'bad_cursor' } } });
    const ancient = Buffer.from(JSON.stringify({ v: 1, a: 0, s: 0, st: null, en: null, c: null, l: 10 })).toString('base64url');
    const reset = await post(sim, '/2/team_log/get_events/continue', token, JSON.stringify({ cursor: ancient }));
    expect(reset.status).toBe(409);
    expect(reset.json?.error['.tag']).toBe('reset');
    expect(reset.json?.error.reset).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(await post(sim, '/2/team/members/suspend', token, JSON.stringify({ user: { '.tag': 'team_member_id', team_member_id: 'dbmid:nobody' } }))).toMatchObject({ status: 409, json: { error_summary: 'user_not_found/..' } });
  });

  it('throttles with 429, Retry-After and the same seconds in the body', async () => {
    const tight = await dropboxSimulator.start({ seed: 3, frozenAt: CONFORMANCE_NOW, rateLimit: { perMinute: 6, burst: 2 } });
    try {
      const t = await accessToken(tight);
      const statuses: number[] = [];
      let throttled = null;
      for (let i = 0; i < 3; i++) {
        const res = await post(tight, '/2/team/get_info', t, 'null');
        statuses.push(res.status);
        if (res.status === 429) throttled = res;
      }
      expect(statuses).toEqual([200, 200, 429]);
      expect(Number(throttled?.headers['retry-after'])).toBeGreaterThanOrEqual(9);
      expect(throttled?.json).toEqual({ error_summary: 'too_many_requests/...', error: { reason: { '.tag': 'too_many_requests' }, retry_after: Number(throttled?.headers['retry-after']) } });
    } finally {
      await tight.close();
    }
  });

  it('logs some desktop downloads minutes late, and counts them in its truth once they have arrived', async () => {
    const live = await dropboxSimulator.start({ seed: 3 });
    try {
      const late = live.lateRecordIds();
      expect(late.length).toBeGreaterThan(0);
      const truth = new Set(live.truth().activityIds);
      expect(late.filter((id) => truth.has(id)).length).toBeGreaterThan(0);
    } finally {
      await live.close();
    }
  });

  it('builds its members from the shared workforce: the team admin first, the leaver suspended, one invitation pending', () => {
    const members = sim.tenant().members;
    expect(members[0]).toMatchObject({ email: 'alex.morgan@northwind-legal.example', status: 'active', roles: ['Team admin'] });
    expect(members[9]?.status).toBe('suspended');
    expect(members[39]?.status).toBe('invited');
    expect(sim.scenarios().map((f) => f.id)).toEqual(['mass-download', 'external-share-burst', 'two-step-requirement-off']);
  });
});
