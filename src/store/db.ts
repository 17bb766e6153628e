import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationProvider } from 'kysely';
import { StoreError } from '../core/errors.js';
import { migrations } from './migrations/index.js';
import { sqliteActivityWriter, type ActivityWriter } from './repos/activities.js';
import type { Database } from './schema.js';
import { SecretBox } from './secret-box.js';

export type Db = Kysely<Database>;

export interface Store {
  db: Db;
  secrets: SecretBox;
  dataDir: string;
  /** The fastest way this database has to write a page of activities (inside a transaction). */
  writeActivities: ActivityWriter;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  dataDir: string;
  secretKey?: string | undefined;
  /** SQLite file name inside dataDir. @default parapet.db */
  fileName?: string;
}

const staticProvider: MigrationProvider = { getMigrations: async () => migrations };

/** Opens (creating if needed) the embedded SQLite store in WAL mode and brings its schema up to date. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  try {
    mkdirSync(options.dataDir, { recursive: true });
  } catch (error) {
    throw new StoreError(`Cannot create the data directory ${options.dataDir}: ${(error as Error).message}. Set PARAPET_DATA_DIR to a writable folder.`, { cause: error });
  }
  const file = join(options.dataDir, options.fileName ?? 'parapet.db');
  let sqlite: SqliteDatabase.Database;
  try {
    sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new StoreError(`Cannot open the database ${file}: ${(error as Error).message}. Check the folder's permissions and free space.`, { cause: error });
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  await migrateToLatest(db);
  const secrets = SecretBox.loadOrCreate(options.dataDir, options.secretKey);
  return { db, secrets, dataDir: options.dataDir, writeActivities: sqliteActivityWriter(sqlite), close: () => db.destroy() };
}

export async function migrateToLatest(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: staticProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new StoreError(`Database migration ${failed} failed: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Runs `fn` in one transaction; any failure becomes a StoreError naming `operation`. A full disk in WAL mode
 * fails at COMMIT, after which SQLite has usually rolled back by itself and the driver's own rollback fails
 * ("cannot rollback - no transaction is active"): the error reported is always the first one, never the
 * rollback's.
 */
export async function inTransaction<T>(db: Db, operation: string, fn: (trx: Db) => Promise<T>): Promise<T> {
  let trx;
  try {
    trx = await db.startTransaction().execute();
  } catch (error) {
    throw storeFailure(operation, error);
  }
  let result: T;
  try {
    result = await fn(trx);
    await trx.commit().execute();
  } catch (error) {
    await trx.rollback().execute().catch(() => undefined);
    throw storeFailure(operation, error);
  }
  return result;
}

/** Turns SQLite's disk and lock failures into a StoreError that says what to do. */
export function storeFailure(operation: string, error: unknown): StoreError {
  const code = (error as { code?: string }).code ?? '';
  const hint =
    code === 'SQLITE_FULL'
      ? 'the disk is full: free space in the data directory; nothing of this page was kept and the next sync resumes from the last checkpoint'
      : code === 'SQLITE_READONLY'
        ? 'the database is read-only: check the data directory permissions'
        : code === 'SQLITE_BUSY'
          ? 'the database is locked by another process: stop other Parapet processes using the same data directory'
          : (error as Error).message;
  return new StoreError(`${operation}: ${hint}`, { cause: error });
}
