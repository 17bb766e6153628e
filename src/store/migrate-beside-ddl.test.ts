import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { createTestDatabase, describePostgres, POSTGRES } from '../../test/helpers/dialects.js';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { openStore } from './db.js';
import { migrationsFor } from './migrations/index.js';
import { SecretBox } from './secret-box.js';

/**
 * `parapet serve` and `parapet worker`s start together on one database: a worker migrates its job queue
 * (graphile-worker drops `job_queues.job_count`) while another process migrates the store. CI saw a worker exit
 * with "Database migration unknown failed: column "job_count" of relation "job_queues" does not exist": the
 * store's migration read the catalog of every schema of the database, and a column that changed in another
 * schema during that read failed it.
 */
describePostgres('migrating the store beside DDL in other schemas of the database', (databaseUrl) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function client(): Promise<pg.Client> {
    const c = new pg.Client({ connectionString: databaseUrl() });
    c.on('error', () => undefined);
    await c.connect();
    cleanups.push(() => c.end().catch(() => undefined));
    return c;
  }

  it('columns renamed in another schema while stores migrate (another process migrating) fail none of them', async () => {
    const admin = await client();
    const other = `other_${randomBytes(5).toString('hex')}`;
    const tables = Array.from({ length: 40 }, (_, i) => `${other}.t${i}`);
    await admin.query(`create schema ${other}; ${tables.map((t) => `create table ${t} (id int, a int)`).join('; ')}`);
    cleanups.push(async () => void (await admin.query(`drop schema if exists ${other} cascade`)));
    // Another process's DDL, committed again and again while the stores migrate.
    const ddl = await client();
    let running = true;
    let renames = 0;
    const renaming = (async () => {
      const names = tables.map(() => 'a');
      while (running) {
        for (let i = 0; i < tables.length && running; i++) {
          const next = names[i] === 'a' ? 'b' : 'a';
          await ddl.query(`alter table ${tables[i]} rename column ${names[i]} to ${next}`);
          names[i] = next;
          renames++;
        }
      }
    })();

    const outcomes: string[] = [];
    try {
      for (let attempt = 0; attempt < 4; attempt++) {
        const database = await createTestDatabase(POSTGRES);
        const dir = tempDir();
        cleanups.push(async () => {
          await database.drop();
          dir.cleanup();
        });
        const before = renames;
        try {
          const store = await openStore({ dataDir: dir.path, databaseUrl: database.databaseUrl });
          cleanups.push(() => store.close());
          const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
          expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrationsFor(SecretBox.load(dir.path))).sort());
          outcomes.push('opened');
        } catch (error) {
          outcomes.push((error as Error).message);
        }
        // The fault was there: columns were renamed while this store migrated.
        expect(renames).toBeGreaterThan(before);
      }
    } finally {
      running = false;
      await renaming;
    }
    expect(outcomes).toEqual(['opened', 'opened', 'opened', 'opened']);
  }, 120_000);
});
