import type { Kysely } from 'kysely';

/** Groups, memberships, privileges (directory roles) and third-party OAuth apps with their grants. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connector_instance_id', 'text', (c) => c.notNull().references('connector_instances.id').onDelete('cascade'))
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('kind', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('groups_instance_provider_id', ['connector_instance_id', 'provider_id'])
    .execute();

  await db.schema
    .createTable('group_members')
    .addColumn('connector_instance_id', 'text', (c) => c.notNull().references('connector_instances.id').onDelete('cascade'))
    .addColumn('group_provider_id', 'text', (c) => c.notNull())
    .addColumn('member_provider_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_members_pk', ['connector_instance_id', 'group_provider_id', 'member_provider_id'])
    .execute();

  await db.schema
    .createTable('privileges')
    .addColumn('connector_instance_id', 'text', (c) => c.notNull().references('connector_instances.id').onDelete('cascade'))
    .addColumn('account_provider_id', 'text', (c) => c.notNull())
    .addColumn('role_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('privileges_pk', ['connector_instance_id', 'account_provider_id', 'role_id', 'scope'])
    .execute();

  await db.schema
    .createTable('oauth_apps')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('connector_instance_id', 'text', (c) => c.notNull().references('connector_instances.id').onDelete('cascade'))
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text')
    .addColumn('name', 'text')
    .addColumn('publisher', 'text')
    .addColumn('verified_publisher', 'integer')
    .addColumn('third_party', 'integer')
    .addColumn('enabled', 'integer')
    .addColumn('grants', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('oauth_apps_instance_provider_id', ['connector_instance_id', 'provider_id'])
    .execute();
}
