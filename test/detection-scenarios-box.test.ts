import { afterAll, beforeAll, expect, it } from 'vitest';
import { MINUTE } from '../src/core/clock.js';
import box from '../src/connectors/box/index.js';
import type { RunningBoxSimulator } from '../src/connectors/box/simulator/index.js';
import { describeDialects, type TestDialect } from './helpers/dialects.js';
import { syncWithDetection, type DetectionRun } from './helpers/sync-with-detection.js';

type Run = DetectionRun<RunningBoxSimulator>;

/**
 * The Box tenant synced through the real sync path with detection after each committed page, with many
 * re-deliveries in its event stream and small pages, so duplicates straddle page and sync boundaries; then
 * synced again (it resumes at the stored position: nothing new, nothing twice).
 */
const syncBox = (dialect: TestDialect, scenarios: readonly string[]): Promise<Run> =>
  syncWithDetection<RunningBoxSimulator>(box, scenarios, { dialect, simulator: { pageSize: 100, redeliveryRate: 0.15 }, syncs: 2 });

/** The alerts as policy, subject and evidence, sorted by policy. */
const alertsOf = (run: Run | undefined): { policy: string; subject: string; evidence: string[] }[] | undefined =>
  run?.alerts.map((a) => ({ policy: a.policyId, subject: a.subject, evidence: a.sourceIds })).sort((a, b) => a.policy.localeCompare(b.policy));

describeDialects('Box: mass download and a burst of external shares, through a stream that re-delivers and records late', (dialect) => {
  let attacked: Run | undefined;
  let benign: Run | undefined;
  beforeAll(async () => {
    attacked = await syncBox(dialect, ['mass-download', 'external-share-burst']);
    benign = await syncBox(dialect, []);
  }, 300_000);
  afterAll(async () => {
    await attacked?.close();
    await benign?.close();
  });

  it('stores every event of the 30 days once although Box served a sixth of them twice', () => {
    const served = attacked?.sim.servedEventIds() ?? [];
    expect(served.length - new Set(served).size).toBeGreaterThan(200);
    const stored = attacked?.rows.map((r) => r.source_id) ?? [];
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
    expect(alertsOf(attacked)).toEqual([
      { policy: 'detection.mass-download', subject: download?.user, evidence: [...(download?.eventIds ?? [])].sort() },
      { policy: 'detection.mass-external-sharing', subject: shares?.user, evidence: [...(shares?.eventIds ?? [])].sort() },
    ]);
  });

  it('raises nothing over the benign month: a weekly bulk download, outside counsel invited, company links, a colleague in London, typos', () => {
    expect(alertsOf(benign)).toEqual([]);
  });
});
