import { join } from 'node:path';
import { openSqlite } from './sqlite.js';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { openStore } from './db.js';
import { migrationsFor } from './migrations/index.js';
import { SecretBox } from './secret-box.js';

describe('migration 0008 on a store holding alerts and policies with the old snake_case action ids', () => {
  it('moves requested actions and policy actions to the kebab-case ids, and the governance log refuses edits', async () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, 'parapet.db');
      const before = new Kysely<Record<string, never>>({ dialect: new SqliteDialect({ database: openSqlite(file) }) });
      const upTo0007 = Object.fromEntries(Object.entries(migrationsFor(SecretBox.load(dir.path))).filter(([name]) => name < '0008'));
      expect((await new Migrator({ db: before, provider: { getMigrations: async () => upTo0007 } }).migrateToLatest()).error).toBeUndefined();
      await sql`INSERT INTO alerts (id, fingerprint, dedup_key, policy_id, policy_name, severity, status, subject_type, subject_key, explanation, details, requested_actions, evidence_count, first_activity_at, last_activity_at, created_at, updated_at)
        VALUES ('al1', 'f1', 'k1', 'p', 'P', 'medium', 'open', 'user', 'lou@example.com', 'x', '{}', '["notify_user","suspend_user"]', 1, 100, 200, 1, 1),
               ('al2', 'f2', 'k2', 'p', 'P', 'medium', 'open', 'user', 'kim@example.com', 'x', '{}', '[]', 1, 100, 200, 1, 1)`.execute(before);
      await sql`INSERT INTO policies (id, kind, enabled, settings, created_at, updated_at)
        VALUES ('detection.mass-download', 'builtin', 1, '{"sensitivity":"high","actions":["require_reauth","revoke_oauth_app"]}', 1, 1),
               ('detection.anonymous-ip', 'builtin', 1, '{"sensitivity":"low"}', 1, 1)`.execute(before);
      await before.destroy();

      const store = await openStore({ dataDir: dir.path });
      try {
        const alerts = await store.db.selectFrom('alerts').select(['id', 'requested_actions']).orderBy('id').execute();
        expect(alerts).toEqual([
          { id: 'al1', requested_actions: '["notify-user","suspend-user"]' },
          { id: 'al2', requested_actions: '[]' },
        ]);
        const policies = await store.db.selectFrom('policies').select(['id', 'settings']).orderBy('id').execute();
        expect(policies.map((p) => JSON.parse(p.settings))).toEqual([{ sensitivity: 'low' }, { sensitivity: 'high', actions: ['require-reauth', 'revoke-oauth-app'] }]);

        await store.db.insertInto('governance_log').values({ time: 1, action_id: 'a', event: 'requested', actor: 'x', kind: 'suspend-user', target_label: 't', detail: 'd', data: '{}' }).execute();
        await expect(store.db.updateTable('governance_log').set({ detail: 'changed' }).execute()).rejects.toThrow(/append-only/);
        await expect(store.db.deleteFrom('governance_log').execute()).rejects.toThrow(/append-only/);
      } finally {
        await store.close();
      }
    } finally {
      dir.cleanup();
    }
  });
});
