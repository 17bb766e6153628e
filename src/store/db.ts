import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, Migrator, sql, type MigrationProvider } from 'kysely';
import { StoreError } from '../core/errors.js';
import { currentSchema, isPostgresUrl, PostgresTypesPlugin } from './dialect.js';
import { migrationsFor } from './migrations/index.js';
import { SchemaIntrospector, withIntrospector } from './schema-introspector.js';
import { ensureActivityPartitions } from './repos/activity-partitions.js';
import { sqliteActivityWriter, type ActivityWriter } from './repos/activities.js';
import type { Database } from './schema.js';
import { keyFilePath, PENDING_KEY_SUFFIX, SecretBox } from './secret-box.js';
import { ImmediateSqliteDialect, openSqlite, withStatementCache, type SqliteConnection } from './sqlite.js';

export type Db = Kysely<Database>;

export interface Store {
  db: Db;
  /** Replaced by a key rotation. */
  secrets: SecretBox;
  dataDir: string;
  /** The fastest way this database has to write a page of activities (inside a transaction). */
  writeActivities: ActivityWriter;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  dataDir: string;
  /** PARAPET_SECRET_KEY: the key itself. */
  secretKey?: string | undefined;
  /** PARAPET_SECRET_KEY_FILE: where the key lives when not in the data directory. */
  secretKeyFile?: string | undefined;
  /**
   * PARAPET_DATABASE_URL: `postgres://user:password@host:port/database` stores everything in PostgreSQL
   * (the secret key still lives in dataDir or PARAPET_SECRET_KEY[_FILE]). @default the embedded SQLite file
   */
  databaseUrl?: string | undefined;
  /** SQLite file name inside dataDir. @default parapet.db */
  fileName?: string;
  /** Told about files other users may read (the CLI logs it as a warning). */
  onWarning?: (message: string) => void;
}

/** Owner-only: the data directory and every file in it hold secrets or what they protect. */
const PRIVATE_UMASK = 0o077;

/**
 * Opens (creating if needed) the embedded SQLite store in WAL mode, or the PostgreSQL database of
 * `databaseUrl`, and brings its schema up to date.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  // SQLite creates the database, -wal and -shm files itself: only the umask makes them owner-only from the
  // first byte. Parapet's process keeps it, so exports and keys it writes later are private as well.
  restrictUmask();
  try {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new StoreError(`Cannot create the data directory ${options.dataDir}: ${(error as Error).message}. Set PARAPET_DATA_DIR to a writable folder.`, { cause: error });
  }
  // The key first: a refused key must not leave a new empty database behind.
  const keySource = { envKey: options.secretKey, keyFile: options.secretKeyFile };
  const secrets = SecretBox.load(options.dataDir, keySource);
  if (options.databaseUrl !== undefined) return openPostgresStore(options, options.databaseUrl, secrets);
  const file = join(options.dataDir, options.fileName ?? 'parapet.db');
  let sqlite: SqliteConnection;
  try {
    sqlite = openSqlite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new StoreError(`Cannot open the database ${file}: ${(error as Error).message}. Check the folder's permissions and free space.`, { cause: error });
  }
  const keyFile = keyFilePath(options.dataDir, keySource);
  for (const warning of permissionWarnings(options.dataDir, [file, `${file}-wal`, `${file}-shm`, ...(keyFile ? [keyFile, keyFile + PENDING_KEY_SUFFIX] : [])])) {
    options.onWarning?.(warning);
  }
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  await migrateToLatest(db, secrets);
  return { db, secrets, dataDir: options.dataDir, writeActivities: sqliteActivityWriter(sqlite), close: () => db.destroy() };
}

async function openPostgresStore(options: OpenStoreOptions, url: string, secrets: SecretBox): Promise<Store> {
  // The PostgreSQL driver (pg and its ~30 modules) loads only for a PostgreSQL store, not for every SQLite one.
  const { openPostgres, postgresActivityWriter, redactUrl } = await import('./postgres.js');
  if (!isPostgresUrl(url)) throw new StoreError(`PARAPET_DATABASE_URL must start with postgres:// or postgresql:// (got ${redactUrl(url)}): unset it to use the embedded SQLite database.`);
  const { db } = openPostgres(url);
  try {
    await migrateToLatest(db.withPlugin(new PostgresTypesPlugin()), secrets);
    // This month's and next month's partitions exist before the first write.
    const now = Date.now();
    await ensureActivityPartitions(db, [now, now + 32 * 86_400_000]);
    const collation = await sql<{ collate: string }>`select datcollate as collate from pg_database where datname = current_database()`.execute(db);
    const warning = collationWarning(collation.rows[0]?.collate ?? '');
    if (warning) options.onWarning?.(warning);
  } catch (error) {
    await db.destroy().catch(() => undefined);
    if (error instanceof StoreError) throw error;
    throw new StoreError(`Cannot open the PostgreSQL database ${redactUrl(url)}: ${(error as Error).message}. Check PARAPET_DATABASE_URL and that the server is up.`, { cause: error });
  }
  return { db, secrets, dataDir: options.dataDir, writeActivities: postgresActivityWriter, close: () => db.destroy() };
}

/**
 * Text sorts byte-wise in the embedded store; a PostgreSQL database with a language collation orders text
 * (ids, e-mails, names in lists) differently and compares it more slowly. Parapet works either way, so this
 * is a warning naming the fix, not a refusal.
 */
export function collationWarning(collate: string): string | null {
  if (/^(C|POSIX|C\.UTF-?8)$/i.test(collate)) return null;
  return `The PostgreSQL database's collation is ${collate || 'unknown'}, not C: lists sort text differently from the embedded store and text comparisons are slower. Create Parapet's database with \`createdb --locale=C --template=template0\` (docs/operations.md).`;
}

export async function migrateToLatest(db: Db, secrets: SecretBox): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrationsFor(secrets) };
  // Kysely looks for its migration tables in every schema it can see: on PostgreSQL name the one in use, so a
  // database holding several Parapet schemas (one per test, one per tenant) migrates each of its own.
  const schema = await currentSchema(db);
  const migrator = new Migrator(
    schema ? { db: withIntrospector(db, new SchemaIntrospector(db, schema)), provider, migrationTableSchema: schema } : { db, provider },
  );
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const what = failed ? `Database migration ${failed}` : 'Preparing the database migrations (their tables, lock and record of what has run)';
    throw new StoreError(`${what} failed: ${(error as Error).message}`, { cause: error });
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

/** Turns SQLite's disk and lock failures, and PostgreSQL's disk and connection failures, into a StoreError that says what to do. */
export function storeFailure(operation: string, error: unknown): StoreError {
  const code = (error as { code?: string }).code ?? '';
  const hint =
    code === 'SQLITE_FULL'
      ? 'the disk is full: free space in the data directory; nothing of this page was kept and the next sync resumes from the last checkpoint'
      : code === 'SQLITE_READONLY'
        ? 'the database is read-only: check the data directory permissions'
        : code === 'SQLITE_BUSY'
          ? 'the database is locked by another process: stop other Parapet processes using the same data directory'
          : code === '53100'
            ? 'the PostgreSQL server is out of disk space: free space on it; nothing of this page was kept and the next sync resumes from the last checkpoint'
            : code === 'ECONNREFUSED' || code === '57P01' || code === '57P03'
              ? `the PostgreSQL server is not reachable (${(error as Error).message}): check that it is up and PARAPET_DATABASE_URL; the next sync resumes from the last checkpoint`
              : (error as Error).message;
  return new StoreError(`${operation}: ${hint}`, { cause: error });
}

function restrictUmask(): void {
  try {
    process.umask(process.umask() | PRIVATE_UMASK);
  } catch {
    // Worker threads cannot change the umask; the chmod and the warnings below still apply.
  }
}

/**
 * What other users of this machine could read: the data directory beyond 0700, the database, its WAL and
 * the key files beyond 0600. Each message names the command that fixes it.
 */
export function permissionWarnings(dataDir: string, files: readonly string[]): string[] {
  const warnings: string[] = [];
  const loose = (path: string) => (existsSync(path) ? statSync(path).mode & 0o077 : 0);
  if (loose(dataDir)) {
    warnings.push(`The data directory ${dataDir} is readable by other users (mode ${modeOf(dataDir)}): run chmod 700 ${dataDir}`);
  }
  for (const path of files) {
    if (loose(path)) warnings.push(`${path} is readable by other users (mode ${modeOf(path)}): run chmod 600 ${path}`);
  }
  return warnings;
}

function modeOf(path: string): string {
  return (statSync(path).mode & 0o777).toString(8).padStart(3, '0');
}
