import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.js';

/** The inventory tables detection's directory lookups read, and the column that says whose rows they are. */
const BY_CONNECTION = ['accounts', 'groups', 'group_members', 'settings_snapshots'] as const;
/** People linked across connections: one scope for both tables. */
const SHARED = ['identities', 'identity_emails'] as const;
const SHARED_SCOPE = 'identities';

/**
 * `inventory_version`: a counter per scope (a connection's id, or `identities`) that the database moves up in
 * every transaction that inserts, updates or deletes rows of the inventory detection reads (accounts,
 * groups, group members, settings snapshots, identities). Triggers do it, so no writer can forget, and
 * cascades and hand edits count too. Detection keeps directory facts from one batch to the next while the
 * sum of the counters has not moved (src/detection/directory-cache.ts). One row per connection, not one for
 * all: on PostgreSQL the connections' inventory commits run side by side (lock-scope.ts), and one shared row
 * would make each wait for the other's commit. Rows are never deleted, so the sum only grows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('inventory_version')
    .addColumn('scope', 'text', (c) => c.primaryKey())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute();
  const bump = (scope: string) => `INSERT INTO inventory_version (scope, version) VALUES (${scope}, 1) ON CONFLICT (scope) DO UPDATE SET version = inventory_version.version + 1`;
  if (dialectOf(db) === 'postgres') {
    // Once per statement (not per row): a snapshot of thousands of accounts moves each connection's counter once.
    // The functions keep the migration's search_path: they find this store's counters whatever the writer's.
    await sql
      .raw(
        `CREATE FUNCTION inventory_version_bump_connections() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$ BEGIN
           INSERT INTO inventory_version (scope, version) SELECT DISTINCT connector_instance_id, 1 FROM changed
             ON CONFLICT (scope) DO UPDATE SET version = inventory_version.version + 1;
           RETURN NULL;
         END $$`,
      )
      .execute(db);
    await sql
      .raw(`CREATE FUNCTION inventory_version_bump_identities() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$ BEGIN ${bump(`'${SHARED_SCOPE}'`)}; RETURN NULL; END $$`)
      .execute(db);
    for (const table of BY_CONNECTION) {
      // A trigger with a transition table has one event (PostgreSQL's rule): three per table.
      for (const [event, transition] of [['INSERT', 'NEW'], ['UPDATE', 'NEW'], ['DELETE', 'OLD']] as const) {
        await sql
          .raw(`CREATE TRIGGER ${table}_inventory_${event.toLowerCase()} AFTER ${event} ON ${table} REFERENCING ${transition} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION inventory_version_bump_connections()`)
          .execute(db);
      }
    }
    for (const table of SHARED) {
      await sql.raw(`CREATE TRIGGER ${table}_inventory AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION inventory_version_bump_identities()`).execute(db);
    }
  } else {
    // SQLite has row triggers only; a counter update is a few microseconds.
    for (const table of BY_CONNECTION) {
      for (const [event, row] of [['INSERT', 'NEW'], ['UPDATE', 'NEW'], ['DELETE', 'OLD']] as const) {
        await sql.raw(`CREATE TRIGGER ${table}_inventory_${event.toLowerCase()} AFTER ${event} ON ${table} BEGIN ${bump(`${row}.connector_instance_id`)}; END`).execute(db);
      }
    }
    for (const table of SHARED) {
      for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
        await sql.raw(`CREATE TRIGGER ${table}_inventory_${event.toLowerCase()} AFTER ${event} ON ${table} BEGIN ${bump(`'${SHARED_SCOPE}'`)}; END`).execute(db);
      }
    }
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres';
  for (const table of BY_CONNECTION) {
    for (const event of ['insert', 'update', 'delete']) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_inventory_${event}${postgres ? ` ON ${table}` : ''}`).execute(db);
  }
  for (const table of SHARED) {
    if (postgres) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_inventory ON ${table}`).execute(db);
    else for (const event of ['insert', 'update', 'delete']) await sql.raw(`DROP TRIGGER IF EXISTS ${table}_inventory_${event}`).execute(db);
  }
  if (postgres) {
    await sql`DROP FUNCTION IF EXISTS inventory_version_bump_connections()`.execute(db);
    await sql`DROP FUNCTION IF EXISTS inventory_version_bump_identities()`.execute(db);
  }
  await db.schema.dropTable('inventory_version').ifExists().execute();
}
