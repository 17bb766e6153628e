import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_NOW } from '../../sdk/conformance/read-activities.js';
import { slackSimulator, type RunningSlackSimulator } from './index.js';

async function call(sim: RunningSlackSimulator, path: string, token: string | null, init: { method?: 'GET' | 'POST' | 'PATCH'; body?: string; type?: string } = {}) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (init.type) headers['content-type'] = init.type;
  const base = sim.config.simulatorUrl ?? '';
  const res = await request(`${base}${path}`, { method: init.method ?? 'GET', headers, ...(init.body ? { body: init.body } : {}) });
  return { status: res.statusCode, headers: res.headers, body: (await res.body.json()) as Record<string, any> };
}

describe('Slack simulator (wire format of digest §2-§6)', () => {
  let sim: RunningSlackSimulator;
  beforeAll(async () => {
    sim = await slackSimulator.start({ seed: 3, frozenAt: CONFORMANCE_NOW });
  });
  afterAll(async () => sim.close());

  it('serves audit entries newest first within oldest..latest (seconds, inclusive), paged by response_metadata.next_cursor', async () => {
    const latest = Math.floor(CONFORMANCE_NOW / 1000);
    const oldest = latest - 2 * 86_400;
    const first = await call(sim, `/audit/v1/logs?oldest=${oldest}&latest=${latest}&limit=2`, sim.config.auditToken);
    expect(first.status).toBe(200);
    expect(first.body.entries).toHaveLength(2);
    const times = first.body.entries.map((e: { date_create: number }) => e.date_create);
    expect(times[0]).toBeGreaterThanOrEqual(times[1]);
    expect(first.body.response_metadata.next_cursor).not.toBe('');
    const second = await call(sim, `/audit/v1/logs?oldest=${oldest}&latest=${latest}&limit=2&cursor=${first.body.response_metadata.next_cursor}`, sim.config.auditToken);
    expect(second.body.entries[0].date_create).toBeLessThanOrEqual(times[1]);
    expect(second.body.entries.map((e: { id: string }) => e.id)).not.toContain(first.body.entries[1].id);
    for (const e of [...first.body.entries, ...second.body.entries]) expect(e.date_create).toBeGreaterThanOrEqual(oldest);
  });

  it('answers Audit errors with real HTTP statuses and {ok:false, error}, and throttles org-wide with 429 + Retry-After', async () => {
    expect(await call(sim, '/audit/v1/logs', null)).toMatchObject({ status: 401, body: { ok: false, error: 'not_authed' } });
    expect(await call(sim, '/audit/v1/logs', 'xoxp-1-2-3-nope')).toMatchObject({ status: 401, body: { ok: false, error: 'invalid_authentication' } });
    expect(await call(sim, '/audit/v1/logs', sim.config.adminToken)).toMatchObject({ status: 403, body: { ok: false, error: 'missing_scope' } });
    expect(await call(sim, '/audit/v1/logs?cursor=%21%21', sim.config.auditToken)).toMatchObject({ status: 400, body: { error: 'invalid_cursor' } });
    const tight = await slackSimulator.start({ seed: 3, frozenAt: CONFORMANCE_NOW, rateLimits: { audit: { perMinute: 5, burst: 3 } } });
    try {
      const statuses: number[] = [];
      let throttled = null;
      for (let i = 0; i < 4; i++) {
        const res = await call(tight, '/audit/v1/logs?limit=1', tight.config.auditToken);
        statuses.push(res.status);
        if (res.status === 429) throttled = res;
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(throttled?.body).toEqual({ ok: false, error: 'ratelimited' });
      // One token every 12 s at 5 a minute.
      expect(Number(throttled?.headers['retry-after'])).toBeGreaterThanOrEqual(11);
    } finally {
      await tight.close();
    }
  });

  it('answers Web API errors as HTTP 200 {ok:false}, with the scope needed', async () => {
    expect(await call(sim, '/api/admin.users.session.reset', 'xoxp-1-2-3-nope', { method: 'POST' })).toMatchObject({ status: 200, body: { ok: false, error: 'invalid_auth' } });
    expect(await call(sim, '/api/admin.apps.approved.list', sim.config.auditToken, { method: 'POST' })).toMatchObject({ status: 200, body: { ok: false, error: 'missing_scope', needed: 'admin.apps:read' } });
    expect(await call(sim, '/api/admin.users.session.reset', sim.config.adminToken, { method: 'POST', body: 'user_id=W0NOSUCH', type: 'application/x-www-form-urlencoded' })).toMatchObject({ body: { ok: false, error: 'user_not_found' } });
  });

  it('pages SCIM users by 1-based startIndex/count, and DELETE deactivates (the user stays listed, active:false)', async () => {
    const page = await call(sim, '/scim/v2/Users?startIndex=11&count=5', sim.config.adminToken);
    expect(page.body).toMatchObject({ totalResults: 40, itemsPerPage: 5, startIndex: 11 });
    const target = page.body.Resources[0];
    expect(target.active).toBe(true);
    const deleted = await call(sim, `/scim/v2/Users/${target.id}`, sim.config.adminToken, { method: 'DELETE' as 'GET' });
    expect(deleted.body.active).toBe(false);
    const again = await call(sim, '/scim/v2/Users?startIndex=11&count=1', sim.config.adminToken);
    expect(again.body.Resources[0]).toMatchObject({ id: target.id, active: false });
    expect(await call(sim, '/scim/v2/Users', 'xoxp-1-2-3-nope')).toMatchObject({ status: 401, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401' } });
  });

  it('builds its people from the shared workforce, with the scenarios it names', async () => {
    const users = sim.tenant().users;
    expect(users[0]).toMatchObject({ email: 'alex.morgan@northwind-legal.example', role: 'primary_owner' });
    expect(sim.scenarios().map((s) => s.id)).toEqual(['oauth-app-broad-scopes', 'sso-settings-changed', 'admin-promotion', 'workspace-export']);
    const truth = new Set(sim.truth().activityIds);
    for (const fact of sim.scenarios()) for (const id of fact.eventIds) expect(truth.has(id), `${fact.id}: ${id}`).toBe(true);
  });
});
