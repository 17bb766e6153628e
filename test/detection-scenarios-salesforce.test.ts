import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE, type Clock } from '../src/core/clock.js';
import salesforce from '../src/connectors/salesforce/index.js';
import type { RunningSalesforceSimulator } from '../src/connectors/salesforce/simulator/index.js';
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
  sim: RunningSalesforceSimulator;
  rows: { source_id: string; action: string; actor_email: string | null }[];
  alerts: { policyId: string; subject: string; explanation: string; sourceIds: string[] }[];
}

/** Syncs the Salesforce simulator (30 days) through the real sync path with every built-in policy on. */
async function syncSalesforce(scenarios: readonly string[]): Promise<Run> {
  const dir = tempDir('parapet-salesforce-');
  const store = await openStore({ dataDir: dir.path });
  const started = Date.now();
  const clock: Clock = { now: () => CONFORMANCE_NOW + MINUTE + (Date.now() - started) };
  const logger = pino({ level: 'silent' });
  const detection = await createDetectionEngine({ db: store.db, clock, logger });
  const sync = new SyncService({
    store, registry: registryOf([salesforce]), logger, clock, backfillDays: 30,
    onCommitted: async (instanceId, activities) => {
      await detection.processCommitted(instanceId, activities);
    },
  });
  const sim = (await salesforce.simulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, scenarios })) as RunningSalesforceSimulator;
  await createInstance(store.db, store.secrets, { name: 'salesforce', provider: 'salesforce', config: sim.config, now: clock.now() });
  const summary = await sync.syncInstance('salesforce');
  expect(summary.streams.filter((s) => !s.ok)).toEqual([]);
  const rows = (await store.db.selectFrom('activities').selectAll().execute()) as unknown as Run['rows'];
  const sourceOf = new Map((await store.db.selectFrom('activities').select(['id', 'source_id']).execute()).map((r) => [r.id, r.source_id]));
  const headers = await listAlerts(store.db, { limit: 10_000 });
  const alerts = (await getAlerts(store.db, headers.map((h) => h.id))).map((a) => ({
    policyId: a.policyId,
    subject: a.subject.email ?? a.subject.key,
    explanation: a.explanation,
    sourceIds: a.activityIds.map((id) => sourceOf.get(id) ?? id).sort(),
  }));
  return { store, dir, sim, rows, alerts };
}

async function close(run: Run | undefined): Promise<void> {
  if (!run) return;
  await run.store.close();
  await run.sim.close();
  run.dir.cleanup();
}

describe('Salesforce detection scenarios, synced through the real sync path', () => {
  let attacked: Run | undefined;
  let benign: Run | undefined;

  beforeAll(async () => {
    attacked = await syncSalesforce(['mass-report-export', 'connected-app-full-scope']);
    benign = await syncSalesforce([]);
  }, 600_000);

  afterAll(async () => {
    await close(attacked);
    await close(benign);
  });

  it('raises exactly the expected alerts: a mass report export and a connected app granted full + refresh_token', () => {
    const facts = attacked!.sim.scenarios();
    const exportFact = facts.find((f) => f.id === 'mass-report-export')!;
    const appFact = facts.find((f) => f.id === 'connected-app-full-scope')!;
    // Every exported report is stored, as a file download by the exporting user.
    const exports = attacked!.rows.filter((r) => exportFact.eventIds.includes(r.source_id));
    expect(exports).toHaveLength(exportFact.eventIds.length);
    expect(new Set(exports.map((r) => `${r.action} ${r.actor_email}`))).toEqual(new Set([`file.downloaded ${exportFact.user}`]));
    const got = attacked!.alerts.map((a) => ({ policy: a.policyId, subject: a.subject })).sort((a, b) => a.policy.localeCompare(b.policy));
    expect(got).toEqual([
      { policy: 'detection.mass-download', subject: exportFact.user },
      { policy: 'detection.oauth-high-privilege', subject: appFact.user },
    ]);
    const mass = attacked!.alerts.find((a) => a.policyId === 'detection.mass-download')!;
    // The evidence is the whole burst: every export of the evening, nothing of the user's ordinary days.
    expect(mass.sourceIds).toEqual([...exportFact.eventIds].sort());
    expect(mass.explanation).toContain('downloaded or synced');
    const oauth = attacked!.alerts.find((a) => a.policyId === 'detection.oauth-high-privilege')!;
    expect(oauth.sourceIds).toEqual(appFact.eventIds);
    expect(oauth.explanation).toContain('full, refresh_token');
  });

  it('raises nothing over the tempting benign history: travel, the VPN, typos, phones, weekly exports, routine admin work and an api + refresh_token app', () => {
    const actions = new Set(benign!.rows.map((r) => r.action));
    for (const action of ['user.login', 'user.login_failed', 'user.logout', 'file.downloaded', 'admin.role_assigned', 'user.suspended', 'oauth.consent_granted']) expect(actions, action).toContain(action);
    expect(benign!.alerts.map((a) => `${a.policyId} ${a.subject}: ${a.explanation}`)).toEqual([]);
  });
});
