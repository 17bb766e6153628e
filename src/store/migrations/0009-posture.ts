import type { Kysely } from 'kysely';

/** Posture findings (latest per check and instance), their change history and accepted-risk exceptions. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('posture_findings')
    .addColumn('connector_instance_id', 'text', (c) => c.notNull().references('connector_instances.id').onDelete('cascade'))
    .addColumn('check_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('expected', 'text')
    .addColumn('observed', 'real')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('since', 'bigint', (c) => c.notNull())
    .addColumn('evaluated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('posture_findings_pk', ['connector_instance_id', 'check_id'])
    .execute();
  await db.schema
    .createTable('posture_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connector_instance_id', 'text', (c) => c.notNull().references('connector_instances.id').onDelete('cascade'))
    .addColumn('check_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('observed', 'real')
    .addColumn('evaluated_at', 'bigint', (c) => c.notNull())
    .addColumn('alert_id', 'text')
    .execute();
  await db.schema.createIndex('posture_history_check').on('posture_history').columns(['check_id', 'evaluated_at']).execute();
  await db.schema
    .createTable('posture_exceptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connector_instance_id', 'text', (c) => c.notNull().references('connector_instances.id').onDelete('cascade'))
    .addColumn('check_id', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('accepted_observed', 'real')
    .addColumn('accepted_evidence', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('expiry_alerted_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('posture_exceptions_check').on('posture_exceptions').columns(['connector_instance_id', 'check_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('posture_exceptions').execute();
  await db.schema.dropTable('posture_history').execute();
  await db.schema.dropTable('posture_findings').execute();
}
