import { sql, type Kysely, type Migration } from 'kysely';
import { currentSchema } from '../dialect.js';
import { SchemaIntrospector } from '../schema-introspector.js';
import type { SecretBox } from '../secret-box.js';

/**
 * Adds `accounts.identity_anchor` (which identity-provider accounts may anchor an identity; existing rows
 * start at 0, so anchors set before the rule are replaced by the next snapshot of the right tenant) and
 * re-seals every connector config from the v1 format (no key id, no associated data) into v2: tagged with
 * the id of the key that sealed it and bound to its connector instance id, so a ciphertext copied onto
 * another row no longer opens. Needs the key, hence a migration built per store. Idempotent: a run
 * interrupted half-way re-seals only the rows still in v1, and adds the column only once.
 */
export function securityMigration(secrets: SecretBox): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const schema = await currentSchema(db);
      const introspector = schema === undefined ? db.introspection : new SchemaIntrospector(db, schema);
      const accounts = (await introspector.getTables()).find((t) => t.name === 'accounts');
      if (!accounts?.columns.some((c) => c.name === 'identity_anchor')) {
        await db.schema.alterTable('accounts').addColumn('identity_anchor', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      }
      const rows = await sql<{ id: string; config_sealed: string }>`select id, config_sealed from connector_instances where config_sealed like 'v1:%'`.execute(db);
      for (const row of rows.rows) {
        const config = secrets.open(row.config_sealed, row.id, { legacy: true });
        await sql`update connector_instances set config_sealed = ${secrets.seal(config, row.id)} where id = ${row.id}`.execute(db);
      }
    },
  };
}
