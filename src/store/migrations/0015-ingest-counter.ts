import { sql, type Kysely } from 'kysely';

/**
 * `ingest_counter`: the last ingest sequence number handed out (`activities.ingest_seq`, 0004). Writers used
 * to number new rows from max(ingest_seq), so deleting the newest rows by hand (an erasure, a clean-up in
 * SQL) gave their numbers out again, below detection's cursor, and detection skipped the new rows. The
 * counter only goes up; writers still start above max(ingest_seq) too, so rows numbered elsewhere (a bulk
 * load) are never numbered twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ingest_counter')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .execute();
  await sql`INSERT INTO ingest_counter (name, last_seq) SELECT 'activities', coalesce(max(ingest_seq), 0) FROM activities`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ingest_counter').execute();
}
