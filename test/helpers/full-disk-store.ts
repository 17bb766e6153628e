import { join } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';
import { migrateToLatest, type Store } from '../../src/store/db.js';
import { sqliteActivityWriter } from '../../src/store/repos/activities.js';
import type { Database } from '../../src/store/schema.js';
import { SecretBox } from '../../src/store/secret-box.js';
import { openSqlite } from '../../src/store/sqlite.js';

/**
 * A real SQLite store in WAL mode whose disk can be made "full" the way a real one fails in WAL mode: writes
 * inside a transaction still succeed (they sit in the page cache), and the COMMIT fails with SQLITE_FULL
 * after SQLite rolled the transaction back by itself; so does every write outside a transaction (its
 * implicit commit). Reads keep working.
 */
export async function openFullDiskStore(dataDir: string): Promise<{ store: Store; setFull: (full: boolean) => void; failures: () => number }> {
  const sqlite = openSqlite(join(dataDir, 'parapet.db'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  let full = false;
  let failed = 0;
  const diskFull = () => {
    failed++;
    return Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
  };
  const proxy = new Proxy(sqlite, {
    get(target, prop) {
      if (prop === 'prepare') {
        return (text: string) => {
          const statement = target.prepare(text);
          if (!full) return statement;
          if (/^\s*commit\b/i.test(text)) {
            return {
              reader: false,
              run: () => {
                target.exec('ROLLBACK');
                throw diskFull();
              },
            };
          }
          if (!statement.reader && !target.inTransaction && !/^\s*(begin|rollback|savepoint|release)\b/i.test(text)) {
            return { reader: false, run: () => { throw diskFull(); } };
          }
          return statement;
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: proxy }) });
  const secrets = SecretBox.load(dataDir);
  await migrateToLatest(db, secrets);
  const store: Store = { db, secrets, dataDir, writeActivities: sqliteActivityWriter(sqlite), close: () => db.destroy() };
  return {
    store,
    setFull: (value) => {
      full = value;
    },
    failures: () => failed,
  };
}
