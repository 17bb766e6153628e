import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeDialects } from '../../test/helpers/dialects.js';
import { useTempStore } from '../../test/helpers/temp-store.js';
import { SharedRateLimitGovernor } from '../workers/shared-governor.js';

describeDialects('migration 0010-rate-budgets', (dialect) => {
  const temp = useTempStore(dialect);

  it('creates the shared budget table with the same columns on both dialects (doubles on PostgreSQL)', async () => {
    const tables = await temp.store.db.introspection.getTables();
    const table = tables.find((t) => t.name === 'parapet_rate_budgets');
    expect(table?.columns.map((c) => [c.name, c.dataType, c.isNullable])).toEqual(
      dialect.name === 'postgres'
        ? [['key', 'text', false], ['tokens', 'float8', false], ['updated_ms', 'float8', false], ['paused_until', 'float8', false]]
        : [['key', 'TEXT', false], ['tokens', 'REAL', false], ['updated_ms', 'REAL', false], ['paused_until', 'REAL', false]],
    );
    await sql`insert into parapet_rate_budgets (key, tokens, updated_ms) values ('c1', 1.5, 1733200000123.5)`.execute(temp.store.db);
    const { rows } = await sql<{ tokens: number; updated_ms: number; paused_until: number }>`select tokens, updated_ms, paused_until from parapet_rate_budgets`.execute(temp.store.db);
    expect(rows).toEqual([{ tokens: 1.5, updated_ms: 1733200000123.5, paused_until: 0 }]);
  });

  // The shared bucket's SQL is PostgreSQL's; on SQLite one process holds its limits in memory.
  it.runIf(dialect.name === 'postgres')('a shared governor takes tokens from a freshly migrated store: nothing is created at run time', async () => {
    const governor = new SharedRateLimitGovernor({ requestsPerSecond: 10, burst: 3 }, temp.store.db, 'connection-y');
    for (let i = 0; i < 3; i++) await governor.acquire();
    const { rows } = await sql<{ key: string; tokens: number }>`select key, tokens from parapet_rate_budgets`.execute(temp.store.db);
    expect(rows.map((r) => r.key)).toEqual(['connection-y']);
    expect(rows[0]?.tokens).toBeLessThan(1);
  });
});
