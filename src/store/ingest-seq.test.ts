import { join } from 'node:path';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { describeDialects } from '../../test/helpers/dialects.js';
import { useTempStore } from '../../test/helpers/temp-store.js';
import { storedLogin } from '../../test/helpers/stored-login.js';
import type { Activity } from '../core/activity.js';
import { activityToRow, kyselyActivityWriter, readActivitiesAfter, type ActivityWriter, type WrittenPage } from './repos/activities.js';
import { createInstance } from './repos/connector-instances.js';
import { inTransaction, openStore, type Store } from './db.js';
import { migrationsFor } from './migrations/index.js';
import { SecretBox } from './secret-box.js';
import { openSqlite } from './sqlite.js';

// Detection reads activities by ingest number from its cursor, so a number handed out twice is an activity
// detection never evaluates. Rows deleted by hand (an erasure request, a clean-up in SQL) must not give their
// numbers back.
describeDialects('ingest sequence numbers', (dialect) => {
  const temp = useTempStore(dialect);

  const writers: [string, (store: Store) => ActivityWriter][] = [
    ['the store’s page writer', (store) => store.writeActivities],
    ['the portable writer', () => kyselyActivityWriter],
  ];

  for (const [name, writerOf] of writers) {
    it(`never go back after the newest rows are deleted by hand (${name})`, async () => {
      const store = temp.store;
      const write = writerOf(store);
      const instance = (await createInstance(store.db, store.secrets, { name: 'ds', provider: 'docusign', config: {}, now: 1 })).id;
      const page = (ids: string[]): Activity[] => ids.map((id, i) => storedLogin(instance, id, Date.UTC(2026, 10, 1) + i * 1000));
      const numbered = (w: WrittenPage) => w.fresh.map((a, i) => [w.firstSeq + i, a.id]);
      const stored = (rows: { seq: number; activity: Activity }[]) => rows.map((r) => [r.seq, r.activity.id]);
      const firstPage = await inTransaction(store.db, 'first page', (trx) => write(trx, page(['a', 'b', 'c'])));
      const first = await readActivitiesAfter(store.db, 0, 100);
      expect(first.map((r) => r.activity.id)).toEqual(['id-a', 'id-b', 'id-c']);
      // The numbers the writer says it gave are the stored ones (detection, handed the page, relies on them).
      expect(numbered(firstPage)).toEqual(stored(first));
      const detectionRead = first.at(-1)?.seq ?? 0;

      await store.db.deleteFrom('activities').where('source_id', 'in', ['b', 'c']).execute();
      // A page holding a stored activity again: only the new one is numbered.
      const secondPage = await inTransaction(store.db, 'second page', (trx) => write(trx, page(['a', 'd', 'e'])));

      const after = await readActivitiesAfter(store.db, detectionRead, 100);
      expect(after.map((r) => r.activity.id)).toEqual(['id-d', 'id-e']);
      expect(after[0]?.seq).toBeGreaterThan(detectionRead);
      expect(numbered(secondPage)).toEqual(stored(after));
    });
  }
});

describe('migration 0015 on a store that already holds activities', () => {
  it('starts the counter at the highest number stored, so deleting the newest row right after the upgrade frees no number', async () => {
    const dir = tempDir();
    try {
      const before = new Kysely<Record<string, never>>({ dialect: new SqliteDialect({ database: openSqlite(join(dir.path, 'parapet.db')) }) });
      const upTo0014 = Object.fromEntries(Object.entries(migrationsFor(SecretBox.load(dir.path))).filter(([name]) => name < '0015'));
      expect((await new Migrator({ db: before, provider: { getMigrations: async () => upTo0014 } }).migrateToLatest()).error).toBeUndefined();
      for (const [i, id] of ['a', 'b', 'c'].entries()) {
        const row = activityToRow(storedLogin('ds', id, Date.UTC(2026, 10, 1) + i * 1000), i + 1);
        await sql`INSERT INTO activities (${sql.join(Object.keys(row).map((c) => sql.ref(c)))}) VALUES (${sql.join(Object.values(row))})`.execute(before);
      }
      await before.destroy();

      const store = await openStore({ dataDir: dir.path });
      try {
        await store.db.deleteFrom('activities').where('source_id', '=', 'c').execute();
        await inTransaction(store.db, 'a page', (trx) => store.writeActivities(trx, [storedLogin('ds', 'd', Date.UTC(2026, 10, 2))]));
        const rows = await store.db.selectFrom('activities').select(['source_id', 'ingest_seq']).orderBy('ingest_seq').execute();
        expect(rows.map((r) => [r.source_id, Number(r.ingest_seq)])).toEqual([['a', 1], ['b', 2], ['d', 4]]);
      } finally {
        await store.close();
      }
    } finally {
      dir.cleanup();
    }
  });
});
