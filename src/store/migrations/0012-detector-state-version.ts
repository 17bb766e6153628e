import { sql, type Kysely } from 'kysely';

/**
 * A counter every writer of `detector_state` moves up in the transaction that writes (detection, an analyst's
 * dismissal teaching a baseline, a policy's state cleared, expired state pruned). Detection's state cache
 * keeps its parsed values from one transaction to the next while the counter is where detection itself left
 * it: on PostgreSQL, where nothing else tells a process that another one wrote, it used to start afresh in
 * every transaction (src/detection/state-cache.ts). One row; both dialects.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('detector_state_version')
    .ifNotExists()
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  await sql`insert into detector_state_version (id, version) values (1, 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('detector_state_version').ifExists().execute();
}
