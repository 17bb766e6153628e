import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_NOW } from '../../sdk/conformance/read-activities.js';
import { zoomSimulator, type RunningZoomSimulator } from './index.js';
import { DAY } from '../../../core/clock.js';
import { clockMidWindow } from '../../sdk/simulator/window-clock.js';
import type { ZoomSimulatorOptions } from './state.js';

type Body = Record<string, any>;

async function call(sim: RunningZoomSimulator, path: string, token: string | null, init: { method?: 'GET' | 'POST' | 'PUT' | 'DELETE'; body?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...init.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await request(`${sim.config.simulatorUrl ?? ''}${path}`, { method: init.method ?? 'GET', headers, ...(init.body ? { body: init.body } : {}) });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, body: (text ? JSON.parse(text) : null) as Body };
}

async function token(sim: RunningZoomSimulator): Promise<string> {
  const basic = Buffer.from(`${sim.config.clientId}:${sim.config.clientSecret}`).toString('base64');
  const res = await call(sim, `/oauth/token?grant_type=account_credentials&account_id=${sim.config.accountId}`, null, { method: 'POST', headers: { authorization: `Basic ${basic}` } });
  expect(res.status).toBe(200);
  return res.body.access_token as string;
}

async function started(options: ZoomSimulatorOptions): Promise<RunningZoomSimulator> {
  return zoomSimulator.start({ seed: 3, frozenAt: CONFORMANCE_NOW, ...options });
}

describe('Zoom simulator (wire format of the digest)', () => {
  let sim: RunningZoomSimulator;
  let bearer: string;
  beforeAll(async () => {
    sim = await started({});
    bearer = await token(sim);
  });
  afterAll(async () => sim.close());

  it('issues Server-to-Server OAuth tokens for the app’s Basic credentials and account id, and refuses anything else', async () => {
    const basic = Buffer.from(`${sim.config.clientId}:${sim.config.clientSecret}`).toString('base64');
    const ok = await call(sim, `/oauth/token?grant_type=account_credentials&account_id=${sim.config.accountId}`, null, { method: 'POST', headers: { authorization: `Basic ${basic}` } });
    expect(ok.body).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
    expect(ok.body.scope).toContain('report:read:admin');
    const wrong = Buffer.from(`${sim.config.clientId}:nope`).toString('base64');
    expect(await call(sim, `/oauth/token?grant_type=account_credentials&account_id=${sim.config.accountId}`, null, { method: 'POST', headers: { authorization: `Basic ${wrong}` } })).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    expect(await call(sim, '/oauth/token?grant_type=account_credentials&account_id=someoneElse', null, { method: 'POST', headers: { authorization: `Basic ${basic}` } })).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(await call(sim, '/v2/users', 'not-a-token')).toMatchObject({ status: 401, body: { code: 124, message: 'Invalid access token.' } });
  });

  it('serves a report newest first within from..to (whole UTC days), paged by next_page_token bound to its query', async () => {
    const day = new Date(CONFORMANCE_NOW - 86_400_000).toISOString().slice(0, 10);
    const first = await call(sim, `/v2/report/activities?from=${day}&to=${day}&page_size=5`, bearer);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ from: day, to: day, page_size: 5 });
    const times = first.body.activity_logs.map((r: { time: string }) => r.time);
    expect(times).toEqual([...times].sort().reverse());
    for (const t of times) expect(t.slice(0, 10)).toBe(day);
    expect(first.body.activity_logs[0]).toEqual({ email: expect.any(String), time: expect.any(String), type: expect.stringMatching(/^Sign (in|out)$/), ip_address: expect.any(String), client_type: expect.any(String), version: expect.any(String) });
    const second = await call(sim, `/v2/report/activities?from=${day}&to=${day}&page_size=5&next_page_token=${first.body.next_page_token}`, bearer);
    expect(second.body.activity_logs[0].time <= times[4]).toBe(true);
    // The token belongs to its query.
    expect(await call(sim, `/v2/report/activities?from=${day}&to=${day}&page_size=5&next_page_token=${first.body.next_page_token.slice(0, -2)}xx`, bearer)).toMatchObject({ status: 400, body: { code: 300 } });
    const other = await call(sim, `/v2/report/operationlogs?from=${day}&to=${day}&next_page_token=${first.body.next_page_token}`, bearer);
    expect(other).toMatchObject({ status: 400, body: { code: 300, message: 'The next page token is invalid or expired.' } });
  });

  it('refuses report ranges over a month, beyond 6 months, or without dates (400, code 300)', async () => {
    expect(await call(sim, '/v2/report/operationlogs', bearer)).toMatchObject({ status: 400, body: { code: 300 } });
    expect(await call(sim, '/v2/report/operationlogs?from=2026-09-01&to=2026-10-15', bearer)).toMatchObject({ status: 400, body: { message: 'The date range must be within one month.' } });
    expect(await call(sim, '/v2/report/operationlogs?from=2026-01-01&to=2026-01-20', bearer)).toMatchObject({ status: 400, body: { message: 'Only provide report in recent 6 months.' } });
    expect(await call(sim, '/v2/report/operationlogs?from=2026-11-01&to=2026-11-20&page_size=301', bearer)).toMatchObject({ status: 400, body: { code: 300 } });
  });

  it('expires a next_page_token after its lifetime', async () => {
    const short = await started({ pageTokenTtlMs: 50 });
    try {
      const t = await token(short);
      const first = await call(short, '/v2/report/activities?from=2026-11-18&to=2026-11-19&page_size=2', t);
      await new Promise((r) => setTimeout(r, 80));
      expect(await call(short, `/v2/report/activities?from=2026-11-18&to=2026-11-19&page_size=2&next_page_token=${first.body.next_page_token}`, t)).toMatchObject({ status: 400, body: { code: 300 } });
    } finally {
      await short.close();
    }
  });

  it('throttles per label with 429 and Zoom’s headers (per-second: Retry-After in seconds, or none), and the daily Heavy cap with an ISO Retry-After', async () => {
    // One Heavy request a second (the bucket refills one a second, so only back-to-back requests are refused) and two a day.
    // The limits run from noon, so the day (and the cap) cannot turn over midway, whenever this runs.
    const tight = await started({ rateLimits: { perSecond: { Light: 30, Medium: 20, Heavy: 1 }, heavyPerDay: 2 }, rateLimitClock: clockMidWindow(DAY) });
    try {
      const t = await token(tight);
      const path = '/v2/report/operationlogs?from=2026-11-19&to=2026-11-19&page_size=1';
      const a = await call(tight, path, t);
      expect(a.status).toBe(200);
      expect(a.headers).toMatchObject({ 'x-ratelimit-category': 'Heavy', 'x-ratelimit-type': 'Daily-limit', 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '1' });
      const qps = await call(tight, path, t);
      expect(qps).toMatchObject({ status: 429, body: { code: 429 } });
      expect(qps.headers).toMatchObject({ 'x-ratelimit-type': 'QPS', 'retry-after': '1' });
      await new Promise((r) => setTimeout(r, 1100));
      expect((await call(tight, path, t)).status).toBe(200);
      const daily = await call(tight, path, t);
      expect(daily.status).toBe(429);
      expect(daily.headers['x-ratelimit-type']).toBe('Daily-limit');
      expect(daily.body.message).toContain('daily rate limit');
      expect(Date.parse(String(daily.headers['retry-after'])) % 86_400_000).toBe(0);
      // Medium calls have their own budget.
      expect((await call(tight, '/v2/roles', t)).status).toBe(200);
    } finally {
      await tight.close();
    }
    const bare = await started({ rateLimits: { perSecond: { Light: 30, Medium: 1, Heavy: 10 } }, retryAfterOnQps: false });
    try {
      const t = await token(bare);
      await call(bare, '/v2/roles', t);
      const res = await call(bare, '/v2/roles', t);
      expect(res.status).toBe(429);
      expect(res.headers['retry-after']).toBeUndefined();
    } finally {
      await bare.close();
    }
  });

  it('lists users by status (pending ones without id), roles with privileges and members, groups, and settings by option', async () => {
    const active = await call(sim, '/v2/users?page_size=300', bearer);
    expect(active.body).toMatchObject({ page_number: 1, total_records: 39, next_page_token: '' });
    expect((await call(sim, '/v2/users?status=inactive', bearer)).body.users).toHaveLength(1);
    const pending = (await call(sim, '/v2/users?status=pending', bearer)).body.users;
    expect(pending[0].id).toBeUndefined();
    const paged = await call(sim, '/v2/users?page_size=10', bearer);
    expect(paged.body).toMatchObject({ page_count: 4, page_size: 10 });
    const next = await call(sim, `/v2/users?page_size=10&next_page_token=${paged.body.next_page_token}`, bearer);
    expect(next.body.users[0].id).toBe(active.body.users[10].id);
    const roles = (await call(sim, '/v2/roles', bearer)).body.roles.map((r: { name: string }) => r.name);
    expect(roles).toEqual(['Owner', 'Admin', 'Member', 'Meeting Operations']);
    expect((await call(sim, '/v2/roles/1', bearer)).body.privileges).toContain('User:Edit');
    expect(await call(sim, '/v2/roles/nope', bearer)).toMatchObject({ status: 400, body: { code: 1034 } });
    expect((await call(sim, '/v2/groups', bearer)).body.total_records).toBe(4);
    expect(Object.keys((await call(sim, '/v2/accounts/me/settings?option=security', bearer)).body)).toEqual(['security']);
    expect((await call(sim, '/v2/accounts/me/settings', bearer)).body.recording).toBeDefined();
    expect(await call(sim, '/v2/users/nobody@nowhere.example', bearer)).toMatchObject({ status: 404, body: { code: 1001 } });
  });

  it('builds its people from the shared workforce, with the scenario it names, and its evidence in the truth', () => {
    expect(sim.tenant().users[0]).toMatchObject({ email: 'alex.morgan@northwind-legal.example', roleId: '0' });
    expect(sim.scenarios().map((s) => s.id)).toEqual(['admin-role-then-settings-weakened']);
    const truth = new Set(sim.truth().activityIds);
    for (const fact of sim.scenarios()) for (const id of fact.eventIds) expect(truth.has(id), `${fact.id}: ${id}`).toBe(true);
    expect(sim.tenant().users[17]?.roleId).toBe('1');
  });
});
