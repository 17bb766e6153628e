import { sql, type Kysely, type Migration } from 'kysely';
import type { SecretBox } from '../secret-box.js';

/**
 * Re-seals every connector config from the v1 format (no key id, no associated data) into v2: tagged with
 * the id of the key that sealed it and bound to its connector instance id, so a ciphertext copied onto
 * another row no longer opens. Needs the key, hence a migration built per store. Idempotent: a run
 * interrupted half-way re-seals only the rows still in v1.
 */
export function bindSealedConfigs(secrets: SecretBox): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      const rows = await sql<{ id: string; config_sealed: string }>`select id, config_sealed from connector_instances where config_sealed like 'v1:%'`.execute(db);
      for (const row of rows.rows) {
        const config = secrets.open(row.config_sealed, row.id, { legacy: true });
        await sql`update connector_instances set config_sealed = ${secrets.seal(config, row.id)} where id = ${row.id}`.execute(db);
      }
    },
  };
}
