import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestApi } from '../src/api/test-support.js';
import { MINUTE, manualClock } from '../src/core/clock.js';
import microsoft365 from '../src/connectors/microsoft365/index.js';
import { microsoft365Simulator, type RunningM365Simulator } from '../src/connectors/microsoft365/simulator/index.js';
import { registry } from '../src/connectors/registry.js';
import { CONFORMANCE_NOW } from '../src/connectors/sdk/conformance/conformance.js';
import { RateLimitGovernor } from '../src/connectors/sdk/rate-limit-governor.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import { SyncService } from '../src/sync/sync-service.js';
import { describeDialects } from './helpers/dialects.js';
import { secretCanaries } from './helpers/secret-canaries.js';
import { startDialectApi } from './helpers/test-api.js';

/**
 * Governance's own records never hold a connection's secrets: actions that succeed, fail and are blocked run
 * through the API over the Microsoft 365 simulator, and its client secret (the canary) is then looked for in
 * every governance answer of the API, the audit log, the server's log lines and the governance tables.
 */
describeDialects('governance keeps connector secrets out of its records', (dialect) => {
  const clock = manualClock(CONFORMANCE_NOW + MINUTE);
  let t: TestApi;
  let sim: RunningM365Simulator;
  let secrets: string[];
  /** Every API answer, as `METHOD url -> body`. */
  const answers: string[] = [];
  const ids: Record<'succeeded' | 'failed' | 'blocked', string> = { succeeded: '', failed: '', blocked: '' };

  const send = async (role: 'admin' | 'analyst' | 'viewer', method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) => {
    const { cookie, csrf } = await t.login(role);
    const response = await t.app.inject({ method, url, headers: { cookie, 'x-csrf-token': csrf }, ...(payload ? { payload } : {}) });
    answers.push(`${method} ${url} -> ${response.body}`);
    return response;
  };

  beforeAll(async () => {
    t = await startDialectApi(dialect, { clock });
    sim = await microsoft365Simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW });
    secrets = secretCanaries(microsoft365.secretFields, sim.config as unknown as Record<string, unknown>);
    await createInstance(t.store.db, t.store.secrets, { name: 'm365', provider: 'microsoft365', config: sim.config, now: clock.now() });
    const sync = new SyncService({ store: t.store, registry, logger: pino({ level: 'silent' }), clock, backfillDays: 1, governorFor: (_id, policy) => new RateLimitGovernor(policy, clock, async (ms) => clock.advance(ms)) });
    expect((await sync.syncInstance('m365', { kinds: ['snapshot'] })).streams.filter((s) => !s.ok)).toEqual([]);
  }, 60_000);
  afterAll(async () => {
    await sim.close();
    await t.close();
  });

  it('an action succeeds, one fails at the provider and one is blocked, each through the API', async () => {
    const admins = new Set((await t.store.db.selectFrom('accounts').select('provider_id').where('is_admin', '=', 1).execute()).map((a) => a.provider_id));
    const [ok, gone, kept] = sim.tenant().users.filter((u) => u.userType === 'Member' && u.personas.length === 0 && u.onPremisesSyncEnabled === null && u.accountEnabled && u.workforceIndex !== null && !admins.has(u.id));
    if (!ok || !gone || !kept) throw new Error('not enough plain users');

    expect((await send('analyst', 'POST', '/api/v1/actions', { kind: 'suspend-user', targetType: 'account', target: ok.id, dryRun: true })).statusCode).toBe(200);
    const suspend = await send('analyst', 'POST', '/api/v1/actions', { kind: 'suspend-user', targetType: 'account', target: ok.id, reason: 'phished' });
    ids.succeeded = suspend.json<{ id: string }>().id;
    expect((await send('admin', 'POST', `/api/v1/actions/${ids.succeeded}/approve`, {})).json()).toMatchObject({ status: 'succeeded', verified: true });

    // The inventory still lists an account Entra no longer has: Graph answers 404.
    const missing = '0f0f0f0f-0000-4000-8000-000000000002';
    await t.store.db.updateTable('accounts').set({ provider_id: missing }).where('provider_id', '=', gone.id).execute();
    const revoke = await send('analyst', 'POST', '/api/v1/actions', { kind: 'revoke-sessions', targetType: 'account', target: missing, reason: 'token theft' });
    ids.failed = revoke.json<{ id: string }>().id;
    expect((await send('admin', 'POST', `/api/v1/actions/${ids.failed}/approve`, {})).json()).toMatchObject({ status: 'failed', result: expect.stringMatching(/no such user/) });

    expect((await send('admin', 'POST', '/api/v1/governance/protected', { match: kept.userPrincipalName, reason: 'CEO' })).statusCode).toBe(201);
    const blocked = await send('analyst', 'POST', '/api/v1/actions', { kind: 'suspend-user', targetType: 'account', target: kept.id, reason: 'phished' });
    ids.blocked = blocked.json<{ id: string }>().id;
    expect(blocked.json()).toMatchObject({ status: 'blocked', result: expect.stringMatching(/is protected/) });
  });

  it('the canary is nowhere in the governance API, the audit log, the log lines or the governance tables', async () => {
    for (const id of Object.values(ids)) await send('viewer', 'GET', `/api/v1/actions/${id}`);
    await send('viewer', 'GET', '/api/v1/actions?limit=500');
    await send('viewer', 'GET', '/api/v1/governance/log?limit=500');
    await send('viewer', 'GET', '/api/v1/governance/log?format=jsonl');
    await send('admin', 'GET', '/api/v1/audit-log?limit=500');
    const tables = {
      governance_actions: JSON.stringify(await t.store.db.selectFrom('governance_actions').selectAll().execute()),
      governance_log: JSON.stringify(await t.store.db.selectFrom('governance_log').selectAll().execute()),
      audit_events: JSON.stringify(await t.store.db.selectFrom('audit_events').selectAll().execute()),
    };
    const places: [string, string][] = [...answers.map((a): [string, string] => [a.slice(0, a.indexOf(' -> ')), a]), ...Object.entries(tables), ['log lines', t.logLines.join('\n')]];

    // The search looks where the records are: every action, its failure and its block are in what was read.
    expect(secrets.length).toBeGreaterThan(0);
    const everything = places.map(([, text]) => text).join('\n');
    for (const id of Object.values(ids)) expect(everything).toContain(id);
    expect(tables.governance_log).toContain('no such user');
    expect(tables.governance_log).toContain('is protected');
    expect(tables.audit_events).toContain(ids.succeeded);

    const leaks = places.filter(([, text]) => secrets.some((s) => text.includes(s) || text.includes(JSON.stringify(s).slice(1, -1)))).map(([where]) => where);
    expect(leaks).toEqual([]);
  });
});
