import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeDialects } from './dialects.js';
import { systemClock } from '../../src/core/clock.js';
import { connectors, registry } from '../../src/connectors/registry.js';
import { CONFORMANCE_NOW } from '../../src/connectors/sdk/conformance/read-activities.js';
import { secretValues } from '../../src/connectors/sdk/runtime.js';
import type { RunningSimulator } from '../../src/connectors/sdk/simulator/simulator.js';
import { openStore, type Store } from '../../src/store/db.js';
import { countActivities, listSourceIds } from '../../src/store/repos/activities.js';
import { createInstance, findInstance } from '../../src/store/repos/connector-instances.js';
import { getCheckpoint } from '../../src/store/repos/stream-states.js';
import { Scheduler } from '../../src/sync/scheduler.js';
import { SyncService } from '../../src/sync/sync-service.js';
import { openFullDiskStore } from './full-disk-store.js';
import { tempDir } from './temp-dir.js';

const silent = pino({ level: 'silent' });

/** How many test files the suite is split over (test/sync-failures-1..N.test.ts): on one vitest worker it was the longest file of npm test. */
export const SYNC_FAILURE_SHARDS = 2;

/** The sync-under-bad-conditions suite for the registered connectors of one shard (connector i runs in shard i % shards), on both databases. */
export function defineSyncFailures(shard: number, shards: number): void {
  for (const connector of connectors.filter((_, index) => index % shards === shard)) {
    describeDialects(`sync under bad conditions: ${connector.id}`, (dialect) => {
      let sim: RunningSimulator<unknown>;
      let truth: string[];
      beforeAll(async () => {
        sim = await connector.simulator.start({ seed: 11, frozenAt: CONFORMANCE_NOW, pageSize: 300 });
        truth = [...new Set(sim.truth().activityIds)].sort();
      });
      afterAll(async () => {
        await sim.close();
      });

      async function withStore(config: unknown, fn: (store: Store, sync: SyncService, instanceId: string) => Promise<void>) {
        const dir = tempDir();
        const database = await createTestDatabase(dialect);
        const store = await openStore({ dataDir: dir.path, databaseUrl: database.databaseUrl });
        try {
          const instance = await createInstance(store.db, store.secrets, { name: 'c', provider: connector.id, config, now: Date.now() });
          const sync = new SyncService({ store, registry, logger: silent, clock: systemClock, backfillDays: 7 });
          await fn(store, sync, instance.id);
        } finally {
          await store.close();
          dir.cleanup();
          await database.drop();
        }
      }

      it('wrong credentials: status error with a plain-words reason, no secret in it, nothing stored', async () => {
        await withStore(sim.badCredentialConfig, async (store, sync, id) => {
          const summary = await sync.syncInstance('c');
          expect(summary.ok).toBe(false);
          const instance = await findInstance(store.db, id);
          expect(instance.status).toBe('error');
          expect(instance.statusReason?.length ?? 0).toBeGreaterThan(30);
          for (const secret of secretValues(connector, sim.badCredentialConfig)) expect(instance.statusReason).not.toContain(secret);
          expect(await countActivities(store.db, id)).toBe(0);
        });
      });

      it('pages that stay malformed: the sync fails clearly, keeps its checkpoint, and the next sync completes exactly', async () => {
        await withStore(sim.config, async (store, sync, id) => {
          sim.faults.clear();
          // Every API answer arrives truncated, however often it is retried.
          sim.faults.add({ kind: 'truncated-json', every: 1 });
          const failed = await sync.syncInstance('c', { kinds: ['incremental'] });
          sim.faults.clear();
          expect(sim.faults.injected['truncated-json']).toBeGreaterThan(0);
          expect(failed.ok).toBe(false);
          expect((await findInstance(store.db, id)).statusReason).toMatch(/malformed/);
          const stream = failed.streams[0]?.stream ?? 'activities';
          // Not one page could be read: nothing stored, no checkpoint invented.
          expect(await countActivities(store.db, id)).toBe(0);
          expect(await getCheckpoint(store.db, id, stream)).toBeNull();
          const recovered = await sync.syncInstance('c');
          expect(recovered.ok).toBe(true);
          expect(await listSourceIds(store.db, id)).toEqual(truth);
          // Malformed again after a complete sync: the checkpoint it had is kept as it was, and nothing is lost.
          const checkpoint = await getCheckpoint(store.db, id, stream);
          expect(checkpoint).not.toBeNull();
          // A stream that reads up to the second before "now" (Slack) has nothing to ask for within the same second.
          await new Promise((resolve) => setTimeout(resolve, 1100));
          sim.faults.add({ kind: 'truncated-json', every: 1 });
          const failedAgain = await sync.syncInstance('c', { kinds: ['incremental'] });
          sim.faults.clear();
          expect(failedAgain.ok).toBe(false);
          expect(await getCheckpoint(store.db, id, stream)).toBe(checkpoint);
          expect(await listSourceIds(store.db, id)).toEqual(truth);
        });
        // Every request of three syncs retried to the end, at Microsoft 365's sign-in pace: over a minute here.
      }, 240_000);

      // SQLite's own disk: PRAGMA max_page_count, and the WAL file's commit.
      it.skipIf(dialect.name === 'postgres')('a full disk: the page is not half-written, the message says what to do, and the sync resumes after space is freed', async () => {
        await withStore(sim.config, async (store, sync, id) => {
          await sync.syncInstance('c', { kinds: ['snapshot'] });
          const pages = await sql<{ page_count: number }>`PRAGMA page_count`.execute(store.db);
          const current = Number(pages.rows[0]?.page_count ?? 0);
          await sql.raw(`PRAGMA max_page_count = ${current + 8}`).execute(store.db);
          const full = await sync.syncInstance('c', { kinds: ['incremental'] });
          expect(full.ok).toBe(false);
          expect((await findInstance(store.db, id)).statusReason).toMatch(/disk is full/);
          const partial = await countActivities(store.db, id);
          // The disk filled before the end, and what was committed is consistent: a checkpoint exists if and
          // only if a page (and so some activity) was stored. A connector with several activity streams may
          // fill the disk in one and still store a small page of another: any of their checkpoints counts.
          expect(partial).toBeLessThan(truth.length);
          const checkpoints = await Promise.all(full.streams.map((s) => getCheckpoint(store.db, id, s.stream)));
          expect(checkpoints.every((c) => c === null)).toBe(partial === 0);
          await sql.raw('PRAGMA max_page_count = 1073741823').execute(store.db);
          const resumed = await sync.syncInstance('c');
          expect(resumed.ok).toBe(true);
          expect(await listSourceIds(store.db, id)).toEqual(truth);
        });
      });

      it.skipIf(dialect.name === 'postgres')('a disk that fills at COMMIT (WAL mode): "disk is full", not "cannot rollback"; the status update does not throw; the next sync resumes exactly', async () => {
        const dir = tempDir();
        const { store, setFull, failures } = await openFullDiskStore(dir.path);
        try {
          const instance = await createInstance(store.db, store.secrets, { name: 'c', provider: connector.id, config: sim.config, now: Date.now() });
          const sync = new SyncService({ store, registry, logger: silent, clock: systemClock, backfillDays: 7 });
          expect((await sync.syncInstance('c', { kinds: ['snapshot'] })).ok).toBe(true);
          setFull(true);
          const full = await sync.syncInstance('c', { kinds: ['incremental'] });
          setFull(false);
          expect(failures()).toBeGreaterThan(0);
          expect(full.ok).toBe(false);
          const reasons = full.streams.map((s) => s.error ?? '').join(' ');
          expect(reasons).toMatch(/disk is full/);
          expect(reasons).not.toMatch(/cannot rollback/);
          // Every commit failed: nothing of any page, and no checkpoint.
          expect(await countActivities(store.db, instance.id)).toBe(0);
          for (const s of full.streams) expect(await getCheckpoint(store.db, instance.id, s.stream)).toBeNull();
          const resumed = await sync.syncInstance('c');
          expect(resumed.ok).toBe(true);
          expect((await findInstance(store.db, instance.id)).status).toBe('connected');
          expect(await listSourceIds(store.db, instance.id)).toEqual(truth);
        } finally {
          await store.close();
          dir.cleanup();
        }
      });

      it('the scheduler backfills a new connection (inventory first, then activities) and marks it connected', async () => {
        await withStore(sim.config, async (store, sync, id) => {
          const scheduler = new Scheduler({ db: store.db, sync, clock: systemClock, logger: silent, pollMs: 60_000, snapshotMs: 3_600_000, tickMs: 20 });
          await scheduler.tick();
          await scheduler.idle();
          const instance = await findInstance(store.db, id);
          expect(instance.status).toBe('connected');
          expect(await listSourceIds(store.db, id)).toEqual(truth);
          const runs = await store.db.selectFrom('sync_runs').select(['stream', 'status']).orderBy('started_at').execute();
          const kinds = runs.map((r) => connector.streams[r.stream]?.kind);
          expect(kinds.indexOf('incremental')).toBeGreaterThan(kinds.lastIndexOf('snapshot'));
          // Nothing is due again within the poll interval.
          await scheduler.tick();
          await scheduler.idle();
          expect(await store.db.selectFrom('sync_runs').select('id').execute()).toHaveLength(runs.length);
          await scheduler.stop();
        });
      });
    });
  }
}
