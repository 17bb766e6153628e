import { CompiledQuery, Kysely, PostgresDialect, PostgresDriver, sql, type DatabaseConnection, type Driver, type PostgresDialectConfig, type TransactionSettings } from 'kysely';
import pg from 'pg';
import type { Activity } from '../core/activity.js';
import { currentLockScope } from './lock-scope.js';
import { existingSourceIds, writeFresh, type ActivityWriter } from './repos/activities.js';
import type { Database } from './schema.js';

/** PostgreSQL's type ids whose text form node-postgres would hand back as a string. */
const INT8 = 20;
const NUMERIC = 1700;

/**
 * The pool's type parsers: Parapet stores millisecond timestamps and counters as bigint, and SQLite gives
 * them back as numbers; node-postgres would give strings (int8 may exceed 2^53). Parapet's values never do
 * (a millisecond timestamp reaches 2^53 in the year 287396), so int8 and numeric (sum, avg) parse as numbers.
 * The parsers belong to this pool only: other users of `pg` in the process keep the defaults.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8) return (value: string) => Number(value);
    if (oid === NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PostgresConnection {
  db: Kysely<Database>;
  pool: pg.Pool;
}

/** A Kysely instance on a connection pool to `url` (postgres://user:password@host:port/database). */
export function openPostgres(url: string, options: { max?: number } = {}): PostgresConnection {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types });
  // An idle client that loses its server (a restart) emits 'error' on the pool: without a listener that
  // would end the process; the next query gets a fresh connection instead.
  pool.on('error', () => undefined);
  return { pool, db: new Kysely<Database>({ dialect: new SerializedPostgresDialect({ pool }) }) };
}

/** Any constant: the advisory lock ids Parapet takes. */
const TRANSACTION_LOCK = 0x7061726b; // 'park'

/**
 * Every transaction starts by taking the database-wide advisory lock: exclusively by default, so Parapet's
 * transactions (written for SQLite, where they run one at a time) commit one at a time in every process on
 * the database, while reads outside transactions run in parallel; shared plus one lock per resource when the
 * caller narrowed it (`withLockScope`, lock-scope.ts: a sync's page commits, detection batches), so two
 * workers' page commits of different connections run side by side. Before the scopes existed two syncs
 * linking the same people into identities deadlocked; that resource has its own lock now (IDENTITY_LOCK).
 */
class SerializedPostgresDialect extends PostgresDialect {
  readonly #config: PostgresDialectConfig;
  constructor(config: PostgresDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new SerializedPostgresDriver(this.#config);
  }
}

class SerializedPostgresDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const scope = currentLockScope();
    const locks = scope
      ? [`select pg_advisory_xact_lock_shared(${TRANSACTION_LOCK})`, ...scope.keys.map(([namespace, key]) => `select pg_advisory_xact_lock(${namespace}, ${key})`)]
      : [`select pg_advisory_xact_lock(${TRANSACTION_LOCK})`];
    if (settings.isolationLevel || settings.accessMode) {
      await super.beginTransaction(connection, settings);
      await connection.executeQuery(CompiledQuery.raw(locks.join('; ')));
      return;
    }
    // One round trip instead of one per statement (a detection batch or a sync page is a few dozen in all):
    // without parameters node-postgres sends the simple query protocol, which runs them in order and stops at
    // the first error. The locks are integer constants and hashes, never input.
    await connection.executeQuery(CompiledQuery.raw(['begin', ...locks].join('; ')));
  }
}

/** `postgres://user:secret@host/db` without the password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the PostgreSQL URL (unparseable)';
  }
}

const INGEST_LOCK = 0x70617261; // 'para'

/**
 * The PostgreSQL writer: multi-row inserts (500 rows a statement, well under the 65535-parameter limit) into
 * the monthly partitions the rows need (made first). Its own advisory lock makes writers give ingest sequence
 * numbers one transaction at a time, in commit order, so detection, reading by sequence, never sees a gap
 * filled later (SQLite gets this from its single writer); page commits of different connections, which
 * otherwise run side by side, take turns from this write until they commit. The unique key of a partitioned table must include the partition key, so the stored provider
 * ids are looked up first (exact whatever the time), and the unique (instance, source id, time) key absorbs
 * a race.
 */
export const postgresActivityWriter: ActivityWriter = async (trx, activities) => {
  if (activities.length === 0) return { fresh: [], firstSeq: 0 };
  // Taken before the lookup, not only around the insert: the insert may create a month partition (an ACCESS
  // EXCLUSIVE lock on the parent table), and two writers that had each read the table first would wait on
  // each other's read lock: a deadlock (src/sync/lock-scope.test.ts, four syncs at once, caught it).
  await sql`select pg_advisory_xact_lock(${INGEST_LOCK})`.execute(trx);
  const known = await existingSourceIds(trx, activities[0]?.connectorInstanceId ?? '', activities.map((a) => a.sourceId));
  const seen = new Set<string>();
  const fresh: Activity[] = [];
  for (const a of activities) {
    if (known.has(a.sourceId) || seen.has(a.sourceId)) continue;
    seen.add(a.sourceId);
    fresh.push(a);
  }
  return writeFresh(trx, fresh);
};
