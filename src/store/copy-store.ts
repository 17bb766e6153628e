import { sql } from 'kysely';
import { StoreError } from '../core/errors.js';
import { inTransaction, type Db } from './db.js';
import { dialectOf } from './dialect.js';
import { ensureActivityPartitions } from './repos/activity-partitions.js';

/** Rows read and written per statement: PostgreSQL takes at most 65,535 parameters in one. */
const BATCH_ROWS = 500;

/**
 * Tables the destination's own triggers fill while the others are copied (migration 0013's inventory
 * counters): not copied. Their values only have to move when the inventory changes; a source migrated with
 * its inventory already stored has none yet.
 */
const FILLED_BY_TRIGGERS = new Set(['inventory_version']);

/** Tables the copy refuses to overwrite: any row in one means the destination is already in use. */
const IN_USE_TABLES = ['connector_instances', 'activities', 'alerts', 'users', 'accounts'] as const;

export interface CopyProgress {
  table: string;
  copied: number;
  total: number;
  /** Rows copied so far over all tables, of all there are. */
  allCopied: number;
  allTotal: number;
}

export interface CopyResult {
  /** Rows per table, in the order copied. */
  tables: { table: string; rows: number }[];
}

type Row = Record<string, unknown>;

/**
 * The tables of the source store in an order that satisfies their foreign keys (a referenced table before
 * the tables referring to it). Kysely's own migration bookkeeping is left out: the destination has its own;
 * so are tables the destination's triggers fill.
 */
async function tablesInDependencyOrder(source: Db): Promise<string[]> {
  const names = (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(source)).rows
    .map((r) => r.name)
    .filter((name) => !FILLED_BY_TRIGGERS.has(name));
  const dependsOn = new Map<string, Set<string>>();
  for (const name of names) {
    const keys = await sql<{ table: string }>`select "table" from pragma_foreign_key_list(${name})`.execute(source);
    dependsOn.set(name, new Set(keys.rows.map((k) => k.table).filter((t) => t !== name && names.includes(t))));
  }
  const ordered: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (ordered.includes(name)) return;
    if (path.includes(name)) throw new StoreError(`Foreign keys form a cycle (${[...path, name].join(' -> ')}): the store cannot be copied table by table.`);
    for (const dependency of dependsOn.get(name) ?? []) visit(dependency, [...path, name]);
    ordered.push(name);
  };
  for (const name of names) visit(name, []);
  return ordered;
}

async function count(db: Db, table: string): Promise<number> {
  const row = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}

/**
 * Copies every row of an embedded (SQLite) store into a PostgreSQL store that has been opened (so migrated)
 * and holds no data yet: one transaction, so a failed or interrupted copy leaves the destination as it was.
 * Secrets are copied as stored (sealed with the secret key, which both stores must share). Rows the
 * migrations seed in the destination (e.g. the detection position) are replaced by the source's.
 */
export async function copyStore(source: Db, destination: Db, onProgress: (progress: CopyProgress) => void = () => undefined): Promise<CopyResult> {
  if (dialectOf(source) !== 'sqlite') throw new StoreError('The copy reads an embedded (SQLite) store: run it without PARAPET_DATABASE_URL and name the PostgreSQL database with --to.');
  if (dialectOf(destination) !== 'postgres') throw new StoreError('The copy writes into PostgreSQL: --to must be a postgres:// URL.');
  for (const table of IN_USE_TABLES) {
    if ((await count(destination, table)) > 0) {
      throw new StoreError(`The PostgreSQL database already holds data (${table} is not empty): copy into a new, empty database (createdb --locale=C --template=template0 <name>).`);
    }
  }
  const tables = await tablesInDependencyOrder(source);
  const totals = new Map<string, number>();
  for (const table of tables) totals.set(table, await count(source, table));

  return inTransaction(destination, 'copy the store into PostgreSQL', async (trx) => {
    // Rows the destination's migrations seeded, children first.
    for (const table of [...tables].reverse()) {
      if ((await count(trx, table)) > 0) await sql`delete from ${sql.table(table)}`.execute(trx);
    }
    const result: CopyResult = { tables: [] };
    const allTotal = [...totals.values()].reduce((a, b) => a + b, 0);
    let allCopied = 0;
    for (const table of tables) {
      const total = totals.get(table) ?? 0;
      let copied = 0;
      let after = Number.MIN_SAFE_INTEGER;
      onProgress({ table, copied, total, allCopied, allTotal });
      for (;;) {
        const page = (await sql<Row & { __rowid: number }>`select rowid as __rowid, * from ${sql.table(table)} where rowid > ${after} order by rowid limit ${BATCH_ROWS}`.execute(source)).rows;
        if (page.length === 0) break;
        after = Number(page[page.length - 1]?.__rowid);
        const rows = page.map(({ __rowid: _rowid, ...row }) => row);
        if (table === 'activities') await ensureActivityPartitions(trx, rows.map((r) => Number(r.time)));
        await trx.insertInto(table as never).values(rows as never).execute();
        copied += rows.length;
        allCopied += rows.length;
        onProgress({ table, copied, total, allCopied, allTotal });
      }
      result.tables.push({ table, rows: copied });
    }
    await resetSequences(trx);
    for (const { table, rows } of result.tables) {
      const stored = await count(trx, table);
      if (stored !== rows) throw new StoreError(`The copy of ${table} holds ${stored} rows where ${rows} were read: nothing was written; run the copy again.`);
    }
    return result;
  });
}

/** Columns numbered by a sequence (e.g. the governance log's seq) continue after the copied numbers. */
async function resetSequences(trx: Db): Promise<void> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and (column_default like 'nextval(%' or is_identity = 'YES')`.execute(trx);
  for (const { table_name: table, column_name: column } of columns.rows) {
    await sql`select setval(pg_get_serial_sequence(${table}, ${column}), coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(trx);
  }
}
