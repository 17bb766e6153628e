import type { Kysely } from 'kysely';

/**
 * `parapet_rate_budgets`: one token bucket per connection, shared by every `parapet worker`
 * (src/workers/shared-governor.ts). Created on both dialects from this one source (the embedded SQLite
 * process keeps its buckets in memory and leaves the table empty); on PostgreSQL the `real` columns are
 * double precision (PostgresTypesPlugin). Before this migration the first worker created it at start-up
 * with `create table if not exists`: the same columns, so `if not exists` here adopts such a table as is.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('parapet_rate_budgets')
    .ifNotExists()
    .addColumn('key', 'text', (c) => c.primaryKey().notNull())
    .addColumn('tokens', 'real', (c) => c.notNull())
    .addColumn('updated_ms', 'real', (c) => c.notNull())
    .addColumn('paused_until', 'real', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('parapet_rate_budgets').ifExists().execute();
}
