import type { Kysely } from 'kysely';

/**
 * Detection looks up the groups of a page's people by member id (src/store/repos/directory-facts.ts). The
 * primary key (instance, group, member) serves that only by its first column: every page read all of an
 * instance's memberships. This index serves it by instance and member, and holds the group id so the table
 * is not read; on both dialects.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('group_members_member').ifNotExists().on('group_members').columns(['connector_instance_id', 'member_provider_id', 'group_provider_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('group_members_member').ifExists().execute();
}
