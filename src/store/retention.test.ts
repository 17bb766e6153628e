import { beforeEach, expect, it } from 'vitest';
import { describeDialects } from '../../test/helpers/dialects.js';
import { useTempStore } from '../../test/helpers/temp-store.js';
import type { Activity } from '../core/activity.js';
import { storedLogin } from '../../test/helpers/stored-login.js';
import type { Store } from './db.js';
import { dialectOf } from './dialect.js';
import { insertActivities, lastIngestSeq, queryActivities } from './repos/activities.js';
import { listActivityPartitions } from './repos/activity-partitions.js';
import { MIN_RETENTION_DAYS, purgeActivities, retentionCutoff } from './repos/activity-retention.js';
import { insertAlert } from './repos/alerts.js';
import { createInstance } from './repos/connector-instances.js';
import { advanceCursor } from './repos/detection-cursor.js';
import type { Alert } from '../core/alert.js';


const at = (iso: string) => Date.parse(iso);

const activity = (instanceId: string, sourceId: string, time: number): Activity => storedLogin(instanceId, sourceId, time, { actor: { email: 'a@x.test' } });

function alertCiting(activityIds: string[], time: number): Alert {
  return {
    id: 'alert-1', fingerprint: 'p|v|a@x.test|1', policyId: 'p', policyName: 'P', variant: 'v', severity: 'high', status: 'open', resolution: null, resolutionNote: null,
    subject: { type: 'user', key: 'a@x.test', email: 'a@x.test', userId: null, identityId: null }, connectorInstanceId: null, provider: 'docusign', app: 'eSignature',
    explanation: 'test', baseline: null, details: {}, requestedActions: [], activityIds, firstActivityAt: time, lastActivityAt: time, createdAt: time, updatedAt: time, previousAlertId: null,
  } as unknown as Alert;
}

describeDialects('activity retention', (dialect) => {
  const temp = useTempStore(dialect);
  let store: Store;
  let instance: string;
  beforeEach(async () => {
    store = temp.store;
    instance = (await createInstance(store.db, store.secrets, { name: 'ds', provider: 'docusign', config: {}, now: 1 })).id;
  });

  /** November and December 2025 (old), one January 2026 event (old, the month straddles the cutoff) and February 2026 (kept). */
  async function seed(): Promise<void> {
    const rows = [
      ...Array.from({ length: 7 }, (_, i) => activity(instance, `nov-${i}`, at('2025-11-10T00:00:00Z') + i * 3_600_000)),
      ...Array.from({ length: 5 }, (_, i) => activity(instance, `dec-${i}`, at('2025-12-10T00:00:00Z') + i * 3_600_000)),
      activity(instance, 'jan-old', at('2026-01-05T00:00:00Z')),
      activity(instance, 'jan-new', at('2026-01-25T00:00:00Z')),
      activity(instance, 'feb', at('2026-02-10T00:00:00Z')),
    ];
    expect(await insertActivities(store.db, rows)).toBe(rows.length);
  }

  const remaining = async () => (await queryActivities(store.db, { ascending: true })).map((a) => a.sourceId);
  const cutoff = at('2026-01-10T00:00:00Z');

  it('deletes what is older than the cutoff, keeping alert evidence, and a dry run only counts', async () => {
    await seed();
    await advanceCursor(store.db, 'detection', await lastIngestSeq(store.db), 1);
    await insertAlert(store.db, alertCiting(['id-dec-2'], at('2025-12-10T02:00:00Z')));

    const dry = await purgeActivities(store.db, { cutoff, dryRun: true });
    expect(dry).toMatchObject({ deleted: 12, keptAsEvidence: 1, keptUnevaluated: 0, droppedPartitions: [] });
    expect(await remaining()).toHaveLength(15);

    const progress: number[] = [];
    const done = await purgeActivities(store.db, { cutoff, batchSize: 4, onProgress: (n) => progress.push(n) });
    expect(done.deleted).toBe(12);
    expect(done.keptAsEvidence).toBe(1);
    expect(await remaining()).toEqual(['dec-2', 'jan-new', 'feb']);
    expect(progress.at(-1)).toBe(12);
    if (dialectOf(store.db) === 'postgres') {
      // November had nothing to keep and went whole; December keeps the evidence row.
      expect(done.droppedPartitions).toEqual(['activities_p202511']);
      const left = (await listActivityPartitions(store.db)).map((p) => p.name);
      expect(left).not.toContain('activities_p202511');
      expect(left).toEqual(expect.arrayContaining(['activities_p202512', 'activities_p202601', 'activities_p202602']));
    } else {
      expect(done.droppedPartitions).toEqual([]);
    }
    // A second run has nothing left to do.
    expect(await purgeActivities(store.db, { cutoff })).toMatchObject({ deleted: 0, keptAsEvidence: 1 });
  });

  it('never deletes what detection has not evaluated yet', async () => {
    await seed();
    // Detection has read the first five rows only (ingest order = insertion order here).
    await advanceCursor(store.db, 'detection', 5, 1);
    const done = await purgeActivities(store.db, { cutoff });
    expect(done).toMatchObject({ deleted: 5, keptUnevaluated: 8 });
    expect(await remaining()).toEqual(['dec-0', 'dec-1', 'dec-2', 'dec-3', 'dec-4', 'jan-old', 'jan-new', 'feb', 'nov-5', 'nov-6'].sort((a, b) => order(a) - order(b)));
  });

  it('with no detection position recorded, deletes nothing', async () => {
    await seed();
    await store.db.deleteFrom('detection_cursor').execute();
    expect(await purgeActivities(store.db, { cutoff })).toMatchObject({ deleted: 0, keptUnevaluated: 13 });
    expect(await remaining()).toHaveLength(15);
  });

  it('deletes the row with the newest ingest number too, and never hands that number out again', async () => {
    // A late event: old by time, but the last one stored.
    await seed();
    expect(await insertActivities(store.db, [activity(instance, 'late', at('2025-11-20T00:00:00Z'))])).toBe(1);
    const newest = await lastIngestSeq(store.db);
    await advanceCursor(store.db, 'detection', newest, 1);
    const done = await purgeActivities(store.db, { cutoff });
    expect(done).toMatchObject({ deleted: 14, keptUnevaluated: 0 });
    expect(await remaining()).not.toContain('late');
    expect(await insertActivities(store.db, [activity(instance, 'next', at('2026-02-11T00:00:00Z'))])).toBe(1);
    expect(await lastIngestSeq(store.db)).toBe(newest + 1);
  });

  it(`refuses a retention shorter than ${MIN_RETENTION_DAYS} days, saying why`, () => {
    expect(() => retentionCutoff(7, Date.now())).toThrow(/at least 31 .*backfill/);
    expect(() => retentionCutoff(45.5, Date.now())).toThrow(/whole number of days/);
    expect(retentionCutoff(90, at('2026-04-01T00:00:00Z'))).toBe(at('2026-04-01T00:00:00Z') - 90 * 86_400_000);
  });
});

/** queryActivities ascending sorts by time: the expected order of the seed's ids. */
function order(sourceId: string): number {
  const times: Record<string, number> = { 'jan-old': at('2026-01-05T00:00:00Z'), 'jan-new': at('2026-01-25T00:00:00Z'), feb: at('2026-02-10T00:00:00Z') };
  const m = /^(nov|dec)-(\d)$/.exec(sourceId);
  if (m) return at(m[1] === 'nov' ? '2025-11-10T00:00:00Z' : '2025-12-10T00:00:00Z') + Number(m[2]) * 3_600_000;
  return times[sourceId] ?? 0;
}
