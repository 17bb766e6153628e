import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.js';

/**
 * PostgreSQL only: the activities table is partitioned by month of `time` (migration 0001). Partitions are
 * made as rows need them (insertActivities calls {@link ensureActivityPartitions}), and retention drops whole
 * ones ({@link dropActivityPartitionsBefore}).
 */

const PARTITION_LOCK = 0x70617262;

/** The name of the partition that holds activities of the month starting at `monthStart` (UTC). */
export function partitionName(monthStart: Date): string {
  return `activities_p${monthStart.getUTCFullYear()}${String(monthStart.getUTCMonth() + 1).padStart(2, '0')}`;
}

function monthStartOf(time: number): Date {
  const d = new Date(time);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}

function nextMonth(start: Date): Date {
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

/**
 * Creates the monthly partitions that rows with these times need (no-op for the ones that exist). Runs in
 * the caller's transaction, so a rolled-back page leaves no partition behind and nothing is cached: the
 * check is one catalog query per page.
 */
export async function ensureActivityPartitions(db: Kysely<Database>, times: Iterable<number>): Promise<string[]> {
  const months = new Map<string, Date>();
  for (const time of times) {
    if (!Number.isFinite(time)) continue;
    const start = monthStartOf(time);
    months.set(partitionName(start), start);
  }
  if (months.size === 0) return [];
  const names = [...months.keys()];
  const existing = await sql<{ relname: string }>`select relname from pg_class where relkind in ('r', 'p') and relnamespace = current_schema()::regnamespace and relname = any(${names})`.execute(db);
  const have = new Set(existing.rows.map((r) => r.relname));
  const created: string[] = [];
  for (const [name, start] of months) {
    if (have.has(name)) continue;
    // Two writers creating the same month: IF NOT EXISTS plus the lock make the second a no-op.
    await sql`select pg_advisory_xact_lock(${PARTITION_LOCK})`.execute(db);
    await sql`create table if not exists ${sql.id(name)} partition of activities for values from (${sql.lit(start.getTime())}) to (${sql.lit(nextMonth(start).getTime())})`.execute(db);
    created.push(name);
  }
  return created;
}

/** The partitions of the activities table, oldest first, with the times they hold ([from, to) in ms). */
export async function listActivityPartitions(db: Kysely<Database>): Promise<{ name: string; from: number; to: number }[]> {
  const rows = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
    where p.relname = 'activities' and p.relnamespace = current_schema()::regnamespace`.execute(db);
  return rows.rows
    .map((r) => /^activities_p(\d{4})(\d{2})$/.exec(r.name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => {
      const start = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
      return { name: m[0], from: start.getTime(), to: nextMonth(start).getTime() };
    })
    .sort((a, b) => a.from - b.from);
}

/**
 * Retention: drops every monthly partition whose activities are all older than `cutoff` (ms). A month that
 * straddles the cutoff is kept whole: retention works in whole months, and never deletes row by row.
 * Returns the partitions dropped.
 */
export async function dropActivityPartitionsBefore(db: Kysely<Database>, cutoff: number): Promise<string[]> {
  const dropped: string[] = [];
  for (const partition of await listActivityPartitions(db)) {
    if (partition.to > cutoff) continue;
    await sql`drop table ${sql.id(partition.name)}`.execute(db);
    dropped.push(partition.name);
  }
  return dropped;
}
