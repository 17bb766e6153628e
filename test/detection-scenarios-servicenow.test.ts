import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE, type Clock } from '../src/core/clock.js';
import servicenow from '../src/connectors/servicenow/index.js';
import type { RunningServiceNowSimulator } from '../src/connectors/servicenow/simulator/index.js';
import { CONFORMANCE_NOW } from '../src/connectors/sdk/conformance/conformance.js';
import { registryOf } from '../src/connectors/sdk/registry-of.js';
import { createDetectionEngine } from '../src/detection/create-engine.js';
import { openStore, type Store } from '../src/store/db.js';
import { getAlerts, listAlerts } from '../src/store/repos/alerts.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import { SyncService } from '../src/sync/sync-service.js';
import { tempDir } from './helpers/temp-dir.js';

interface Run {
  store: Store;
  dir: ReturnType<typeof tempDir>;
  sim: RunningServiceNowSimulator;
  rows: { source_id: string; action: string; actor_email: string | null }[];
  alerts: { policy: string; subject: string; evidence: string[]; explanation: string }[];
}

/** The seeded instance synced through the real sync path (30 days), every built-in policy on. */
async function syncServiceNow(scenarios: readonly string[]): Promise<Run> {
  const dir = tempDir('parapet-servicenow-detect-');
  const store = await openStore({ dataDir: dir.path });
  const started = Date.now();
  const clock: Clock = { now: () => CONFORMANCE_NOW + MINUTE + (Date.now() - started) };
  const logger = pino({ level: 'silent' });
  const detection = await createDetectionEngine({ db: store.db, clock, logger });
  const sync = new SyncService({
    store,
    registry: registryOf([servicenow]),
    logger,
    clock,
    backfillDays: 30,
    onCommitted: async (instanceId, activities) => {
      await detection.processCommitted(instanceId, activities);
    },
  });
  const sim = (await servicenow.simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, scenarios })) as RunningServiceNowSimulator;
  await createInstance(store.db, store.secrets, { name: 'servicenow', provider: 'servicenow', config: sim.config, now: clock.now() });
  const summary = await sync.syncInstance('servicenow');
  expect(summary.streams.filter((s) => !s.ok)).toEqual([]);
  const rows = (await store.db.selectFrom('activities').select(['source_id', 'action', 'actor_email']).execute()) as Run['rows'];
  const sourceOf = new Map((await store.db.selectFrom('activities').select(['id', 'source_id']).execute()).map((r) => [r.id, r.source_id]));
  const headers = await listAlerts(store.db, { limit: 10_000 });
  const alerts = (await getAlerts(store.db, headers.map((h) => h.id))).map((a) => ({
    policy: a.policyId,
    subject: a.subject.email ?? a.subject.key,
    evidence: a.activityIds.map((id) => sourceOf.get(id) ?? id).sort(),
    explanation: a.explanation,
  }));
  return { store, dir, sim, rows, alerts };
}

async function close(run: Run | undefined): Promise<void> {
  if (!run) return;
  await run.store.close();
  await run.sim.close();
  run.dir.cleanup();
}

describe('ServiceNow detection scenarios', () => {
  let attacked: Run | undefined;
  let benign: Run | undefined;

  beforeAll(async () => {
    attacked = await syncServiceNow(['security-admin-elevation']);
    benign = await syncServiceNow([]);
  }, 300_000);

  afterAll(async () => {
    await close(attacked);
    await close(benign);
  });

  it('security_admin granted to oneself, then used to turn MFA off: exactly the privilege-escalation and mfa-disabled alerts, with their evidence', () => {
    const fact = attacked?.sim.scenarios().find((f) => f.id === 'security-admin-elevation');
    expect(fact?.alerts).toHaveLength(2);
    const rows = attacked?.rows ?? [];
    // The grant and the property change were stored as the actions the policies read.
    expect(rows.filter((r) => fact?.eventIds.includes(r.source_id)).map((r) => [r.action, r.actor_email]).sort()).toEqual([
      ['admin.role_assigned', fact?.user],
      ['admin.setting_changed', fact?.user],
    ]);
    const got = (attacked?.alerts ?? []).map(({ policy, subject, evidence }) => ({ policy, subject, evidence })).sort((a, b) => a.policy.localeCompare(b.policy));
    const want = (fact?.alerts ?? []).map((a) => ({ policy: a.policy, subject: a.subject, evidence: [...a.eventIds].sort() })).sort((a, b) => a.policy.localeCompare(b.policy));
    expect(got).toEqual(want);
    expect(attacked?.alerts.find((a) => a.policy === 'detection.privilege-escalation')?.explanation).toContain('security_admin');
  });

  it('raises nothing over the benign history: typos, trips, phones, admins granting roles (catalog_admin included), MFA re-saved on, a lock-out and its undoing, the leaver deactivated', () => {
    const actions = new Set(benign?.rows.map((r) => r.action));
    for (const action of ['user.login', 'user.login_failed', 'admin.role_assigned', 'admin.setting_changed', 'user.locked_out', 'user.updated', 'user.suspended']) expect(actions, action).toContain(action);
    expect(benign?.alerts.map((a) => `${a.policy} ${a.subject}: ${a.explanation}`)).toEqual([]);
  });
});
