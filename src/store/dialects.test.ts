import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { StoreError } from '../core/errors.js';
import { describeDialects, useTestDatabase } from '../../test/helpers/dialects.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import type { Activity } from '../core/activity.js';
import { storedLogin } from '../../test/helpers/stored-login.js';
import { collationWarning, openStore, type Store } from './db.js';
import { dialectOf } from './dialect.js';
import { countActivities, insertActivities, queryActivities, readActivitiesAfter } from './repos/activities.js';
import { dropActivityPartitionsBefore, listActivityPartitions } from './repos/activity-partitions.js';
import { appendGovernanceLog, listGovernanceLog } from './repos/governance.js';
import { createInstance } from './repos/connector-instances.js';

const at = (iso: string) => Date.parse(iso);

const activity = (instanceId: string, sourceId: string, time: number): Activity =>
  storedLogin(instanceId, sourceId, time, { actor: { email: 'a@x.test', isAdmin: true }, asn: 4_200_000_000, geo: { lat: 38.7223342, lon: -9.1393366 } });

/** What differs under the same repositories: the dialect's own storage (partitions, types, triggers). */
describeDialects('store internals', (dialect) => {
  const database = useTestDatabase(dialect);
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  let instance: string;
  beforeEach(async () => {
    dir = tempDir();
    store = await openStore({ dataDir: dir.path, databaseUrl: database.databaseUrl });
    instance = (await createInstance(store.db, store.secrets, { name: 'ds', provider: 'docusign', config: {}, now: 1 })).id;
  });
  afterEach(async () => {
    await store.close();
    dir.cleanup();
  });

  it('is the dialect asked for', () => {
    expect(dialectOf(store.db)).toBe(dialect.name);
  });

  it('opens without warnings on a database made as the guide says (C collation on PostgreSQL, a private data directory)', async () => {
    const warnings: string[] = [];
    const again = await openStore({ dataDir: dir.path, databaseUrl: database.databaseUrl, onWarning: (w) => warnings.push(w) });
    await again.close();
    expect(warnings).toEqual([]);
  });

  it('gives back 64-bit integers, doubles and flags as the numbers stored (ASN above 2^31, coordinates, ms timestamps)', async () => {
    const a = activity(instance, 'e1', at('2026-03-04T05:06:07.890Z'));
    expect(await insertActivities(store.db, [a])).toBe(1);
    const [back] = await queryActivities(store.db, {});
    expect(back).toEqual(a);
    expect(typeof (await countActivities(store.db))).toBe('number');
    const [read] = await readActivitiesAfter(store.db, 0, 10);
    expect(read?.seq).toBe(1);
  });

  it('keeps the governance log append-only', async () => {
    await appendGovernanceLog(store.db, { time: 5, actionId: 'a1', event: 'requested', actor: 'x', kind: 'suspend-user', targetLabel: 't', detail: 'd' });
    await appendGovernanceLog(store.db, { time: 6, actionId: 'a1', event: 'approved', actor: 'y', kind: 'suspend-user', targetLabel: 't', detail: 'd' });
    expect((await listGovernanceLog(store.db, {})).map((e) => [e.seq, e.event])).toEqual([
      [1, 'requested'],
      [2, 'approved'],
    ]);
    await expect(store.db.updateTable('governance_log').set({ detail: 'changed' }).execute()).rejects.toThrow(/append-only/);
    await expect(store.db.deleteFrom('governance_log').execute()).rejects.toThrow(/append-only/);
  });

  if (dialect.name === 'postgres') {
    it('partitions activities by month, made as rows need them; retention drops whole months only', async () => {
      const times = ['2025-11-30T23:59:59.999Z', '2025-12-01T00:00:00.000Z', '2026-01-15T12:00:00Z', '2026-02-01T00:00:00Z'].map(at);
      expect(await insertActivities(store.db, times.map((t, i) => activity(instance, `e${i}`, t)))).toBe(4);
      const names = (await listActivityPartitions(store.db)).map((p) => p.name);
      expect(names.slice(0, 4)).toEqual(['activities_p202511', 'activities_p202512', 'activities_p202601', 'activities_p202602']);
      // Each row is in the partition of its month.
      const placed = await sql<{ part: string; source_id: string }>`select tableoid::regclass::text as part, source_id from activities order by time`.execute(store.db);
      expect(placed.rows.map((r) => `${r.source_id}@${r.part}`)).toEqual(['e0@activities_p202511', 'e1@activities_p202512', 'e2@activities_p202601', 'e3@activities_p202602']);
      // The same provider event again (even with another time) is not stored twice.
      expect(await insertActivities(store.db, [activity(instance, 'e2', at('2026-01-15T12:00:00Z'))])).toBe(0);
      expect((await store.writeActivities(store.db, [activity(instance, 'e2', at('2026-01-20T00:00:00Z')), activity(instance, 'e9', at('2026-01-20T00:00:00Z'))])).fresh.map((a) => a.sourceId)).toEqual(['e9']);
      // A cutoff inside January keeps January whole and drops November and December.
      expect(await dropActivityPartitionsBefore(store.db, at('2026-01-10T00:00:00Z'))).toEqual(['activities_p202511', 'activities_p202512']);
      expect((await queryActivities(store.db, { ascending: true })).map((a) => a.sourceId)).toEqual(['e2', 'e9', 'e3']);
      // A query over a time range reads only the partitions it covers.
      const plan = await sql<{ 'QUERY PLAN': string }>`explain select * from activities where time >= ${at('2026-02-01T00:00:00Z')} and time < ${at('2026-03-01T00:00:00Z')}`.execute(store.db);
      const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(text).toContain('activities_p202602');
      expect(text).not.toContain('activities_p202601');
    });
  }
});

describe('choosing PostgreSQL', () => {
  it('PARAPET_DATABASE_URL takes postgres:// URLs only, and says how to go back to SQLite', () => {
    expect(loadConfig({ PARAPET_DATABASE_URL: 'postgresql://u:p@db:5432/parapet' }).databaseUrl).toBe('postgresql://u:p@db:5432/parapet');
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    expect(() => loadConfig({ PARAPET_DATABASE_URL: 'mysql://u:p@db/parapet' })).toThrow(/PARAPET_DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL \(unset it/);
  });

  it('a database whose collation is not C gets a warning that names the fix; C and C.UTF-8 do not', () => {
    expect(collationWarning('C')).toBeNull();
    expect(collationWarning('POSIX')).toBeNull();
    expect(collationWarning('C.UTF-8')).toBeNull();
    expect(collationWarning('C.utf8')).toBeNull();
    expect(collationWarning('en_US.UTF-8')).toMatch(/collation is en_US\.UTF-8, not C: .*createdb --locale=C --template=template0/);
  });

  it('an unreachable server is a StoreError that names the fix and never the password', async () => {
    const dir = tempDir();
    try {
      const error = (await openStore({ dataDir: dir.path, databaseUrl: 'postgres://parapet:hunter2-secret@127.0.0.1:1/parapet' }).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(StoreError);
      expect(error.message).toMatch(/^Cannot open the PostgreSQL database postgres:\/\/parapet:\*\*\*@127\.0\.0\.1:1\/parapet: .*Check PARAPET_DATABASE_URL and that the server is up\.$/);
      expect(error.message).not.toContain('hunter2');
    } finally {
      dir.cleanup();
    }
  });
});
