import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';
import { FOLD_FUNCTION, foldText } from './text-fold.js';

/**
 * One SQLite connection, whichever driver opened it: the part of better-sqlite3's API that Kysely's
 * SqliteDialect and Parapet's fast paths use.
 *
 * Why two drivers: better-sqlite3 12 is the last major that builds for Node 20, and it aborts on Node 24
 * when V8 collects a statement (WiseLibs/better-sqlite3#1515); Node 22.16+ and 24 ship `node:sqlite`, which
 * has what we need. So Node 20 uses better-sqlite3 and newer Nodes use the built-in module, and
 * better-sqlite3 is never loaded there. `PARAPET_SQLITE_DRIVER=better-sqlite3|node:sqlite` overrides the
 * choice (tests run both where both exist).
 */
export interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  /** `PRAGMA <text>`, its result discarded. */
  pragma(text: string): void;
  readonly inTransaction: boolean;
  close(): void;
}

export type SqliteParameters = readonly unknown[] | object;

export interface SqliteStatement {
  /** The statement returns rows. */
  readonly reader: boolean;
  all(parameters?: SqliteParameters): unknown[];
  get(parameters?: SqliteParameters): unknown;
  run(parameters?: SqliteParameters): { changes: number | bigint; lastInsertRowid: number | bigint };
  iterate(parameters?: SqliteParameters): IterableIterator<unknown>;
}

export type SqliteDriverName = 'better-sqlite3' | 'node:sqlite';

export interface OpenSqliteOptions {
  readonly?: boolean;
  fileMustExist?: boolean;
  /** @default the process's choice ({@link sqliteDriver}) */
  driver?: SqliteDriverName;
}

const require = createRequire(import.meta.url);

interface NodeSqliteStatement {
  all(...parameters: unknown[]): unknown[];
  get(...parameters: unknown[]): unknown;
  run(...parameters: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  iterate(...parameters: unknown[]): IterableIterator<unknown>;
  columns?: () => unknown[];
}
interface NodeSqliteDatabase {
  prepare(sql: string): NodeSqliteStatement;
  exec(sql: string): void;
  function(name: string, options: { deterministic?: boolean }, fn: (value: unknown) => unknown): void;
  close(): void;
  readonly isTransaction?: boolean;
}
type NodeSqliteModule = { DatabaseSync: new (file: string, options?: { readOnly?: boolean }) => NodeSqliteDatabase };

function loadNodeSqlite(): NodeSqliteModule | undefined {
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const mod = getBuiltin?.('node:sqlite') as NodeSqliteModule | undefined;
  // `columns()` (22.16 / 23.11) tells readers from writers; `isTransaction` (22.16 / 24.0) the transaction state.
  if (!mod) return undefined;
  const probe = new mod.DatabaseSync(':memory:');
  try {
    return typeof probe.prepare('SELECT 1').columns === 'function' && typeof probe.isTransaction === 'boolean' ? mod : undefined;
  } finally {
    probe.close();
  }
}

/** Node's built-in SQLite, if this Node has all of it that Parapet uses. */
export function nodeSqliteAvailable(): boolean {
  return loadNodeSqlite() !== undefined;
}

function nodeSqliteOrThrow(): NodeSqliteModule {
  const mod = loadNodeSqlite();
  if (!mod) throw new Error(`PARAPET_SQLITE_DRIVER=node:sqlite needs Node 22.16 or later (this is ${process.version}): unset it to use better-sqlite3.`);
  return mod;
}

let chosen: { name: SqliteDriverName; nodeSqlite?: NodeSqliteModule } | undefined;

/** The driver this process uses. */
export function sqliteDriver(): SqliteDriverName {
  return choose().name;
}

function choose(): { name: SqliteDriverName; nodeSqlite?: NodeSqliteModule } {
  if (chosen) return chosen;
  const wanted = process.env.PARAPET_SQLITE_DRIVER;
  if (wanted && wanted !== 'better-sqlite3' && wanted !== 'node:sqlite') {
    throw new Error(`PARAPET_SQLITE_DRIVER=${wanted} is not a SQLite driver: use better-sqlite3 or node:sqlite, or unset it.`);
  }
  const nodeSqlite = wanted === 'better-sqlite3' ? undefined : wanted === 'node:sqlite' ? nodeSqliteOrThrow() : loadNodeSqlite();
  chosen = nodeSqlite ? { name: 'node:sqlite', nodeSqlite } : { name: 'better-sqlite3' };
  return chosen;
}

/** Opens a SQLite database file (created unless `fileMustExist` or `readonly`). */
export function openSqlite(file: string, options: OpenSqliteOptions = {}): SqliteConnection {
  const driver = options.driver === undefined ? choose() : options.driver === 'node:sqlite' ? { nodeSqlite: nodeSqliteOrThrow() } : {};
  if (driver.nodeSqlite) {
    if ((options.fileMustExist || options.readonly) && file !== ':memory:') {
      // node:sqlite creates missing files even read-only; better-sqlite3's fileMustExist refuses them.
      if (!existsSync(file)) throw Object.assign(new Error(`unable to open database file: ${file} does not exist`), { code: 'SQLITE_CANTOPEN' });
    }
    return wrapNodeSqlite(driver.nodeSqlite, file, options);
  }
  const BetterSqlite = require('better-sqlite3') as typeof BetterSqlite3;
  const db = new BetterSqlite(file, { readonly: options.readonly ?? false, fileMustExist: options.fileMustExist ?? false });
  db.function(FOLD_FUNCTION, { deterministic: true }, foldText);
  return {
    prepare: (sql) => db.prepare(sql) as unknown as SqliteStatement,
    exec: (sql) => void db.exec(sql),
    pragma: (text) => void db.pragma(text),
    get inTransaction() {
      return db.inTransaction;
    },
    close: () => void db.close(),
  };
}

/** SQLite's primary result codes by number, named as better-sqlite3 names them in `error.code`. */
const RESULT_CODES: Record<number, string> = {
  5: 'SQLITE_BUSY',
  8: 'SQLITE_READONLY',
  13: 'SQLITE_FULL',
  14: 'SQLITE_CANTOPEN',
  19: 'SQLITE_CONSTRAINT',
};

/** node:sqlite says `ERR_SQLITE_ERROR` with a numeric `errcode`: give it the name callers test for. */
function withSqliteCode<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    const errcode = (error as { errcode?: unknown }).errcode;
    if (typeof errcode === 'number') {
      const name = RESULT_CODES[errcode & 0xff];
      if (name) {
        try {
          (error as { code: string }).code = name;
        } catch {
          throw Object.assign(new Error((error as Error).message, { cause: error }), { code: name });
        }
      }
    }
    throw error;
  }
}

function bind(parameters: SqliteParameters | undefined): unknown[] {
  if (parameters === undefined) return [];
  return Array.isArray(parameters) ? (parameters as unknown[]) : [parameters];
}

function wrapNodeSqlite(mod: NodeSqliteModule, file: string, options: OpenSqliteOptions): SqliteConnection {
  const db = withSqliteCode(() => new mod.DatabaseSync(file, { readOnly: options.readonly ?? false }));
  // better-sqlite3 waits up to 5 s for a lock by default; node:sqlite fails at once ("database is locked").
  db.exec('PRAGMA busy_timeout = 5000');
  db.function(FOLD_FUNCTION, { deterministic: true }, foldText);
  return {
    prepare(sql) {
      const statement = withSqliteCode(() => db.prepare(sql));
      const reader = (statement.columns?.() ?? []).length > 0;
      return {
        reader,
        all: (p) => withSqliteCode(() => statement.all(...bind(p))),
        get: (p) => withSqliteCode(() => statement.get(...bind(p))),
        run: (p) => withSqliteCode(() => statement.run(...bind(p))),
        iterate: (p) => withSqliteCode(() => statement.iterate(...bind(p))),
      };
    },
    exec: (sql) => withSqliteCode(() => db.exec(sql)),
    pragma: (text) => withSqliteCode(() => db.exec(`PRAGMA ${text}`)),
    get inTransaction() {
      return db.isTransaction === true;
    },
    close: () => db.close(),
  };
}

/**
 * The connection with its prepared statements kept for reuse, by SQL text, the `max` most recently used:
 * Kysely prepares every query it runs anew, and preparing costs SQLite more than running most of the small
 * statements Parapet repeats (detection runs the same dozen per page; the API the same per request).
 * SQLite re-prepares a kept statement itself when the schema changed. `iterate` gets a statement of its own,
 * so a query still being read never makes the same SQL busy for the next caller. SQL longer than
 * `maxSqlLength` is not kept: that is a list of hundreds of rows or values, new SQL for every length, whose
 * compiled program can take megabytes, and whose preparing is small next to its running.
 */
export function withStatementCache(connection: SqliteConnection, max = 256, maxSqlLength = 4096): SqliteConnection {
  const kept = new Map<string, SqliteStatement>();
  const cached = (sql: string): SqliteStatement => {
    if (sql.length > maxSqlLength) return connection.prepare(sql);
    const hit = kept.get(sql);
    if (hit) {
      // Most recently used last: a Map iterates in insertion order.
      kept.delete(sql);
      kept.set(sql, hit);
      return hit;
    }
    const statement = connection.prepare(sql);
    const entry: SqliteStatement = {
      reader: statement.reader,
      all: (p) => (p === undefined ? statement.all() : statement.all(p)),
      get: (p) => (p === undefined ? statement.get() : statement.get(p)),
      run: (p) => (p === undefined ? statement.run() : statement.run(p)),
      iterate: (p) => (p === undefined ? connection.prepare(sql).iterate() : connection.prepare(sql).iterate(p)),
    };
    kept.set(sql, entry);
    if (kept.size > max) kept.delete(kept.keys().next().value as string);
    return entry;
  };
  return {
    prepare: cached,
    exec: (sql) => connection.exec(sql),
    pragma: (text) => connection.pragma(text),
    get inTransaction() {
      return connection.inTransaction;
    },
    close: () => {
      kept.clear();
      connection.close();
    },
  };
}

/**
 * SQLite with every transaction begun IMMEDIATE (Kysely's dialect begins DEFERRED). A deferred transaction
 * that reads and then writes fails at once with "database is locked" when another connection committed
 * after its first read (SQLite cannot upgrade a stale snapshot, and the busy timeout does not apply): a
 * second process or thread on the same file (`parapet serve` beside a CLI sync, detection beside ingest)
 * would make Parapet's read-then-write transactions fail. IMMEDIATE takes the write lock at `begin`, where
 * the busy timeout waits for the other writer instead.
 */
export class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}
