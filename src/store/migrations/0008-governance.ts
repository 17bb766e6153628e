import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/** The snake_case action ids stored before this migration, and their kebab-case successors. */
const RENAMED: Readonly<Record<string, string>> = {
  notify_user: 'notify-user',
  require_reauth: 'require-reauth',
  suspend_user: 'suspend-user',
  revoke_oauth_app: 'revoke-oauth-app',
};

function renameIds(ids: unknown): unknown {
  return Array.isArray(ids) ? ids.map((id) => (typeof id === 'string' ? (RENAMED[id] ?? id) : id)) : ids;
}

/**
 * Governance: requested actions with their approval and result, the append-only governance log (SQLite
 * triggers refuse UPDATE and DELETE on it), per-policy approval rules and the protected list. Stored
 * alerts' `requested_actions` and policies' `settings.actions` move to the kebab-case action ids.
 */
// Migrations take Kysely<unknown>: they must not depend on today's table types.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('governance_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('target_label', 'text', (c) => c.notNull())
    .addColumn('identity_id', 'text')
    .addColumn('route', 'text')
    .addColumn('connector_instance_id', 'text')
    .addColumn('provider_target_id', 'text')
    .addColumn('prefer', 'text', (c) => c.notNull().defaultTo('auto'))
    .addColumn('policy_id', 'text')
    .addColumn('alert_id', 'text')
    .addColumn('parent_id', 'text')
    .addColumn('step', 'integer')
    .addColumn('undo_of', 'text')
    .addColumn('undone_by', 'text')
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_via', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('approval_required', 'integer', (c) => c.notNull())
    .addColumn('approver_roles', 'text', (c) => c.notNull())
    .addColumn('self_approval', 'integer', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'bigint')
    .addColumn('expires_at', 'bigint')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('result', 'text')
    .addColumn('verified', 'integer')
    .addColumn('dedup_key', 'text', (c) => c.unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('governance_actions_status').on('governance_actions').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('governance_actions_policy').on('governance_actions').columns(['policy_id', 'kind', 'created_at']).execute();
  await db.schema.createIndex('governance_actions_parent').on('governance_actions').columns(['parent_id', 'step']).execute();

  await db.schema
    .createTable('governance_log')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('action_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target_label', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('governance_log_action').on('governance_log').columns(['action_id', 'seq']).execute();
  await db.schema.createIndex('governance_log_time').on('governance_log').column('time').execute();
  if (dialectOf(db) === 'postgres') {
    await sql`CREATE FUNCTION governance_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the governance log is append-only'; END $$`.execute(db);
    await sql`CREATE TRIGGER governance_log_no_update BEFORE UPDATE ON governance_log FOR EACH ROW EXECUTE FUNCTION governance_log_append_only()`.execute(db);
    await sql`CREATE TRIGGER governance_log_no_delete BEFORE DELETE ON governance_log FOR EACH ROW EXECUTE FUNCTION governance_log_append_only()`.execute(db);
  } else {
    await sql`CREATE TRIGGER governance_log_no_update BEFORE UPDATE ON governance_log BEGIN SELECT RAISE(ABORT, 'the governance log is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER governance_log_no_delete BEFORE DELETE ON governance_log BEGIN SELECT RAISE(ABORT, 'the governance log is append-only'); END`.execute(db);
  }

  await db.schema
    .createTable('governance_rules')
    .addColumn('policy_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('governance_rules_pk', ['policy_id', 'kind'])
    .execute();

  await db.schema
    .createTable('governance_protected')
    .addColumn('match', 'text', (c) => c.primaryKey())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'bigint', (c) => c.notNull())
    .execute();

  const raw = db as Kysely<Record<string, Record<string, unknown>>>;
  const alerts = await raw.selectFrom('alerts').select(['id', 'requested_actions']).where('requested_actions', '!=', '[]').execute();
  for (const a of alerts) {
    const next = JSON.stringify(renameIds(JSON.parse(String(a.requested_actions))));
    if (next !== a.requested_actions) await raw.updateTable('alerts').set({ requested_actions: next }).where('id', '=', a.id as string).execute();
  }
  const policies = await raw.selectFrom('policies').select(['id', 'settings']).execute();
  for (const p of policies) {
    const settings = JSON.parse(String(p.settings)) as Record<string, unknown>;
    if (!('actions' in settings)) continue;
    const next = JSON.stringify({ ...settings, actions: renameIds(settings.actions) });
    if (next !== p.settings) await raw.updateTable('policies').set({ settings: next }).where('id', '=', p.id as string).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['governance_protected', 'governance_rules', 'governance_log', 'governance_actions']) await db.schema.dropTable(table).execute();
  if (dialectOf(db) === 'postgres') await sql`DROP FUNCTION IF EXISTS governance_log_append_only()`.execute(db);
}
