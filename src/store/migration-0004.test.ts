import { join } from 'node:path';
import { openSqlite } from './sqlite.js';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { buildActivity } from '../detection/activity-builder.js';
import { openStore } from './db.js';
import { migrationsFor } from './migrations/index.js';
import { SecretBox } from './secret-box.js';
import { activityToRow } from './repos/activities.js';
import { findAlertToJoin } from './repos/alerts.js';
import { getCursor } from './repos/detection-cursor.js';

describe('migration 0004 on a store that already holds activities and alerts', () => {
  it('numbers activities in insertion order, starts the cursor after them, and gives alerts their dedup key', async () => {
    const dir = tempDir();
    try {
      const file = join(dir.path, 'parapet.db');
      const before = new Kysely<Record<string, never>>({ dialect: new SqliteDialect({ database: openSqlite(file) }) });
      const upTo0003 = Object.fromEntries(Object.entries(migrationsFor(SecretBox.load(dir.path))).filter(([name]) => name < '0004'));
      const migrated = await new Migrator({ db: before, provider: { getMigrations: async () => upTo0003 } }).migrateToLatest();
      expect(migrated.error).toBeUndefined();
      const ids = ['z-first', 'a-second', 'm-third'];
      for (const id of ids) {
        const { ingest_seq: _seq, ...row } = activityToRow(buildActivity({ id, connectorInstanceId: 'ds', time: Date.UTC(2026, 0, 1) }));
        await sql`INSERT INTO activities (${sql.join(Object.keys(row).map((c) => sql.ref(c)))}) VALUES (${sql.join(Object.values(row))})`.execute(before);
      }
      const fingerprint = 'detection.failed-logons|user|user:lou@example.com|20454';
      await sql`INSERT INTO alerts (id, fingerprint, policy_id, policy_name, severity, status, subject_type, subject_key, explanation, details, requested_actions, evidence_count, first_activity_at, last_activity_at, created_at, updated_at)
        VALUES ('al1', ${fingerprint}, 'detection.failed-logons', 'Failed', 'medium', 'open', 'user', 'lou@example.com', 'x', '{}', '[]', 1, 100, 200, 1, 1)`.execute(before);
      await before.destroy();

      const store = await openStore({ dataDir: dir.path });
      try {
        const rows = await store.db.selectFrom('activities').select(['id', 'ingest_seq']).orderBy('ingest_seq').execute();
        expect(rows.map((r) => r.id)).toEqual(ids);
        expect(await getCursor(store.db, 'detection')).toBe(Number(rows.at(-1)?.ingest_seq));
        expect((await store.db.selectFrom('alerts').select('dedup_key').executeTakeFirstOrThrow()).dedup_key).toBe('detection.failed-logons|user|user:lou@example.com');
        expect((await findAlertToJoin(store.db, 'detection.failed-logons|user|user:lou@example.com', 150, 1000))?.id).toBe('al1');
      } finally {
        await store.close();
      }
    } finally {
      dir.cleanup();
    }
  });
});
