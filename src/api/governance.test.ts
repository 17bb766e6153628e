import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registry } from '../connectors/registry.js';
import { microsoft365Simulator, type RunningM365Simulator } from '../connectors/microsoft365/simulator/index.js';
import { CONFORMANCE_NOW } from '../connectors/sdk/conformance/conformance.js';
import { RateLimitGovernor } from '../connectors/sdk/rate-limit-governor.js';
import { MINUTE, manualClock } from '../core/clock.js';
import { createInstance } from '../store/repos/connector-instances.js';
import { SyncService } from '../sync/sync-service.js';
import { describeDialects } from '../../test/helpers/dialects.js';
import { startDialectApi } from '../../test/helpers/test-api.js';
import type { TestApi } from './test-support.js';

describeDialects('governance API', (dialect) => {
  let t: TestApi;
  let sim: RunningM365Simulator;
  let user: { id: string; userPrincipalName: string };
  const clock = manualClock(CONFORMANCE_NOW + MINUTE);

  beforeAll(async () => {
    t = await startDialectApi(dialect, { clock });
    sim = await microsoft365Simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW });
    await createInstance(t.store.db, t.store.secrets, { name: 'm365', provider: 'microsoft365', config: sim.config, now: clock.now() });
    await new SyncService({ store: t.store, registry, logger: pino({ level: 'silent' }), clock, backfillDays: 1, governorFor: (_id, policy) => new RateLimitGovernor(policy, clock, async (ms) => clock.advance(ms)) }).syncInstance('m365', { kinds: ['snapshot'] });
    const admins = new Set((await t.store.db.selectFrom('accounts').select('provider_id').where('is_admin', '=', 1).execute()).map((a) => a.provider_id));
    user = sim.tenant().users.find((u) => u.userType === 'Member' && u.personas.length === 0 && u.onPremisesSyncEnabled === null && u.accountEnabled && u.workforceIndex !== null && !admins.has(u.id))!;
  }, 60_000);
  afterAll(async () => {
    await sim.close();
    await t.close();
  });

  // One sign-in per role: signing in for every request would run into the login limiter.
  const sessions = new Map<string, Promise<{ cookie: string; csrf: string }>>();
  const send = async (role: 'admin' | 'analyst' | 'viewer', method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) => {
    if (!sessions.has(role)) sessions.set(role, t.login(role));
    const { cookie, csrf } = await (sessions.get(role) as Promise<{ cookie: string; csrf: string }>);
    return t.app.inject({ method, url, headers: { cookie, 'x-csrf-token': csrf }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  };

  it('an analyst requests, may not approve; an admin approves and the log exports as JSON lines', async () => {
    expect((await send('viewer', 'POST', '/api/v1/actions', { kind: 'suspend-user', targetType: 'account', target: user.id })).statusCode).toBe(403);

    const plan = await send('analyst', 'POST', '/api/v1/actions', { kind: 'suspend-user', targetType: 'account', target: user.id, dryRun: true });
    expect(plan.statusCode).toBe(200);
    expect(plan.json().steps[0].calls).toMatchObject([{ method: 'PATCH', body: { accountEnabled: false } }]);

    const requested = await send('analyst', 'POST', '/api/v1/actions', { kind: 'suspend-user', targetType: 'account', target: user.id, reason: 'phished' });
    expect(requested.statusCode).toBe(201);
    const id = requested.json().id as string;
    expect(requested.json()).toMatchObject({ status: 'pending', requestedBy: 'analyst' });

    const refused = await send('analyst', 'POST', `/api/v1/actions/${id}/approve`, {});
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toMatch(/only admin may approve/);

    const approved = await send('admin', 'POST', `/api/v1/actions/${id}/approve`, {});
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'succeeded', verified: true, decidedBy: 'admin' });
    expect(sim.tenant().users.find((u) => u.id === user.id)?.accountEnabled).toBe(false);

    const undone = await send('admin', 'POST', `/api/v1/actions/${id}/undo`, {});
    expect(undone.json()).toMatchObject({ kind: 'unsuspend-user', status: 'succeeded', requestedVia: 'api' });

    const listed = await send('viewer', 'GET', '/api/v1/actions?status=undone');
    expect(listed.json().items.map((a: { id: string }) => a.id)).toEqual([id]);
    const exported = await send('viewer', 'GET', `/api/v1/governance/log?actionId=${id}&format=jsonl`);
    expect(exported.headers['content-type']).toMatch(/ndjson/);
    const lines = exported.body.trim().split('\n').map((l) => JSON.parse(l) as { event: string });
    expect(lines.map((l) => l.event)).toEqual(['requested', 'approval-refused', 'approved', 'attempt', 'succeeded', 'verified', 'undo-requested', 'undone']);
    // A time window: since is inclusive, until exclusive (every entry here was written at the clock's now).
    const viewer = await t.login('viewer');
    const events = async (window: string) => ((await t.app.inject({ url: `/api/v1/governance/log?actionId=${id}&${window}`, headers: { cookie: viewer.cookie } })).json() as { items: { event: string }[] }).items.length;
    expect([await events(`since=${clock.now()}`), await events(`since=${clock.now() + 1}`), await events(`until=${clock.now()}`), await events(`until=${clock.now() + 1}`)]).toEqual([8, 0, 0, 8]);
  });

  it('an admin sets the rules and the protected list through the API, and governance obeys them; others may only read', async () => {
    const rule = { mode: 'automatic', approverRoles: ['admin', 'analyst'] };
    expect((await send('analyst', 'PUT', '/api/v1/governance/rules/manual/suspend-user', rule)).statusCode).toBe(403);
    const bad = await send('admin', 'PUT', '/api/v1/governance/rules/manual/suspend-everyone', rule);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toMatch(/not a governance action: use one of/);
    const noPolicy = await send('admin', 'PUT', '/api/v1/governance/rules/detection.no-such-policy/suspend-user', rule);
    expect([noPolicy.statusCode, noPolicy.json().detail]).toEqual([404, 'No policy "detection.no-such-policy": name a policy id (`parapet policy list`), "manual" (requests made by a person) or "*" (every request).']);
    const set = await send('admin', 'PUT', '/api/v1/governance/rules/manual/suspend-user', rule);
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toMatchObject({ policyId: 'manual', kind: 'suspend-user', stored: rule, effective: { mode: 'automatic', approverRoles: ['admin', 'analyst'], expiresHours: 24 } });
    expect((await send('viewer', 'GET', '/api/v1/governance/rules')).json().items).toEqual([{ policyId: 'manual', kind: 'suspend-user', settings: rule }]);
    // A wide rule has no single effective rule; a policy's rule applies over it, and over the defaults, never over the manual one.
    const wide = await send('admin', 'PUT', '/api/v1/governance/rules/*/suspend-user', { maxPerHour: 3, allowAdmins: true });
    expect([wide.statusCode, wide.json().effective]).toEqual([200, null]);
    const policy = await send('admin', 'PUT', '/api/v1/governance/rules/detection.impossible-travel/suspend-user', { maxPerHour: 2 });
    expect(policy.json()).toMatchObject({ stored: { maxPerHour: 2 }, effective: { mode: 'approval', approverRoles: ['admin'], maxPerHour: 2, allowAdmins: true } });

    // On the protected list: the automatic suspension is refused, and says why.
    expect((await send('analyst', 'POST', '/api/v1/governance/protected', { match: user.userPrincipalName, reason: 'break-glass' })).statusCode).toBe(403);
    const added = await send('admin', 'POST', '/api/v1/governance/protected', { match: ` ${user.userPrincipalName.toUpperCase()} `, reason: 'break-glass' });
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ match: user.userPrincipalName.toLowerCase(), reason: 'break-glass', addedBy: 'api:admin' });
    expect((await send('viewer', 'GET', '/api/v1/governance/protected')).json().items.map((e: { match: string }) => e.match)).toEqual([user.userPrincipalName.toLowerCase()]);
    const refused = await send('analyst', 'POST', '/api/v1/actions', { kind: 'suspend-user', targetType: 'account', target: user.id, reason: 'test' });
    expect(refused.json()).toMatchObject({ status: 'blocked' });
    expect(refused.json().result).toMatch(/break-glass/);
    expect(sim.tenant().users.find((u) => u.id === user.id)?.accountEnabled).toBe(true);

    // Off the list: the same request runs at once, as the rule says.
    const removed = await send('admin', 'DELETE', `/api/v1/governance/protected/${encodeURIComponent(user.userPrincipalName)}`);
    expect(removed.statusCode).toBe(204);
    expect((await send('admin', 'DELETE', `/api/v1/governance/protected/${encodeURIComponent(user.userPrincipalName)}`)).statusCode).toBe(404);
    const ran = await send('analyst', 'POST', '/api/v1/actions', { kind: 'suspend-user', targetType: 'account', target: user.id, reason: 'test' });
    expect(ran.json()).toMatchObject({ status: 'succeeded', requestedBy: 'analyst' });
    expect(sim.tenant().users.find((u) => u.id === user.id)?.accountEnabled).toBe(false);
  });
});
