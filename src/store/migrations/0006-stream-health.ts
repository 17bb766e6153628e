import type { Kysely } from 'kysely';

/** Completeness counters per stream, and the index the newest-event and daily-volume queries use. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('stream_health')
    .addColumn('connector_instance_id', 'text', (c) => c.notNull().references('connector_instances.id').onDelete('cascade'))
    .addColumn('stream', 'text', (c) => c.notNull())
    .addColumn('late_arrivals', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('worst_late_ms', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('last_late_at', 'bigint')
    .addColumn('duplicates_absorbed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('requests_retried', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('stream_health_pk', ['connector_instance_id', 'stream'])
    .execute();
  await db.schema.createIndex('activities_instance_time').on('activities').columns(['connector_instance_id', 'time']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('activities_instance_time').execute();
  await db.schema.dropTable('stream_health').execute();
}
