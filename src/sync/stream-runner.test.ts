import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeDialects, useTestDatabase } from '../../test/helpers/dialects.js';
import type { AccountRecord } from '../core/account.js';
import type { GroupRecord } from '../core/group.js';
import { HOUR, manualClock, systemClock } from '../core/clock.js';
import { connectors } from '../connectors/registry.js';
import type { AnyConnector, ConnectorRuntime, IncrementalStream, SnapshotStream } from '../connectors/sdk/define-connector.js';
import { loadFixtures } from '../connectors/sdk/conformance/load-fixtures.js';
import { openStore, type Store } from '../store/db.js';
import { listAccounts } from '../store/repos/accounts.js';
import { listGroups } from '../store/repos/inventory.js';
import { countActivities, listSourceIds, queryActivities } from '../store/repos/activities.js';
import { createInstance } from '../store/repos/connector-instances.js';
import { getCheckpoint, getStreamStates } from '../store/repos/stream-states.js';
import { commitActivityPage, runIncrementalStream, runSnapshotStream, type PageTarget, type StreamRunContext } from './stream-runner.js';

const here = dirname(fileURLToPath(import.meta.url));
const connector = connectors.find((c) => c.id === 'docusign') as AnyConnector;
const fixtures = loadFixtures(join(here, '..', 'connectors', 'docusign', 'simulator', 'fixtures')) as Record<string, unknown>[];
const fixtureIds = fixtures.map((f) => String(f.eventId ?? f.id ?? ''));

describeDialects('stream runner', (dialect) => {
  const database = useTestDatabase(dialect);
  let dir: string;
  let store: Store;
  let instanceId: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parapet-stream-runner-'));
    store = await openStore({ dataDir: dir, databaseUrl: database.databaseUrl });
    instanceId = (await createInstance(store.db, store.secrets, { name: 'c', provider: connector.id, config: { any: 'thing' }, now: Date.now() })).id;
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const target = (): PageTarget => ({ db: store.db, writeActivities: store.writeActivities, connector, instanceId, stream: 'activities', clock: systemClock, lookupAccount: () => undefined });

  function context(): StreamRunContext {
    return {
      db: store.db,
      writeActivities: store.writeActivities,
      connector,
      instanceId,
      session: null,
      runtime: { http: { requestsRetried: 0 } } as unknown as ConnectorRuntime,
      clock: systemClock,
      logger: pino({ level: 'silent' }),
      backfillDays: 7,
    };
  }

  describe('commitActivityPage', () => {
    it('stores a page once with its checkpoint; the same page again stores nothing new', async () => {
      expect(new Set(fixtureIds).size).toBe(fixtures.length);
      const { fresh } = await commitActivityPage(target(), [...fixtures, fixtures[0]], 'cursor-1');
      expect(fresh).toHaveLength(fixtures.length);
      expect(await getCheckpoint(store.db, instanceId, 'activities')).toBe('cursor-1');
      expect((await commitActivityPage(target(), fixtures, 'cursor-2')).fresh).toEqual([]);
      expect(await getCheckpoint(store.db, instanceId, 'activities')).toBe('cursor-2');
      expect(await listSourceIds(store.db, instanceId)).toEqual([...fixtureIds].sort());
    });

    it('a record nested 20,000 levels deep or 3 MB long is stored as a flagged `other` activity, and the page and its checkpoint commit', async () => {
      let deep: unknown = 'bottom';
      for (let i = 0; i < 20_000; i++) deep = { n: deep };
      const hostile = [{ ...fixtures[0], eventId: 'deep-1', data: deep }, { ...fixtures[1], eventId: 'long-1', data: 'x'.repeat(3_000_000) }];
      const { fresh } = await commitActivityPage(target(), [...hostile, fixtures[2]], 'after-hostile');
      expect(fresh).toHaveLength(3);
      expect(await getCheckpoint(store.db, instanceId, 'activities')).toBe('after-hostile');
      const stored = await queryActivities(store.db, { instanceId });
      const bySource = new Map(stored.map((a) => [a.sourceId, a]));
      for (const [id, reason] of [['deep-1', 'depth'], ['long-1', 'size']] as const) {
        const activity = bySource.get(id);
        expect(activity?.action).toBe('other');
        expect(activity?.eventType).toBe('oversized');
        expect(activity?.raw).toMatchObject({ parapetTruncated: true, reason });
        expect(JSON.stringify(activity?.raw).length).toBeLessThan(10_000);
      }
      expect(bySource.get(fixtureIds[2] ?? '')?.eventType).not.toBe('oversized');
    });
  });

  describe('runSnapshotStream', () => {
    /** A snapshot of `records` in pages of two; throws instead of the page after `failAfter` pages. */
    const pagedSnapshot = (entity: 'accounts' | 'groups', records: readonly unknown[], failAfter: number | null = null): SnapshotStream<unknown> => ({
      kind: 'snapshot',
      entity,
      async *read() {
        for (let at = 0, pages = 0; at < records.length; at += 2, pages++) {
          if (failAfter !== null && pages === failAfter) throw new Error('provider went away');
          yield records.slice(at, at + 2) as never;
        }
      },
    });
    const person = (n: number): AccountRecord => ({ providerId: `u${n}`, email: `p${n}@example.com`, name: `Person ${n}`, status: 'active', isAdmin: false });
    const accountsSnapshot = (people: readonly number[], failAfter: number | null = null) => pagedSnapshot('accounts', people.map(person), failAfter);
    const statuses = async () => (await listAccounts(store.db, { instanceId })).map((a) => `${a.providerId} ${a.status}`).sort();

    it('only a complete snapshot marks the accounts it did not see deleted: one interrupted after its first page leaves the rest as they were', async () => {
      const clock = manualClock(Date.UTC(2026, 5, 1, 8));
      const ctx = { ...context(), clock };
      await runSnapshotStream(ctx, 'accounts', accountsSnapshot([1, 2, 3, 4, 5, 6]));
      clock.advance(HOUR);
      await expect(runSnapshotStream(ctx, 'accounts', accountsSnapshot([1, 2, 3, 4, 5, 6], 1))).rejects.toThrow(/provider went away/);
      expect(await statuses(), 'pages 2 and 3 never came: nobody on them is deleted').toEqual(['u1 active', 'u2 active', 'u3 active', 'u4 active', 'u5 active', 'u6 active']);
      clock.advance(HOUR);
      await runSnapshotStream(ctx, 'accounts', accountsSnapshot([1, 2, 3, 5, 6]));
      expect(await statuses(), 'a complete snapshot without u4').toEqual(['u1 active', 'u2 active', 'u3 active', 'u4 deleted', 'u5 active', 'u6 active']);
    });

    it('the same for groups, with their members', async () => {
      const group = (n: number): GroupRecord => ({ providerId: `g${n}`, name: `Group ${n}`, kind: 'security', members: [`u${n}`] });
      const groupsSnapshot = (ids: readonly number[], failAfter: number | null = null) => pagedSnapshot('groups', ids.map(group), failAfter);
      const groups = async () => (await listGroups(store.db, instanceId)).map((g) => `${g.providerId} ${g.deleted ? 'deleted' : `${g.members} member`}`).sort();
      const clock = manualClock(Date.UTC(2026, 5, 1, 8));
      const ctx = { ...context(), clock };
      await runSnapshotStream(ctx, 'groups', groupsSnapshot([1, 2, 3, 4]));
      clock.advance(HOUR);
      await expect(runSnapshotStream(ctx, 'groups', groupsSnapshot([1, 2, 3, 4], 1))).rejects.toThrow(/provider went away/);
      expect(await groups()).toEqual(['g1 1 member', 'g2 1 member', 'g3 1 member', 'g4 1 member']);
      clock.advance(HOUR);
      await runSnapshotStream(ctx, 'groups', groupsSnapshot([1, 2, 4]));
      expect(await groups()).toEqual(['g1 1 member', 'g2 1 member', 'g3 deleted', 'g4 1 member']);
    });
  });

  describe('runIncrementalStream', () => {
    /** A stream over the fixtures: pages of two, each checkpoint the index after it; throws after `failAfter` pages. */
    function pagedStream(failAfter: number | null, seen: (string | null)[]): IncrementalStream<unknown> {
      return {
        kind: 'incremental',
        entity: 'activities',
        async *read(_session, _runtime, { checkpoint }) {
          seen.push(checkpoint);
          let at = checkpoint === null ? 0 : Number(checkpoint);
          let pages = 0;
          while (at < fixtures.length) {
            if (failAfter !== null && pages === failAfter) throw new Error('provider went away');
            const next = Math.min(at + 2, fixtures.length);
            yield { records: fixtures.slice(at, next), checkpoint: String(next) };
            at = next;
            pages++;
          }
        },
      };
    }

    it('a failure mid-stream keeps the pages committed before it and their checkpoint, and the next run resumes from there', async () => {
      expect(fixtures.length).toBeGreaterThan(4);
      const seen: (string | null)[] = [];
      await expect(runIncrementalStream(context(), 'activities', pagedStream(2, seen))).rejects.toThrow(/provider went away/);
      expect(await getCheckpoint(store.db, instanceId, 'activities')).toBe('4');
      expect(await countActivities(store.db, instanceId)).toBe(4);
      expect((await getStreamStates(store.db, instanceId)).find((s) => s.stream === 'activities')?.lastSuccessAt).toBeNull();

      const progress = await runIncrementalStream(context(), 'activities', pagedStream(null, seen));
      expect(seen).toEqual([null, '4']);
      expect(progress.records).toBe(fixtures.length - 4);
      expect(progress.stored).toBe(fixtures.length - 4);
      expect(await listSourceIds(store.db, instanceId)).toEqual([...fixtureIds].sort());
      expect(await getCheckpoint(store.db, instanceId, 'activities')).toBe(String(fixtures.length));
      expect((await getStreamStates(store.db, instanceId)).find((s) => s.stream === 'activities')?.lastSuccessAt).not.toBeNull();
    });

  });
});
