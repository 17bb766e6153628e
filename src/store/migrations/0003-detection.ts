import { sql, type Kysely } from 'kysely';

// Migrations take Kysely<unknown>: they must not depend on today's table types.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('source', 'text')
    .addColumn('source_format', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('detector_state')
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('detector_state_pk', ['policy_id', 'key'])
    .execute();
  await db.schema.createIndex('detector_state_expires').on('detector_state').column('expires_at').execute();

  await db.schema
    .createTable('detection_seen')
    .addColumn('connector_instance_id', 'text', (c) => c.notNull())
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('detection_seen_pk', ['connector_instance_id', 'source_id'])
    .execute();
  await db.schema.createIndex('detection_seen_time').on('detection_seen').column('time').execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('policy_name', 'text', (c) => c.notNull())
    .addColumn('variant', 'text')
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolution', 'text')
    .addColumn('resolution_note', 'text')
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_key', 'text', (c) => c.notNull())
    .addColumn('subject_email', 'text')
    .addColumn('subject_user_id', 'text')
    .addColumn('identity_id', 'text')
    .addColumn('connector_instance_id', 'text')
    .addColumn('provider', 'text')
    .addColumn('app', 'text')
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('baseline', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('requested_actions', 'text', (c) => c.notNull())
    .addColumn('evidence_count', 'integer', (c) => c.notNull())
    .addColumn('first_activity_at', 'bigint', (c) => c.notNull())
    .addColumn('last_activity_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('alerts_fingerprint_last').on('alerts').columns(['fingerprint', 'last_activity_at']).execute();
  await db.schema.createIndex('alerts_status_created').on('alerts').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('alerts_subject').on('alerts').columns(['subject_key', 'created_at']).execute();
  // At most one open alert per fingerprint: the engine appends evidence instead of raising another.
  await db.schema
    .createIndex('alerts_one_open_per_fingerprint')
    .on('alerts')
    .column('fingerprint')
    .unique()
    .where(sql.ref('status'), 'in', ['open', 'in_progress'])
    .execute();

  await db.schema
    .createTable('alert_evidence')
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('activity_id', 'text', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_evidence_pk', ['alert_id', 'activity_id'])
    .execute();

  await db.schema
    .createTable('ip_ranges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cidr', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('ip_ranges_cidr_tag', ['cidr', 'tag'])
    .execute();

  await db.schema
    .createTable('threat_indicators')
    .addColumn('feed', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('threat_indicators_pk', ['feed', 'value'])
    .execute();
}
