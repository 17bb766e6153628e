import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

// Migrations take Kysely<unknown>: they must not depend on today's table types.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('connector_instances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('config_sealed', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_reason', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_sync_at', 'bigint')
    .addColumn('last_success_at', 'bigint')
    .addColumn('budget', 'text')
    .execute();

  await db.schema
    .createTable('stream_states')
    .addColumn('connector_instance_id', 'text', (c) => c.notNull().references('connector_instances.id').onDelete('cascade'))
    .addColumn('stream', 'text', (c) => c.notNull())
    .addColumn('checkpoint', 'text')
    .addColumn('last_run_at', 'bigint')
    .addColumn('last_success_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('stream_states_pk', ['connector_instance_id', 'stream'])
    .execute();

  await db.schema
    .createTable('sync_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connector_instance_id', 'text', (c) => c.notNull().references('connector_instances.id').onDelete('cascade'))
    .addColumn('stream', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('records', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .execute();
  await db.schema.createIndex('sync_runs_instance_started').on('sync_runs').columns(['connector_instance_id', 'started_at']).execute();

  await db.schema
    .createTable('identities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('display_name', 'text')
    .addColumn('primary_email', 'text')
    .addColumn('idp_instance_id', 'text')
    .addColumn('idp_account_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('identity_emails')
    .addColumn('email', 'text', (c) => c.primaryKey())
    .addColumn('identity_id', 'text', (c) => c.notNull().references('identities.id').onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connector_instance_id', 'text', (c) => c.notNull().references('connector_instances.id').onDelete('cascade'))
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('name', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('is_admin', 'integer')
    .addColumn('identity_id', 'text', (c) => c.references('identities.id').onDelete('set null'))
    .addColumn('aliases', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('accounts_instance_provider_id', ['connector_instance_id', 'provider_id'])
    .execute();
  await db.schema.createIndex('accounts_email').on('accounts').column('email').execute();
  await db.schema.createIndex('accounts_identity').on('accounts').column('identity_id').execute();

  await db.schema
    .createTable('settings_snapshots')
    .addColumn('connector_instance_id', 'text', (c) => c.notNull().references('connector_instances.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('captured_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('settings_snapshots_pk', ['connector_instance_id', 'key'])
    .execute();

  // On PostgreSQL the activity log is partitioned by month of `time` (partitions are made as rows need them,
  // src/store/postgres.ts, and retention drops whole ones); a partitioned table's keys must include the
  // partition key, so there the keys are (id, time) and (instance, source id, time).
  const partitioned = dialectOf(db) === 'postgres';
  await db.schema
    .createTable('activities')
    .addColumn('id', 'text', (c) => (partitioned ? c.notNull() : c.primaryKey()))
    .addColumn('connector_instance_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('app', 'text', (c) => c.notNull())
    .addColumn('tenant_id', 'text')
    .addColumn('source_id', 'text', (c) => c.notNull())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('original_time', 'text', (c) => c.notNull())
    .addColumn('ingested_at', 'bigint', (c) => c.notNull())
    .addColumn('class_uid', 'integer', (c) => c.notNull())
    .addColumn('activity_id', 'integer', (c) => c.notNull())
    .addColumn('category_uid', 'integer', (c) => c.notNull())
    .addColumn('severity_id', 'integer', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('message', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('outcome_reason', 'text')
    .addColumn('outcome_code', 'text')
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_email', 'text')
    .addColumn('actor_name', 'text')
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_is_admin', 'integer')
    .addColumn('actor_app_id', 'text')
    .addColumn('actor_app_name', 'text')
    .addColumn('impersonator', 'text')
    .addColumn('service', 'text')
    .addColumn('targets', 'text', (c) => c.notNull())
    .addColumn('src_ip', 'text')
    .addColumn('src_port', 'integer')
    .addColumn('ip_version', 'integer')
    .addColumn('geo_country', 'text')
    .addColumn('geo_region', 'text')
    .addColumn('geo_city', 'text')
    .addColumn('geo_lat', 'real')
    .addColumn('geo_lon', 'real')
    .addColumn('geo_source', 'text')
    .addColumn('asn', 'integer')
    .addColumn('as_org', 'text')
    .addColumn('isp', 'text')
    .addColumn('ip_flags', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('ua_os', 'text')
    .addColumn('ua_browser', 'text')
    .addColumn('ua_device', 'text')
    .addColumn('device', 'text')
    .addColumn('session_id', 'text')
    .addColumn('correlation_id', 'text')
    .addColumn('auth_mfa', 'integer')
    .addColumn('auth_protocol', 'text')
    .addColumn('auth_interactive', 'integer')
    .addColumn('auth_method', 'text')
    .addColumn('raw', 'text', (c) => c.notNull())
    .$call((t) =>
      partitioned
        ? t
            .addPrimaryKeyConstraint('activities_pk', ['id', 'time'])
            .addUniqueConstraint('activities_instance_source', ['connector_instance_id', 'source_id', 'time'])
            .modifyEnd(sql`partition by range (time)`)
        : t.addUniqueConstraint('activities_instance_source', ['connector_instance_id', 'source_id']),
    )
    .execute();
  await db.schema.createIndex('activities_time').on('activities').column('time').execute();
  await db.schema.createIndex('activities_actor_time').on('activities').columns(['actor_email', 'time']).execute();
  await db.schema.createIndex('activities_ip_time').on('activities').columns(['src_ip', 'time']).execute();
  await db.schema.createIndex('activities_action_time').on('activities').columns(['action', 'time']).execute();
}
