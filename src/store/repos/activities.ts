import type { SqliteConnection, SqliteStatement } from '../sqlite.js';
import type { Activity } from '../../core/activity.js';
import type { Db } from '../db.js';
import { dialectOf } from '../dialect.js';
import { ensureActivityPartitions } from './activity-partitions.js';
import type { ActivitiesTable } from '../schema.js';

const bool = (v: boolean | null | undefined): number | null => (v === null || v === undefined ? null : v ? 1 : 0);
const unbool = (v: number | null): boolean | null => (v === null ? null : v === 1);
const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));
const unjson = <T>(v: string | null): T | null => (v === null ? null : (JSON.parse(v) as T));

/** The row of an activity; `ingestSeq` is given by the writer in the storing transaction. */
export function activityToRow(a: Activity, ingestSeq: number | null = null): ActivitiesTable {
  return {
    id: a.id,
    connector_instance_id: a.connectorInstanceId,
    provider: a.provider,
    app: a.app,
    tenant_id: a.tenantId,
    source_id: a.sourceId,
    time: a.time,
    original_time: a.originalTime,
    ingested_at: a.ingestedAt,
    class_uid: a.ocsf.classUid,
    activity_id: a.ocsf.activityId,
    category_uid: a.ocsf.categoryUid,
    severity_id: a.severityId,
    action: a.action,
    event_type: a.eventType,
    message: a.message,
    outcome: a.outcome,
    outcome_reason: a.outcomeReason,
    outcome_code: a.outcomeCode,
    actor_user_id: a.actor.userId,
    actor_email: a.actor.email,
    actor_name: a.actor.name,
    actor_type: a.actor.type,
    actor_is_admin: bool(a.actor.isAdmin),
    actor_app_id: a.actor.appId,
    actor_app_name: a.actor.appName,
    impersonator: json(a.impersonator),
    service: json(a.service),
    targets: JSON.stringify(a.targets),
    src_ip: a.srcIp,
    src_port: a.srcPort,
    ip_version: a.ipVersion,
    geo_country: a.geo.country,
    geo_region: a.geo.region,
    geo_city: a.geo.city,
    geo_lat: a.geo.lat,
    geo_lon: a.geo.lon,
    geo_source: a.geo.source,
    asn: a.asn,
    as_org: a.asOrg,
    isp: a.isp,
    ip_flags: json(a.ipFlags),
    user_agent: a.userAgent,
    ua_os: a.ua.os,
    ua_browser: a.ua.browser,
    ua_device: a.ua.device,
    device: json(a.device),
    session_id: a.sessionId,
    correlation_id: a.correlationId,
    auth_mfa: bool(a.auth.mfa),
    auth_protocol: a.auth.protocol,
    auth_interactive: bool(a.auth.interactive),
    auth_method: a.auth.method,
    raw: JSON.stringify(a.raw),
    ingest_seq: ingestSeq,
  };
}

export function rowToActivity(r: ActivitiesTable): Activity {
  return {
    id: r.id,
    connectorInstanceId: r.connector_instance_id,
    provider: r.provider as Activity['provider'],
    app: r.app,
    tenantId: r.tenant_id,
    sourceId: r.source_id,
    time: Number(r.time),
    originalTime: r.original_time,
    ingestedAt: Number(r.ingested_at),
    ocsf: { classUid: r.class_uid, activityId: r.activity_id, categoryUid: r.category_uid },
    severityId: r.severity_id,
    action: r.action as Activity['action'],
    eventType: r.event_type,
    message: r.message,
    outcome: r.outcome as Activity['outcome'],
    outcomeReason: r.outcome_reason,
    outcomeCode: r.outcome_code,
    actor: {
      userId: r.actor_user_id,
      email: r.actor_email,
      name: r.actor_name,
      type: r.actor_type as Activity['actor']['type'],
      isAdmin: unbool(r.actor_is_admin),
      appId: r.actor_app_id,
      appName: r.actor_app_name,
    },
    impersonator: unjson(r.impersonator),
    service: unjson(r.service),
    targets: JSON.parse(r.targets) as Activity['targets'],
    srcIp: r.src_ip,
    srcPort: r.src_port,
    ipVersion: r.ip_version as Activity['ipVersion'],
    geo: {
      country: r.geo_country,
      region: r.geo_region,
      city: r.geo_city,
      lat: r.geo_lat,
      lon: r.geo_lon,
      source: r.geo_source as Activity['geo']['source'],
    },
    asn: r.asn,
    asOrg: r.as_org,
    isp: r.isp,
    ipFlags: unjson(r.ip_flags),
    userAgent: r.user_agent,
    ua: { os: r.ua_os, browser: r.ua_browser, device: r.ua_device },
    device: unjson(r.device),
    sessionId: r.session_id,
    correlationId: r.correlation_id,
    auth: {
      mfa: unbool(r.auth_mfa),
      protocol: r.auth_protocol as Activity['auth']['protocol'],
      interactive: unbool(r.auth_interactive),
      method: r.auth_method,
    },
    raw: JSON.parse(r.raw) as Record<string, unknown>,
  };
}

// SQLite allows 32766 bound parameters per statement; an activity row has 57 columns.
const ROWS_PER_STATEMENT = 500;

/**
 * Stores activities; one already stored for the same instance and provider event id is skipped (re-ingest
 * is a no-op). Returns how many rows were new. Call inside the transaction that commits the page's checkpoint.
 */
export async function insertActivities(db: Db, activities: readonly Activity[]): Promise<number> {
  return (await insertNumbered(db, activities)).inserted;
}

/**
 * {@link insertActivities}, also saying which ingest sequence number the first activity was given: the i-th was
 * given `firstSeq + i` (the number of a row the unique key skipped stays unused).
 */
async function insertNumbered(db: Db, activities: readonly Activity[]): Promise<{ inserted: number; firstSeq: number }> {
  if (activities.length === 0) return { inserted: 0, firstSeq: 0 };
  let inserted = 0;
  let seq = await lastIngestSeqHandedOut(db);
  const firstSeq = seq + 1;
  // A partitioned table's unique key includes the partition key (PostgreSQL, migration 0001), and the
  // months the rows fall in need their partitions.
  const postgres = dialectOf(db) === 'postgres';
  const key = postgres ? (['connector_instance_id', 'source_id', 'time'] as const) : (['connector_instance_id', 'source_id'] as const);
  if (postgres) await ensureActivityPartitions(db, activities.map((a) => a.time));
  for (let i = 0; i < activities.length; i += ROWS_PER_STATEMENT) {
    const rows = activities.slice(i, i + ROWS_PER_STATEMENT).map((a) => activityToRow(a, ++seq));
    const result = await db
      .insertInto('activities')
      .values(rows)
      .onConflict((oc) => oc.columns(key).doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  // Numbers of rows the unique key skipped stay unused: gaps are harmless, a number given twice is not.
  await db
    .insertInto('ingest_counter')
    .values({ name: INGEST_COUNTER, last_seq: seq })
    .onConflict((oc) => oc.column('name').doUpdateSet({ last_seq: seq }))
    .execute();
  return { inserted, firstSeq };
}

/** The highest ingest sequence stored: how far a reader of activities (detection) can get. */
export async function lastIngestSeq(db: Db): Promise<number> {
  const row = await db.selectFrom('activities').select((eb) => eb.fn.max('ingest_seq').as('seq')).executeTakeFirst();
  return Number(row?.seq ?? 0);
}

/** The row of `ingest_counter` (migration 0015) that numbers activities. */
const INGEST_COUNTER = 'activities';

/**
 * The last ingest sequence handed out: writers number new rows after it, inside the page's transaction. Writers
 * take turns (SQLite's single writer, PostgreSQL's ingest lock), so numbers are given in commit order and a
 * reader never sees a gap filled later. The counter, not max(ingest_seq), so rows deleted by hand never give
 * their numbers out again below detection's cursor; the stored maximum too, so rows numbered by something
 * else (a bulk load) are never numbered twice.
 */
async function lastIngestSeqHandedOut(db: Db): Promise<number> {
  const counter = await db.selectFrom('ingest_counter').select('last_seq').where('name', '=', INGEST_COUNTER).executeTakeFirst();
  return Math.max(Number(counter?.last_seq ?? 0), await lastIngestSeq(db));
}

/**
 * The activities of a page that were new, in the order they were stored, and the ingest sequence number the
 * first was given: the i-th was given `firstSeq + i` (what detection, handed the page, checks against the log).
 */
export interface WrittenPage {
  fresh: Activity[];
  firstSeq: number;
}

/** Writes a page of activities inside the caller's transaction; returns the ones that were new. */
export type ActivityWriter = (trx: Db, activities: readonly Activity[]) => Promise<WrittenPage>;

/** Writes the activities not stored yet (`fresh`, in order) with {@link insertActivities}. */
export async function writeFresh(trx: Db, fresh: Activity[]): Promise<WrittenPage> {
  return { fresh, firstSeq: (await insertNumbered(trx, fresh)).firstSeq };
}

/** The portable writer: looks up which provider ids are stored, then inserts the rest with Kysely. */
export const kyselyActivityWriter: ActivityWriter = async (trx, activities) => {
  const known = await existingSourceIds(trx, activities[0]?.connectorInstanceId ?? '', activities.map((a) => a.sourceId));
  return writeFresh(trx, activities.filter((a) => !known.has(a.sourceId)));
};

/**
 * The SQLite fast path for the ingest hot path: one prepared statement reused for every row (no per-page
 * compile and prepare, no lookup query: the unique key says which rows were new). It runs on the store's
 * single connection, so called inside a Kysely transaction on that store it is part of that transaction.
 * All activities of a call must belong to one connector instance.
 */
export function sqliteActivityWriter(native: SqliteConnection): ActivityWriter {
  let statement: SqliteStatement | null = null;
  // lastIngestSeqHandedOut and insertActivities' counter write, as prepared statements.
  const lastSeq = native.prepare(
    `SELECT max(coalesce((SELECT last_seq FROM ingest_counter WHERE name = '${INGEST_COUNTER}'), 0), coalesce((SELECT max(ingest_seq) FROM activities), 0)) AS seq`,
  );
  const handedOut = native.prepare(`INSERT INTO ingest_counter (name, last_seq) VALUES ('${INGEST_COUNTER}', ?) ON CONFLICT (name) DO UPDATE SET last_seq = excluded.last_seq`);
  return async (_trx, activities) => {
    if (activities.length === 0) return { fresh: [], firstSeq: 0 };
    const last = Number((lastSeq.get() as { seq: number | bigint }).seq);
    let seq = last;
    if (!statement) {
      const columns = Object.keys(activityToRow(activities[0] as Activity));
      statement = native.prepare(
        `INSERT INTO activities (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')}) ON CONFLICT (connector_instance_id, source_id) DO NOTHING`,
      );
    }
    const fresh: Activity[] = [];
    for (const activity of activities) {
      if (statement.run(activityToRow(activity, seq + 1)).changes === 1) {
        seq++;
        fresh.push(activity);
      }
    }
    if (seq > last) handedOut.run([seq]);
    return { fresh, firstSeq: last + 1 };
  };
}

/** Which of these provider event ids are already stored for the instance. */
export async function existingSourceIds(db: Db, instanceId: string, sourceIds: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < sourceIds.length; i += ROWS_PER_STATEMENT * 10) {
    const chunk = sourceIds.slice(i, i + ROWS_PER_STATEMENT * 10);
    const rows = await db
      .selectFrom('activities')
      .select('source_id')
      .where('connector_instance_id', '=', instanceId)
      .where('source_id', 'in', chunk)
      .execute();
    for (const r of rows) found.add(r.source_id);
  }
  return found;
}

export interface ActivityFilter {
  instanceId?: string;
  /** Matches the actor's e-mail (case-insensitive) or provider user id. */
  user?: string;
  ip?: string;
  action?: string;
  since?: number;
  until?: number;
  limit?: number;
  /** Oldest first (detection replays, backtests). @default newest first */
  ascending?: boolean;
}

export async function queryActivities(db: Db, filter: ActivityFilter = {}): Promise<Activity[]> {
  let query = db.selectFrom('activities').selectAll();
  if (filter.instanceId) query = query.where('connector_instance_id', '=', filter.instanceId);
  if (filter.user) {
    const user = filter.user.toLowerCase();
    query = query.where((eb) => eb.or([eb('actor_email', '=', user), eb('actor_user_id', '=', filter.user ?? '')]));
  }
  if (filter.ip) query = query.where('src_ip', '=', filter.ip);
  if (filter.action) query = query.where('action', '=', filter.action);
  if (filter.since !== undefined) query = query.where('time', '>=', filter.since);
  if (filter.until !== undefined) query = query.where('time', '<', filter.until);
  const direction = filter.ascending ? 'asc' : 'desc';
  const rows = await query.orderBy('time', direction).orderBy('id', direction).limit(filter.limit ?? 1000).execute();
  return rows.map(rowToActivity);
}

/** Some people's activities in a time range (detection's `RecallQuery`). */
export interface PeopleActivityQuery {
  emails: readonly string[];
  users: readonly { instanceId: string; userId: string }[];
  from: number;
  to: number;
}

/**
 * Activities by these people within `[from, to]`, earliest first: by e-mail in any app (whatever its case, as
 * providers write it), or by provider user id in the instance that names them. The time range picks the rows
 * (a policy's recall spans a day at most). `upToSeq`: only those stored at or before this ingest sequence
 * number (what a detection consumer evaluated).
 */
export async function recallActivities(db: Db, query: PeopleActivityQuery, limit: number, upToSeq?: number): Promise<Activity[]> {
  const emails = [...new Set(query.emails.map((e) => e.toLowerCase()))];
  if (emails.length === 0 && query.users.length === 0) return [];
  let select = db
    .selectFrom('activities')
    .selectAll()
    .where((eb) =>
      eb.or([
        ...(emails.length ? [eb(eb.fn<string>('lower', ['actor_email']), 'in', emails)] : []),
        ...query.users.map((u) => eb.and([eb('connector_instance_id', '=', u.instanceId), eb('actor_user_id', '=', u.userId)])),
      ]),
    )
    .where('time', '>=', query.from)
    .where('time', '<=', query.to);
  if (upToSeq !== undefined) select = select.where('ingest_seq', '<=', upToSeq);
  const rows = await select.orderBy('time').orderBy('id').limit(limit).execute();
  return rows.map(rowToActivity);
}

export async function countActivities(db: Db, instanceId?: string): Promise<number> {
  let query = db.selectFrom('activities').select((eb) => eb.fn.countAll<number>().as('n'));
  if (instanceId) query = query.where('connector_instance_id', '=', instanceId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listSourceIds(db: Db, instanceId: string): Promise<string[]> {
  const rows = await db.selectFrom('activities').select('source_id').where('connector_instance_id', '=', instanceId).orderBy('source_id').execute();
  return rows.map((r) => r.source_id);
}

/**
 * The ingest sequence numbers of the stored activities after `afterSeq`, in ingest order: which rows
 * {@link readActivitiesAfter} would return, read from the index alone, for a reader that already holds the
 * activities in memory with their numbers (detection right after the page that stored them). A number names
 * one stored activity for good: numbers are given in commit order and never again.
 */
export async function readActivitySeqsAfter(db: Db, afterSeq: number, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('activities').select('ingest_seq').where('ingest_seq', '>', afterSeq).orderBy('ingest_seq').limit(limit).execute();
  return rows.map((r) => Number(r.ingest_seq));
}

/** Stored activities after an ingest sequence number, in ingest order (detection's reading order). */
export async function readActivitiesAfter(db: Db, afterSeq: number, limit: number): Promise<{ seq: number; activity: Activity }[]> {
  const rows = await db.selectFrom('activities').selectAll().where('ingest_seq', '>', afterSeq).orderBy('ingest_seq').limit(limit).execute();
  return rows.map((r) => ({ seq: Number(r.ingest_seq), activity: rowToActivity(r) }));
}
