import { sql, type ExpressionBuilder } from 'kysely';
import { inTransaction, type Db } from '../db.js';
import { dialectOf } from '../dialect.js';
import { listActivityPartitions } from './activity-partitions.js';
import type { Database } from '../schema.js';

/** The shortest retention Parapet accepts: longer than any first sync's backfill (PARAPET_BACKFILL_DAYS ≤ 30). */
export const MIN_RETENTION_DAYS = 31;

const DAY_MS = 86_400_000;
const DELETE_BATCH = 5_000;

export interface RetentionPlan {
  /** Activities older than this (epoch ms) may go. */
  cutoff: number;
  /** Count only; delete nothing. */
  dryRun?: boolean;
  /** Rows per delete transaction (each commits on its own, so a large purge never holds the store for long). */
  batchSize?: number;
  /** After each partition and batch: deleted so far, of the total the purge found. */
  onProgress?: (deleted: number, total: number) => void;
}

export interface RetentionResult {
  cutoff: number;
  /** Activities deleted (or, in a dry run, that would be). */
  deleted: number;
  /** Older than the cutoff but kept because an alert cites them as evidence. */
  keptAsEvidence: number;
  /** Older than the cutoff but kept because detection has not evaluated them yet. */
  keptUnevaluated: number;
  /** PostgreSQL: monthly partitions dropped whole. */
  droppedPartitions: string[];
}

/** The cutoff for keeping `days` of activity at `now`; refuses a retention shorter than {@link MIN_RETENTION_DAYS}. */
export function retentionCutoff(days: number, now: number): number {
  if (!Number.isInteger(days) || days < MIN_RETENTION_DAYS) {
    throw new RangeError(`Retention must be a whole number of days, at least ${MIN_RETENTION_DAYS} (longer than a first sync's backfill, so a re-read page cannot bring back what was purged); got ${days}.`);
  }
  return now - days * DAY_MS;
}

/**
 * The newest ingest number a purge may touch: rows detection has not read yet stay (they would never be
 * evaluated). The newest row may go: writers number from a counter that never goes back (migration 0015).
 */
async function purgeableSeqBound(db: Db): Promise<number> {
  const cursor = await db.selectFrom('detection_cursor').select((eb) => eb.fn.min('position').as('position')).executeTakeFirst();
  return Number(cursor?.position ?? 0);
}

/** An alert cites the activity as evidence: such rows outlive retention. */
function citedAsEvidence(eb: ExpressionBuilder<Database, 'activities'>) {
  return eb.exists(eb.selectFrom('alert_evidence').select(sql`1`.as('one')).whereRef('alert_evidence.activity_id', '=', 'activities.id'));
}

function purgeable(db: Db, cutoff: number, seqBound: number) {
  return db
    .selectFrom('activities')
    .where('time', '<', cutoff)
    .where('ingest_seq', '<=', seqBound)
    .where((eb) => eb.not(citedAsEvidence(eb)));
}

async function countOlder(db: Db, cutoff: number): Promise<{ total: number; evidence: number }> {
  const total = await db.selectFrom('activities').select((eb) => eb.fn.countAll<number>().as('n')).where('time', '<', cutoff).executeTakeFirst();
  const evidence = await db
    .selectFrom('activities')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('time', '<', cutoff)
    .where(citedAsEvidence)
    .executeTakeFirst();
  return { total: Number(total?.n ?? 0), evidence: Number(evidence?.n ?? 0) };
}

/**
 * Deletes activities older than the cutoff, except those an alert cites as evidence and those detection has
 * not evaluated. On PostgreSQL a month partition with nothing to keep is dropped whole (cheap at any size);
 * what remains goes row by row, in batches that each commit.
 */
export async function purgeActivities(db: Db, plan: RetentionPlan): Promise<RetentionResult> {
  const { cutoff } = plan;
  const batchSize = plan.batchSize ?? DELETE_BATCH;
  const seqBound = await purgeableSeqBound(db);
  const before = await countOlder(db, cutoff);
  const purgeableCount = Number((await purgeable(db, cutoff, seqBound).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
  const result: RetentionResult = {
    cutoff,
    deleted: purgeableCount,
    keptAsEvidence: before.evidence,
    keptUnevaluated: before.total - before.evidence - purgeableCount,
    droppedPartitions: [],
  };
  if (plan.dryRun || purgeableCount === 0) return result;

  let deleted = 0;
  if (dialectOf(db) === 'postgres') {
    for (const partition of await listActivityPartitions(db)) {
      if (partition.to > cutoff) continue;
      await inTransaction(db, 'drop an expired activity partition', async (trx) => {
        const table = sql.id(partition.name);
        const keep = await sql<{ n: string }>`
          select count(*) as n from ${table} a
          where a.ingest_seq is null or a.ingest_seq > ${seqBound} or exists (select 1 from alert_evidence e where e.activity_id = a.id)`.execute(trx);
        if (Number(keep.rows[0]?.n ?? 1) > 0) return;
        const rows = await sql<{ n: string }>`select count(*) as n from ${table}`.execute(trx);
        await sql`drop table ${table}`.execute(trx);
        deleted += Number(rows.rows[0]?.n ?? 0);
        result.droppedPartitions.push(partition.name);
      });
      plan.onProgress?.(deleted, purgeableCount);
    }
  }
  for (;;) {
    const removed = await inTransaction(db, 'purge expired activities', async (trx) => {
      const ids = purgeable(trx, cutoff, seqBound).select('id').limit(batchSize);
      const outcome = await trx.deleteFrom('activities').where('id', 'in', ids).executeTakeFirst();
      return Number(outcome.numDeletedRows);
    });
    deleted += removed;
    plan.onProgress?.(deleted, purgeableCount);
    if (removed < batchSize) break;
  }
  result.deleted = deleted;
  return result;
}
