import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, MINUTE, type Clock } from '../src/core/clock.js';
import box from '../src/connectors/box/index.js';
import { boxSimulator, type RunningBoxSimulator } from '../src/connectors/box/simulator/index.js';
import { CONFORMANCE_NOW } from '../src/connectors/sdk/conformance/conformance.js';
import { registryOf } from '../src/connectors/sdk/registry-of.js';
import { createDetectionEngine } from '../src/detection/create-engine.js';
import { openStore, type Store } from '../src/store/db.js';
import { getAlerts, listAlerts } from '../src/store/repos/alerts.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import { SyncService } from '../src/sync/sync-service.js';
import { tempDir } from './helpers/temp-dir.js';

interface Run {
  /** Where the 30-day backfill started (the sync's clock starts a minute after the tenant's "now"). */
  from: number;
  store: Store;
  dir: ReturnType<typeof tempDir>;
  sim: RunningBoxSimulator;
  sourceIds: string[];
  alerts: { policy: string; subject: string; evidence: string[] }[];
}

/**
 * The Box tenant synced through the real sync path with detection after each committed page, with many
 * re-deliveries in its event stream and small pages, so duplicates straddle page and sync boundaries.
 */
async function syncBox(scenarios: readonly string[]): Promise<Run> {
  const dir = tempDir('parapet-box-');
  const store = await openStore({ dataDir: dir.path });
  const started = Date.now();
  const clock: Clock = { now: () => CONFORMANCE_NOW + MINUTE + (Date.now() - started) };
  const logger = pino({ level: 'silent' });
  const detection = await createDetectionEngine({ db: store.db, clock, logger });
  const sync = new SyncService({ store, registry: registryOf([box]), logger, clock, backfillDays: 30, onCommitted: async (id, activities) => void (await detection.processCommitted(id, activities)) });
  const sim = await boxSimulator.start({ seed: 7, frozenAt: CONFORMANCE_NOW, scenarios, pageSize: 100, redeliveryRate: 0.15 });
  await createInstance(store.db, store.secrets, { name: 'box', provider: 'box', config: sim.config, now: clock.now() });
  const summary = await sync.syncInstance('box');
  const from = clock.now() - 30 * DAY;
  expect(summary.streams.filter((s) => !s.ok)).toEqual([]);
  // A second sync resumes at the stored position: nothing new, nothing twice.
  await sync.syncInstance('box');
  const rows = await store.db.selectFrom('activities').select(['id', 'source_id']).execute();
  const sourceOf = new Map(rows.map((r) => [r.id, r.source_id]));
  const headers = await listAlerts(store.db, { limit: 10_000 });
  const alerts = (await getAlerts(store.db, headers.map((h) => h.id)))
    .map((a) => ({ policy: a.policyId, subject: a.subject.email ?? a.subject.key, evidence: a.activityIds.map((id) => sourceOf.get(id) ?? id).sort() }))
    .sort((a, b) => a.policy.localeCompare(b.policy));
  return { from, store, dir, sim, sourceIds: rows.map((r) => r.source_id), alerts };
}

async function close(run: Run | undefined): Promise<void> {
  if (!run) return;
  await run.store.close();
  await run.sim.close();
  run.dir.cleanup();
}

describe('Box: mass download and a burst of external shares, through a stream that re-delivers and records late', () => {
  let attacked: Run | undefined;
  let benign: Run | undefined;
  beforeAll(async () => {
    attacked = await syncBox(['mass-download', 'external-share-burst']);
    benign = await syncBox([]);
  }, 300_000);
  afterAll(async () => {
    await close(attacked);
    await close(benign);
  });

  it('stores every event of the 30 days once although Box served a sixth of them twice', () => {
    const served = attacked?.sim.servedEventIds() ?? [];
    expect(served.length - new Set(served).size).toBeGreaterThan(200);
    const stored = attacked?.sourceIds ?? [];
    expect(stored.length).toBe(new Set(stored).size);
    const known = new Set(served);
    expect(stored.filter((id) => !known.has(id))).toEqual([]);
    // Everything after the backfill's first minutes (the sync's clock runs a little after the tenant's "now").
    const have = new Set(stored);
    expect((attacked?.sim.servedEventIds((attacked?.from ?? 0) + 5 * MINUTE) ?? []).filter((id) => !have.has(id))).toEqual([]);
  });

  it('raises exactly the two alerts, each with its whole burst (late-recorded downloads included) as evidence', () => {
    const facts = attacked?.sim.scenarios() ?? [];
    const download = facts.find((f) => f.id === 'mass-download');
    const shares = facts.find((f) => f.id === 'external-share-burst');
    expect(download?.eventIds).toHaveLength(120);
    expect(shares?.eventIds).toHaveLength(24);
    expect(attacked?.alerts).toEqual([
      { policy: 'detection.mass-download', subject: download?.user, evidence: [...(download?.eventIds ?? [])].sort() },
      { policy: 'detection.mass-external-sharing', subject: shares?.user, evidence: [...(shares?.eventIds ?? [])].sort() },
    ]);
  });

  it('raises nothing over the benign month: a weekly bulk download, outside counsel invited, company links, a colleague in London, typos', () => {
    expect(benign?.alerts).toEqual([]);
  });
});
