import { expect } from 'vitest';
import { DAY, MINUTE, type Clock } from '../../src/core/clock.js';
import { CONFORMANCE_NOW } from '../../src/connectors/sdk/conformance/conformance.js';
import type { AnyConnector } from '../../src/connectors/sdk/define-connector.js';
import type { RunningSimulator } from '../../src/connectors/sdk/simulator/simulator.js';
import { productionServices } from './production-services.js';
import type { Store } from '../../src/store/db.js';
import type { ActivitiesTable } from '../../src/store/schema.js';
import { getAlerts, listAlerts } from '../../src/store/repos/alerts.js';
import { createInstance } from '../../src/store/repos/connector-instances.js';
import { createTestDatabase, SQLITE, type TestDialect } from './dialects.js';
import { tempDir } from './temp-dir.js';

export interface DetectionRun<S extends RunningSimulator<unknown>> {
  /** Where the 30-day backfill started (the sync's clock starts a minute after the tenant's "now"). */
  from: number;
  store: Store;
  dir: ReturnType<typeof tempDir>;
  sim: S;
  /** Every stored activity row, all columns. */
  rows: ActivitiesTable[];
  alerts: { policyId: string; subject: string; explanation: string; sourceIds: string[] }[];
  close(): Promise<void>;
}

export interface SyncWithDetectionOptions {
  /** Extra options for the simulator's `start` (e.g. a small page size, re-deliveries); seed, frozenAt and scenarios are set here. */
  simulator?: Record<string, unknown>;
  /** Changes to the connection's configuration the simulator gives (e.g. fewer Google Reports applications). */
  config?: Record<string, unknown>;
  /** Runs on the fresh store before detection starts, e.g. to load IP ranges the policies read. */
  prepare?: (store: Store, now: number) => Promise<void>;
  /** How many times to sync the instance (a later sync resumes at the stored position). @default 1 */
  syncs?: number;
  /** The store's database (the test matrix, test/helpers/dialects.ts). @default SQLite */
  dialect?: TestDialect;
}

/**
 * Starts one connector's simulator (frozen at the conformance "now", the given scenarios), syncs 30 days
 * of it through the real sync path with every built-in policy on, and returns what was stored and raised:
 * alerts with their evidence as provider event ids.
 */
export async function syncWithDetection<S extends RunningSimulator<unknown>>(connector: AnyConnector, scenarios: readonly string[], options: SyncWithDetectionOptions = {}): Promise<DetectionRun<S>> {
  const dir = tempDir(`parapet-${connector.id}-`);
  const database = await createTestDatabase(options.dialect ?? SQLITE);
  const started = Date.now();
  const clock: Clock = { now: () => CONFORMANCE_NOW + MINUTE + (Date.now() - started) };
  const services = productionServices({ dataDir: dir.path, databaseUrl: database.databaseUrl, clock });
  const store = await services.store();
  await options.prepare?.(store, clock.now());
  const sim = (await connector.simulator.start({ ...options.simulator, seed: 7, frozenAt: CONFORMANCE_NOW, scenarios })) as S;
  await createInstance(store.db, store.secrets, { name: connector.id, provider: connector.id, config: { ...(sim.config as object), ...options.config }, now: clock.now() });
  const sync = await services.sync();
  const summary = await sync.syncInstance(connector.id);
  const from = clock.now() - 30 * DAY;
  expect(summary.streams.filter((s) => !s.ok)).toEqual([]);
  for (let i = 1; i < (options.syncs ?? 1); i += 1) await sync.syncInstance(connector.id);
  const rows = (await store.db.selectFrom('activities').selectAll().execute()) as unknown as DetectionRun<S>['rows'];
  const sourceOf = new Map(rows.map((r) => [r.id, r.source_id]));
  const headers = await listAlerts(store.db, { limit: 10_000 });
  const alerts = (await getAlerts(store.db, headers.map((h) => h.id))).map((a) => ({
    policyId: a.policyId,
    subject: a.subject.email ?? a.subject.key,
    explanation: a.explanation,
    sourceIds: a.activityIds.map((id) => sourceOf.get(id) ?? id).sort(),
  }));
  return {
    from, store, dir, sim, rows, alerts,
    async close() {
      await services.close();
      await sim.close();
      await database.drop();
      dir.cleanup();
    },
  };
}
