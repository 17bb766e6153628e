import { DAY } from '../../core/clock.js';
import type { Db } from '../db.js';
import { greatest } from '../dialect.js';

/** What one committed page adds to its stream's completeness counters. */
export interface StreamCounters {
  lateArrivals: number;
  worstLateMs: number;
  duplicatesAbsorbed: number;
  requestsRetried: number;
}

/** Adds a page's counters; call inside the transaction that commits the page. A page with nothing to count writes nothing. */
export async function addStreamCounters(db: Db, instanceId: string, stream: string, add: StreamCounters, now: number): Promise<void> {
  if (add.lateArrivals === 0 && add.duplicatesAbsorbed === 0 && add.requestsRetried === 0) return;
  const lastLate = add.lateArrivals > 0 ? now : null;
  await db
    .insertInto('stream_health')
    .values({
      connector_instance_id: instanceId,
      stream,
      late_arrivals: add.lateArrivals,
      worst_late_ms: add.worstLateMs,
      last_late_at: lastLate,
      duplicates_absorbed: add.duplicatesAbsorbed,
      requests_retried: add.requestsRetried,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['connector_instance_id', 'stream']).doUpdateSet((eb) => ({
        late_arrivals: eb('stream_health.late_arrivals', '+', add.lateArrivals),
        worst_late_ms: eb.fn(greatest(db), [eb.ref('stream_health.worst_late_ms'), eb.ref('excluded.worst_late_ms')]),
        last_late_at: lastLate === null ? eb.ref('stream_health.last_late_at') : eb.val(lastLate),
        duplicates_absorbed: eb('stream_health.duplicates_absorbed', '+', add.duplicatesAbsorbed),
        requests_retried: eb('stream_health.requests_retried', '+', add.requestsRetried),
        updated_at: now,
      })),
    )
    .execute();
}

export interface StoredStreamCounters extends StreamCounters {
  stream: string;
  lastLateAt: number | null;
}

export async function getStreamCounters(db: Db, instanceId: string): Promise<StoredStreamCounters[]> {
  const rows = await db.selectFrom('stream_health').selectAll().where('connector_instance_id', '=', instanceId).execute();
  return rows.map((r) => ({
    stream: r.stream,
    lateArrivals: Number(r.late_arrivals),
    worstLateMs: Number(r.worst_late_ms),
    lastLateAt: r.last_late_at === null ? null : Number(r.last_late_at),
    duplicatesAbsorbed: Number(r.duplicates_absorbed),
    requestsRetried: Number(r.requests_retried),
  }));
}

export interface ActivityVolume {
  /** The newest event time stored, or null when none is. */
  newestEventAt: number | null;
  /** Events whose time falls in the last 24 hours. */
  lastDay: number;
  /** Events per day over the 7 days before that, where the store has them. */
  usualPerDay: number;
  /**
   * Events in the same hours a week earlier as the quiet since the newest event (from the newest event to
   * now, both minus 7 days): how busy this stretch of the week usually is. Null when no event is stored.
   */
  quietHoursWeekBefore: number | null;
}

/** How much activity an instance delivered lately, against the week before. */
export async function activityVolume(db: Db, instanceId: string, now: number): Promise<ActivityVolume> {
  const newest = await db
    .selectFrom('activities')
    .select((eb) => eb.fn.max<number | string | null>('time').as('t'))
    .where('connector_instance_id', '=', instanceId)
    .executeTakeFirst();
  const count = async (from: number, to: number) => {
    const row = await db
      .selectFrom('activities')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('connector_instance_id', '=', instanceId)
      .where('time', '>=', from)
      .where('time', '<', to)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const lastDay = await count(now - DAY, now + DAY);
  const week = await count(now - 8 * DAY, now - DAY);
  const newestEventAt = newest?.t === null || newest?.t === undefined ? null : Number(newest.t);
  // Strictly after the newest event's time a week before, up to now a week before.
  const quietHoursWeekBefore = newestEventAt === null ? null : await count(newestEventAt - 7 * DAY + 1, now - 7 * DAY);
  return { newestEventAt, lastDay, usualPerDay: week / 7, quietHoursWeekBefore };
}

export interface LastRun {
  stream: string;
  startedAt: number;
  finishedAt: number | null;
  status: string;
  records: number;
  error: string | null;
}

/** Each stream's latest run and its latest failed run. */
export async function lastRuns(db: Db, instanceId: string): Promise<{ latest: Map<string, LastRun>; latestFailed: Map<string, LastRun> }> {
  // The latest runs are enough: a poller adds one per stream every few minutes.
  const rows = (await db.selectFrom('sync_runs').selectAll().where('connector_instance_id', '=', instanceId).orderBy('started_at', 'desc').limit(2000).execute()).reverse();
  const latest = new Map<string, LastRun>();
  const latestFailed = new Map<string, LastRun>();
  for (const r of rows) {
    const run: LastRun = { stream: r.stream, startedAt: Number(r.started_at), finishedAt: r.finished_at === null ? null : Number(r.finished_at), status: r.status, records: Number(r.records), error: r.error };
    latest.set(r.stream, run);
    if (r.status === 'failed') latestFailed.set(r.stream, run);
  }
  return { latest, latestFailed };
}
