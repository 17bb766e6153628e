import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../../core/clock.js';
import { openStore } from '../../../store/db.js';
import { listAccounts } from '../../../store/repos/accounts.js';
import { createInstance } from '../../../store/repos/connector-instances.js';
import { runSnapshotStream } from '../../../sync/stream-runner.js';
import { describeDialects, useTestDatabase } from '../../../../test/helpers/dialects.js';
import { tempDir } from '../../../../test/helpers/temp-dir.js';
import type { AnyConnector, SnapshotStream } from '../../sdk/define-connector.js';
import microsoft365 from '../index.js';
import { microsoft365Simulator, type M365SimulatorOptions } from '../simulator/index.js';
import { readActivities, readSnapshot, sessionFor, store, testRuntime } from '../test-support.js';

const FROZEN = Date.parse('2025-03-14T12:00:00Z');
const start = (options: M365SimulatorOptions = {}) => microsoft365Simulator.start({ frozenAt: FROZEN, auditLogsRequestsPer10Seconds: 10_000, ...options });

describe('Microsoft 365 as hard as the real services', () => {
  it('reads everything through gateway 503/504 HTML pages with hour-long Retry-After, gzip bodies, short and empty pages, throttled directory reads and strict OData', async () => {
    const sim = await start({ gatewayErrorEvery: 25, gatewayRetryAfterSeconds: 3600, gzip: true, shortPages: true, directoryThrottleEvery: 3, strictOData: true });
    try {
      const runtime = testRuntime(sim.config, sim.now());
      const session = sessionFor(sim.config, runtime);
      const accounts = await readSnapshot<'accounts'>('accounts', session, runtime);
      const groups = await readSnapshot<'groups'>('groups', session, runtime);
      const settings = await readSnapshot<'settings'>('settings', session, runtime);
      const pages = await readActivities(session, runtime, null, sim.now() - 7 * DAY);
      expect(accounts.map((a) => a.providerId).sort()).toEqual([...sim.truth().accountIds].sort());
      expect(groups.map((g) => g.providerId).sort()).toEqual([...sim.tenant().groupIds].sort());
      expect(settings.find((s) => s.key === 'conditionalAccessPolicies')?.value).toMatchObject({ available: true });
      const stored = store(pages);
      expect(sim.truth().activityIds.filter((id) => !stored.has(id))).toEqual([]);
      // Every hardship was really met...
      const met = sim.hardships();
      expect(met.gatewayErrors).toBeGreaterThan(5);
      expect(met.gzipped).toBeGreaterThan(100);
      expect(met.emptyPages).toBeGreaterThan(0);
      expect(met.shortPages).toBeGreaterThan(0);
      expect(met.directoryThrottled).toBeGreaterThan(2);
      expect(met.directoryThrottledWithoutRetryAfter).toBeGreaterThan(0);
      // ...and no selected property or query was one strict OData refuses.
      expect(met.strictRefusals).toBe(0);
      // No wait came near the gateways' hour: every wait is capped.
      expect(runtime.waited()).toBeLessThan(met.gatewayErrors * 60_000);
    } finally {
      await sim.close();
    }
  });

  it('strict OData refuses an unknown $select property and an advanced query without ConsistencyLevel', async () => {
    const sim = await start({ strictOData: true });
    try {
      const runtime = testRuntime(sim.config, sim.now());
      const { client } = sessionFor(sim.config, runtime);
      const read = async (query: Record<string, string>) => {
        for await (const page of client.graphPages('test.users', client.graphUrl('/users'), query)) void page;
      };
      await expect(read({ $select: 'id,favouriteColour' })).rejects.toThrow(/Could not find a property named 'favouriteColour'/);
      await expect(read({ $count: 'true' })).rejects.toThrow(/ConsistencyLevel/);
      expect(sim.hardships().strictRefusals).toBe(2);
    } finally {
      await sim.close();
    }
  });

  // The store's part (the inventory a failed snapshot leaves) runs on both databases of the matrix.
  describeDialects('inventory', (dialect) => {
    const database = useTestDatabase(dialect);
    it('a throttled directory snapshot fails naming the call and leaves the inventory as it was: nobody looks deleted', async () => {
      const sim = await start();
      const dir = tempDir('parapet-m365-throttle-');
      const db = await openStore({ dataDir: dir.path, databaseUrl: database.databaseUrl });
      try {
        const connector = microsoft365 as AnyConnector;
        const instance = await createInstance(db.db, db.secrets, { name: 'm365', provider: 'microsoft365', config: sim.config, now: sim.now() });
        const runtime = testRuntime(sim.config, sim.now());
        const ctx = { db: db.db, connector, instanceId: instance.id, session: sessionFor(sim.config, runtime), runtime, clock: runtime.clock, logger: pino({ level: 'silent' }), backfillDays: 7 };
        const stream = microsoft365.streams.accounts;
        if (stream?.kind !== 'snapshot') throw new Error('no accounts stream');
        await runSnapshotStream(ctx, 'accounts', stream as SnapshotStream<unknown>);
        const before = await listAccounts(db.db, {});
        expect(before.length).toBe(sim.truth().accountIds.length);
        sim.setHardships({ directoryThrottleEvery: 1 });
        runtime.clock.advance(DAY);
        const error = await runSnapshotStream(ctx, 'accounts', stream as SnapshotStream<unknown>).catch((e: unknown) => e);
        expect(sim.hardships().directoryThrottled).toBeGreaterThan(3);
        expect(sim.hardships().directoryThrottledWithoutRetryAfter).toBeGreaterThan(0);
        expect((error as Error).message).toMatch(/^microsoft365\.graph\.(users|group-members) \(GET [^)]+\): the provider is throttling/);
        const after = await listAccounts(db.db, {});
        expect(after.filter((a) => a.status === 'deleted')).toEqual([]);
        expect(after.map((a) => [a.providerId, a.status]).sort()).toEqual(before.map((a) => [a.providerId, a.status]).sort());
      } finally {
        await db.close();
        dir.cleanup();
        await sim.close();
      }
    });
  });

  it('a new subscription shows nothing from before it started and nothing for hours; later polls pick its content up', async () => {
    const sim = await start({ newSubscriptionDelayMs: 3 * HOUR });
    try {
      const config = { ...sim.config, includeSignIns: false };
      const runtime = testRuntime(config, sim.now());
      const first = await readActivities(sessionFor(config, runtime), runtime, null, sim.now() - 7 * DAY);
      expect(store(first).size).toBe(0);
      expect(runtime.logs.some((l) => l.level === 40 && /just started.*nothing created before.*up to 12 hours/.test(l.msg))).toBe(true);
      let checkpoint = first.at(-1)?.checkpoint ?? null;
      const stored = store(first);
      for (let poll = 0; poll < 3; poll++) {
        await sim.advance(2 * HOUR);
        const later = testRuntime(config, sim.now());
        const pages = await readActivities(sessionFor(config, later), later, checkpoint, sim.now() - 7 * DAY);
        store(pages, stored);
        checkpoint = pages.at(-1)?.checkpoint ?? checkpoint;
      }
      const expected = sim.feedRecordIds();
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      await sim.close();
    }
  });
});
