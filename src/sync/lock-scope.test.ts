import pino from 'pino';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { createTestDatabase, describePostgres, POSTGRES } from '../../test/helpers/dialects.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { systemClock } from '../core/clock.js';
import { registry } from '../connectors/registry.js';
import type { RunningSimulator } from '../connectors/sdk/simulator/simulator.js';
import { inTransaction, openStore, type Store } from '../store/db.js';
import { connectionLock, IDENTITY_LOCK, withLockScope } from '../store/lock-scope.js';
import { listSourceIds } from '../store/repos/activities.js';
import { createInstance } from '../store/repos/connector-instances.js';
import { saveCheckpoint } from '../store/repos/stream-states.js';
import { SyncService } from './sync-service.js';

const silent = pino({ level: 'silent' });

/**
 * PostgreSQL's transaction locks (src/store/lock-scope.ts): a sync's page commits lock their connection (and
 * identities for account pages), not the whole database, so several workers' syncs commit side by side.
 */
describePostgres('narrowed transaction locks', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function setup(connections: number) {
    const dir = tempDir();
    const database = await createTestDatabase(POSTGRES);
    const store: Store = await openStore({ dataDir: dir.path, databaseUrl: database.databaseUrl });
    const connector = registry.get('zoom');
    if (!connector) throw new Error('zoom connector missing');
    const sim: RunningSimulator<unknown> = await connector.simulator.start({ seed: 3, frozenAt: Date.now(), pageSize: 40 });
    cleanups.push(async () => {
      await store.close();
      await sim.close();
      await database.drop();
      dir.cleanup();
    });
    const ids: string[] = [];
    // Every connection reads the same tenant: the same people, linked into the same identities.
    for (let i = 0; i < connections; i++) ids.push((await createInstance(store.db, store.secrets, { name: `zoom-${i}`, provider: 'zoom', config: sim.config, now: Date.now() })).id);
    const sync = new SyncService({ store, registry, logger: silent, clock: systemClock, backfillDays: 7 });
    return { store, sync, ids, truth: [...new Set(sim.truth().activityIds)].sort() };
  }

  /** Opens a transaction of `keys` that stays open until the returned release is called. */
  async function holdOpen(store: Store, keys: Parameters<typeof withLockScope>[0], instanceId: string) {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const begun = new Promise<void>((r) => (started = r));
    const done = withLockScope(keys, () =>
      inTransaction(store.db, 'holding', async (trx) => {
        await saveCheckpoint(trx, instanceId, 'activities', 'held', Date.now());
        started();
        await released;
      }),
    );
    await begun;
    return { release, done };
  }

  it('a connection\'s whole sync commits while another connection\'s page transaction (holding identities too) is open', async () => {
    const { store, sync, ids, truth } = await setup(2);
    const [a, b] = ids as [string, string];
    const held = await holdOpen(store, [connectionLock(a), IDENTITY_LOCK], a);
    try {
      // B's activity pages commit meanwhile (with one database-wide lock they would wait for A, and time out here).
      const summary = await Promise.race([
        sync.syncInstance(b, { kinds: ['incremental'] }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('B waited for A: page commits are not concurrent')), 20_000)),
      ]);
      expect(summary.ok).toBe(true);
      expect(await listSourceIds(store.db, b)).toEqual(truth);
      // A default (unscoped) transaction still waits for every scoped one: it takes the database-wide lock exclusively.
      let defaultDone = false;
      const unscoped = inTransaction(store.db, 'default', async (trx) => {
        await sql`select 1`.execute(trx);
      }).then(() => (defaultDone = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(defaultDone).toBe(false);
      held.release();
      await unscoped;
      expect(defaultDone).toBe(true);
    } finally {
      held.release();
      await held.done;
    }
  }, 60_000);

  it('another connection\'s account pages wait for a transaction holding identities; its group pages do not', async () => {
    const { store, sync, ids } = await setup(2);
    const [a, b] = ids as [string, string];
    const held = await holdOpen(store, [connectionLock(a), IDENTITY_LOCK], a);
    try {
      // Groups link no identities: they commit beside A.
      const groups = await Promise.race([
        sync.syncInstance(b, { kinds: ['snapshot'], streams: ['groups'] }),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('B\'s groups waited for A\'s identities')), 20_000)),
      ]);
      expect(groups.ok).toBe(true);
      // Accounts link people into identities, which A holds: they wait until A ends.
      let accountsDone = false;
      const accounts = sync.syncInstance(b, { kinds: ['snapshot'], streams: ['accounts'] }).then((summary) => ((accountsDone = true), summary));
      await new Promise((r) => setTimeout(r, 300));
      expect(accountsDone).toBe(false);
      held.release();
      expect((await accounts).ok).toBe(true);
    } finally {
      held.release();
      await held.done;
    }
  }, 60_000);

  it('a second transaction of the same connection waits for the first', async () => {
    const { store, ids } = await setup(1);
    const [a] = ids as [string];
    const held = await holdOpen(store, [connectionLock(a)], a);
    let secondDone = false;
    const second = withLockScope([connectionLock(a)], () => inTransaction(store.db, 'second', async (trx) => saveCheckpoint(trx, a, 'activities', 'second', Date.now()))).then(() => (secondDone = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(secondDone).toBe(false);
    held.release();
    await held.done;
    await second;
    expect(secondDone).toBe(true);
  }, 30_000);

  it('four syncs of connections to the same people (identity linking, inventory, activities) run at once without deadlock, each stored exactly once', async () => {
    const { store, sync, ids, truth } = await setup(4);
    const summaries = await Promise.all(ids.map((id) => sync.syncInstance(id)));
    expect(summaries.map((s) => s.ok)).toEqual([true, true, true, true]);
    for (const id of ids) expect(await listSourceIds(store.db, id)).toEqual(truth);
  }, 90_000);
});
