import { sql } from 'kysely';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeDialects, useTestDatabase } from '../../test/helpers/dialects.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { SharedRateLimitGovernor } from '../workers/shared-governor.js';
import { openStore, type Store } from './db.js';
import { dialectOf } from './dialect.js';

describeDialects('migration 0010-rate-budgets', (dialect) => {
  const database = useTestDatabase(dialect);
  let dir: ReturnType<typeof tempDir>;
  let store: Store;
  beforeEach(async () => {
    dir = tempDir();
    store = await openStore({ dataDir: dir.path, databaseUrl: database.databaseUrl });
  });
  afterEach(async () => {
    await store.close();
    dir.cleanup();
  });

  it('creates the shared budget table with the same columns on both dialects (doubles on PostgreSQL)', async () => {
    const tables = await store.db.introspection.getTables();
    const table = tables.find((t) => t.name === 'parapet_rate_budgets');
    expect(table?.columns.map((c) => [c.name, c.dataType, c.isNullable])).toEqual(
      dialect.name === 'postgres'
        ? [['key', 'text', false], ['tokens', 'float8', false], ['updated_ms', 'float8', false], ['paused_until', 'float8', false]]
        : [['key', 'TEXT', false], ['tokens', 'REAL', false], ['updated_ms', 'REAL', false], ['paused_until', 'REAL', false]],
    );
    await sql`insert into parapet_rate_budgets (key, tokens, updated_ms) values ('c1', 1.5, 1733200000123.5)`.execute(store.db);
    const { rows } = await sql<{ tokens: number; updated_ms: number; paused_until: number }>`select tokens, updated_ms, paused_until from parapet_rate_budgets`.execute(store.db);
    expect(rows).toEqual([{ tokens: 1.5, updated_ms: 1733200000123.5, paused_until: 0 }]);
  });

  it('a shared governor takes tokens from a freshly migrated store: nothing is created at run time', async () => {
    if (dialectOf(store.db) !== 'postgres') return; // the shared bucket's SQL is PostgreSQL's; SQLite runs one process
    const governor = new SharedRateLimitGovernor({ requestsPerSecond: 10, burst: 3 }, store.db, 'connection-y');
    for (let i = 0; i < 3; i++) await governor.acquire();
    const { rows } = await sql<{ key: string; tokens: number }>`select key, tokens from parapet_rate_budgets`.execute(store.db);
    expect(rows.map((r) => r.key)).toEqual(['connection-y']);
    expect(rows[0]?.tokens).toBeLessThan(1);
  });
});
