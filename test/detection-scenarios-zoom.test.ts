import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import zoom from '../src/connectors/zoom/index.js';
import type { RunningZoomSimulator } from '../src/connectors/zoom/simulator/index.js';
import { CONFORMANCE_NOW } from '../src/connectors/sdk/conformance/conformance.js';
import { registryOf } from '../src/connectors/sdk/registry-of.js';
import { MINUTE, type Clock } from '../src/core/clock.js';
import { createDetectionEngine } from '../src/detection/create-engine.js';
import { openStore, type Store } from '../src/store/db.js';
import { getAlerts, listAlerts } from '../src/store/repos/alerts.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import { SyncService } from '../src/sync/sync-service.js';
import { tempDir } from './helpers/temp-dir.js';

interface Run {
  store: Store;
  dir: ReturnType<typeof tempDir>;
  sim: RunningZoomSimulator;
  rows: { source_id: string; action: string; actor_email: string | null }[];
  alerts: { policy: string; subject: string; evidence: string[]; explanation: string }[];
}

/** Zoom alone, synced through the real sync path (30 days back) with detection on every committed page. */
async function syncZoom(scenarios: readonly string[]): Promise<Run> {
  const dir = tempDir('parapet-zoom-detect-');
  const store = await openStore({ dataDir: dir.path });
  const started = Date.now();
  const clock: Clock = { now: () => CONFORMANCE_NOW + MINUTE + (Date.now() - started) };
  const logger = pino({ level: 'silent' });
  const detection = await createDetectionEngine({ db: store.db, clock, logger });
  const sync = new SyncService({ store, registry: registryOf([zoom]), logger, clock, backfillDays: 30, onCommitted: async (id, activities) => {
    await detection.processCommitted(id, activities);
  } });
  const sim = (await zoom.simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, scenarios })) as RunningZoomSimulator;
  await createInstance(store.db, store.secrets, { name: 'zoom', provider: 'zoom', config: sim.config, now: clock.now() });
  const summary = await sync.syncInstance('zoom');
  expect(summary.streams.filter((s) => !s.ok)).toEqual([]);
  const rows = (await store.db.selectFrom('activities').select(['source_id', 'action', 'actor_email']).execute()) as Run['rows'];
  const sourceOf = new Map((await store.db.selectFrom('activities').select(['id', 'source_id']).execute()).map((r) => [r.id, r.source_id]));
  const full = await getAlerts(store.db, (await listAlerts(store.db, { limit: 10_000 })).map((h) => h.id));
  const alerts = full
    .map((a) => ({ policy: a.policyId, subject: a.subject.email ?? a.subject.key, evidence: a.activityIds.map((id) => sourceOf.get(id) ?? id).sort(), explanation: a.explanation }))
    .sort((a, b) => (a.policy < b.policy ? -1 : a.policy > b.policy ? 1 : 0));
  return { store, dir, sim, rows, alerts };
}

async function close(run: Run | undefined): Promise<void> {
  if (!run) return;
  await run.store.close();
  await run.sim.close();
  run.dir.cleanup();
}

describe('Zoom detection scenarios, through the real sync path', () => {
  let attacked: Run | undefined;
  let benign: Run | undefined;

  beforeAll(async () => {
    attacked = await syncZoom(['admin-role-then-settings-weakened']);
    benign = await syncZoom([]);
  }, 300_000);

  afterAll(async () => {
    await close(attacked);
    await close(benign);
  });

  it('admin role granted then recording and security settings weakened: exactly the privilege escalation and the MFA switch-off', () => {
    const fact = attacked?.sim.scenarios().find((f) => f.id === 'admin-role-then-settings-weakened');
    expect(fact?.alerts).toBeDefined();
    const expected = (fact?.alerts ?? []).map((a) => ({ policy: a.policy, subject: a.subject, evidence: [...a.eventIds].sort() })).sort((a, b) => (a.policy < b.policy ? -1 : 1));
    expect(attacked?.alerts.map(({ policy, subject, evidence }) => ({ policy, subject, evidence }))).toEqual(expected);
    // Every step of the attack was stored, as the actions the policies read.
    const stored = new Map((attacked?.rows ?? []).map((r) => [r.source_id, r.action]));
    expect(fact?.eventIds.map((id) => stored.get(id))).toEqual(['admin.role_assigned', 'security.policy_changed', 'security.policy_changed', 'security.policy_changed', 'security.policy_changed', 'security.mfa_requirement_disabled']);
    expect(attacked?.alerts.find((a) => a.policy === 'detection.privilege-escalation')?.explanation).toContain('granted it to themselves');
  });

  it('raises nothing over the 30-day benign history: travel, phones, the corporate VPN, a leaver, routine role grants and settings changes', () => {
    const rows = benign?.rows ?? [];
    // The history is tempting: it holds the routine admin work the attack resembles.
    expect(rows.filter((r) => r.action === 'admin.role_assigned')).toHaveLength(1);
    expect(rows.filter((r) => r.action === 'security.policy_changed').length).toBeGreaterThanOrEqual(3);
    expect(rows.filter((r) => r.action === 'user.suspended')).toHaveLength(1);
    expect(rows.filter((r) => r.action === 'user.login').length).toBeGreaterThan(300);
    expect(benign?.alerts.map((a) => `${a.policy} ${a.subject}: ${a.explanation}`)).toEqual([]);
  });
});
