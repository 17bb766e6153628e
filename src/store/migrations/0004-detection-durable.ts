import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * Detection's durable hand-off, alert lifecycle and suppressions:
 * - `activities.ingest_seq`: a monotonic number given to each activity in the transaction that stores it;
 *   detection reads activities in this order from its own cursor (`detection_cursor`), committed with the
 *   detection state and alerts, so a crash between ingest and detection loses nothing.
 * - `alerts.dedup_key` (policy | variant | subject, without the time bucket of the fingerprint) so joining an
 *   alert depends on the activity times only, never on how the input was paged; `alerts.previous_alert_id`
 *   links a new alert to the closed one of the same key.
 * - `suppressions` (analyst exclusions) and `suppressed_findings` (what they silenced, shown on alerts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('activities').addColumn('ingest_seq', 'bigint').execute();
  // Existing rows in insertion order; they were evaluated by the old in-process hook. PostgreSQL has no
  // rowid: there the order is ingest time, then id. A partitioned table's unique index must include the
  // partition key, so on PostgreSQL the index is plain (the writer's advisory lock keeps numbers unique).
  if (dialectOf(db) === 'postgres') {
    await sql`UPDATE activities a SET ingest_seq = o.seq FROM (SELECT id, time, row_number() OVER (ORDER BY ingested_at, id) AS seq FROM activities) o WHERE a.id = o.id AND a.time = o.time`.execute(db);
    await db.schema.createIndex('activities_ingest_seq').on('activities').column('ingest_seq').execute();
  } else {
    await sql`UPDATE activities SET ingest_seq = rowid`.execute(db);
    await db.schema.createIndex('activities_ingest_seq').on('activities').column('ingest_seq').unique().execute();
  }

  await db.schema
    .createTable('detection_cursor')
    .addColumn('consumer', 'text', (c) => c.primaryKey())
    .addColumn('position', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await sql`INSERT INTO detection_cursor (consumer, position, updated_at) SELECT 'detection', coalesce(max(ingest_seq), 0), 0 FROM activities`.execute(db);

  await db.schema.alterTable('alerts').addColumn('dedup_key', 'text').execute();
  await db.schema.alterTable('alerts').addColumn('previous_alert_id', 'text').execute();
  // The fingerprint is `<dedup key>|<time bucket>`: strip the digits of the bucket, then the bar.
  await sql`UPDATE alerts SET dedup_key = substr(rtrim(fingerprint, '0123456789'), 1, length(rtrim(fingerprint, '0123456789')) - 1)`.execute(db);
  await db.schema.createIndex('alerts_dedup_key_last').on('alerts').columns(['dedup_key', 'last_activity_at']).execute();

  await db.schema
    .createTable('suppressions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('suppressed_findings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('suppression_id', 'text', (c) => c.notNull())
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('dedup_key', 'text', (c) => c.notNull())
    .addColumn('subject_key', 'text', (c) => c.notNull())
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('activity_ids', 'text', (c) => c.notNull())
    .addColumn('first_activity_at', 'bigint', (c) => c.notNull())
    .addColumn('last_activity_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('suppressed_findings_key').on('suppressed_findings').columns(['dedup_key', 'last_activity_at']).execute();
  await db.schema.createIndex('suppressed_findings_suppression').on('suppressed_findings').columns(['suppression_id', 'created_at']).execute();
}
