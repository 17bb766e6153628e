import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registry } from '../connectors/registry.js';
import { microsoft365Simulator, type RunningM365Simulator } from '../connectors/microsoft365/simulator/index.js';
import { CONFORMANCE_NOW } from '../connectors/sdk/conformance/conformance.js';
import { MINUTE } from '../core/clock.js';
import { createInstance } from '../store/repos/connector-instances.js';
import { SyncService } from '../sync/sync-service.js';
import { describeDialects } from '../../test/helpers/dialects.js';
import { startDialectApi } from '../../test/helpers/test-api.js';
import type { TestApi } from './test-support.js';

describeDialects('governance API', (dialect) => {
  let t: TestApi;
  let sim: RunningM365Simulator;
  let user: { id: string; userPrincipalName: string };
  const started = Date.now();
  const clock = { now: () => CONFORMANCE_NOW + MINUTE + (Date.now() - started) };

  beforeAll(async () => {
    t = await startDialectApi(dialect, { clock });
    sim = await microsoft365Simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW });
    await createInstance(t.store.db, t.store.secrets, { name: 'm365', provider: 'microsoft365', config: sim.config, now: clock.now() });
    await new SyncService({ store: t.store, registry, logger: pino({ level: 'silent' }), clock, backfillDays: 1 }).syncInstance('m365', { kinds: ['snapshot'] });
    const admins = new Set((await t.store.db.selectFrom('accounts').select('provider_id').where('is_admin', '=', 1).execute()).map((a) => a.provider_id));
    user = sim.tenant().users.find((u) => u.userType === 'Member' && u.personas.length === 0 && u.onPremisesSyncEnabled === null && u.accountEnabled && u.workforceIndex !== null && !admins.has(u.id))!;
  }, 60_000);
  afterAll(async () => {
    await sim.close();
    await t.close();
  });

  const send = async (role: 'admin' | 'analyst' | 'viewer', method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const { cookie, csrf } = await t.login(role);
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
    expect(undone.json()).toMatchObject({ kind: 'unsuspend-user', status: 'succeeded' });

    const listed = await send('viewer', 'GET', '/api/v1/actions?status=undone');
    expect(listed.json().items.map((a: { id: string }) => a.id)).toEqual([id]);
    const exported = await send('viewer', 'GET', `/api/v1/governance/log?actionId=${id}&format=jsonl`);
    expect(exported.headers['content-type']).toMatch(/ndjson/);
    const lines = exported.body.trim().split('\n').map((l) => JSON.parse(l) as { event: string });
    expect(lines.map((l) => l.event)).toEqual(['requested', 'approval-refused', 'approved', 'attempt', 'succeeded', 'verified', 'undo-requested', 'undone']);
  });
});
