import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import docusign from '../src/connectors/docusign/index.js';
import type { RunningDocusignSimulator } from '../src/connectors/docusign/simulator/index.js';
import { copyStore } from '../src/store/copy-store.js';
import { openStore, type Store } from '../src/store/db.js';
import { inventoryVersion } from '../src/store/repos/directory-facts.js';
import { appendGovernanceLog, listGovernanceLog } from '../src/store/repos/governance.js';
import { findInstance, readInstanceConfig } from '../src/store/repos/connector-instances.js';
import { createUser } from '../src/store/repos/users.js';
import { createTestDatabase, describePostgres } from './helpers/dialects.js';
import { syncWithDetection, type DetectionRun } from './helpers/sync-with-detection.js';

/** Every row of a table, each as sorted-key JSON, the list sorted: two stores hold the same rows iff these are equal. */
async function rowsOf(store: Store, table: string): Promise<string[]> {
  const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(store.db)).rows;
  return rows.map((r) => JSON.stringify(Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b))))).sort();
}

describePostgres('parapet db copy: the embedded store into PostgreSQL', (_databaseUrl, dialect) => {
  let run: DetectionRun<RunningDocusignSimulator> | undefined;
  let target: Awaited<ReturnType<typeof createTestDatabase>>;
  let copy: Store;
  let tables: { table: string; rows: number }[];

  beforeAll(async () => {
    // A real embedded store: DocuSign synced for 30 days with detection (alerts with evidence), a user, a governance log.
    run = await syncWithDetection<RunningDocusignSimulator>(docusign, ['impossible-travel', 'mass-download']);
    await createUser(run.store.db, { username: 'analyst-1', role: 'analyst', passwordHash: 'scrypt$x', now: Date.now() });
    for (const [i, event] of (['requested', 'approved'] as const).entries()) {
      await appendGovernanceLog(run.store.db, { time: 1_000 + i, actionId: 'a1', event, actor: 'analyst-1', kind: 'suspend-user', targetLabel: 'x@example.com', detail: 'test' });
    }
    target = await createTestDatabase(dialect);
    copy = await openStore({ dataDir: run.dir.path, databaseUrl: target.databaseUrl });
    const progress: number[] = [];
    tables = (await copyStore(run.store.db, copy.db, (p) => progress.push(p.allCopied))).tables;
    expect(progress.at(-1)).toBe(tables.reduce((sum, t) => sum + t.rows, 0));
  }, 300_000);
  afterAll(async () => {
    await copy?.close();
    await target?.drop();
    await run?.close();
  });

  it('holds exactly the same rows in every table, alerts and their evidence included', async () => {
    const source = run!.store;
    const byName = new Map(tables.map((t) => [t.table, t.rows]));
    expect(byName.get('activities')).toBeGreaterThan(1000);
    expect(byName.get('alerts')).toBeGreaterThan(0);
    expect(byName.get('alert_evidence')).toBeGreaterThan(0);
    expect(byName.get('governance_log')).toBe(2);
    for (const { table } of tables) expect(await rowsOf(copy, table), table).toEqual(await rowsOf(source, table));
    // The inventory's counters are the destination's own, moved by its triggers as the inventory was copied.
    expect(tables.map((t) => t.table)).not.toContain('inventory_version');
    expect(byName.get('accounts')).toBeGreaterThan(0);
    expect(await inventoryVersion(copy.db)).toBeGreaterThan(0);
  });

  it('opens the copied credentials with the same secret key', async () => {
    const instance = await findInstance(copy.db, 'docusign');
    expect(await readInstanceConfig(copy.db, copy.secrets, instance.id)).toEqual(await readInstanceConfig(run!.store.db, run!.store.secrets, instance.id));
  });

  it('numbers new governance log entries after the copied ones', async () => {
    await appendGovernanceLog(copy.db, { time: 2_000, actionId: 'a1', event: 'succeeded', actor: 'analyst-1', kind: 'suspend-user', targetLabel: 'x@example.com', detail: 'test' });
    expect((await listGovernanceLog(copy.db, {})).map((e) => [e.seq, e.event])).toEqual([
      [1, 'requested'],
      [2, 'approved'],
      [3, 'succeeded'],
    ]);
  });

  it('refuses a destination that already holds data, naming the fix, and changes nothing', async () => {
    const before = await rowsOf(copy, 'activities');
    await expect(copyStore(run!.store.db, copy.db)).rejects.toThrow(/already holds data \(connector_instances is not empty\): copy into a new, empty database/);
    expect(await rowsOf(copy, 'activities')).toEqual(before);
  });
});
