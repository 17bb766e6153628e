import type { Activity } from '../../core/activity.js';
import type { Db } from '../db.js';
import type { ActivitiesTable } from '../schema.js';
import { rowToActivity } from './activities.js';
import { containsText } from './text-match.js';

/** Filters of the activity log (API, portal, export). Every field narrows; absent fields do not. */
export interface ActivitySearch {
  /** Epoch ms, inclusive. */
  from?: number | undefined;
  /** Epoch ms, exclusive. */
  to?: number | undefined;
  /** The actor's e-mail (case-insensitive; anything with an @) or provider user id. */
  user?: string | undefined;
  ip?: string | undefined;
  /** ISO 3166 alpha-2. */
  country?: string | undefined;
  actions?: readonly string[] | undefined;
  outcome?: string | undefined;
  app?: string | undefined;
  provider?: string | undefined;
  instanceIds?: readonly string[] | undefined;
  /** Text search over the actor, message, event type and address. */
  q?: string | undefined;
}

/** Where a page stopped: the activity log is ordered newest first by (time, id). */
export interface ActivityKey {
  time: number;
  id: string;
}

export interface ActivityPage {
  items: Activity[];
  /** Null when nothing older matches. */
  next: ActivityKey | null;
}

function baseQuery(db: Db, filter: ActivitySearch, columns?: readonly (keyof ActivitiesTable)[]) {
  let query = columns ? db.selectFrom('activities').select([...new Set([...columns, 'time', 'id'] as const)]) : db.selectFrom('activities').selectAll();
  if (filter.from !== undefined) query = query.where('time', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('time', '<', filter.to);
  // An e-mail matches the actor's e-mail, anything else the provider user id: each has an index path
  // (an OR of both would scan the table).
  if (filter.user) query = filter.user.includes('@') ? query.where('actor_email', '=', filter.user.toLowerCase()) : query.where('actor_user_id', '=', filter.user);
  if (filter.ip) query = query.where('src_ip', '=', filter.ip);
  if (filter.country) query = query.where('geo_country', '=', filter.country.toUpperCase());
  if (filter.actions?.length) query = query.where('action', 'in', filter.actions);
  if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
  if (filter.app) query = query.where('app', '=', filter.app);
  if (filter.provider) query = query.where('provider', '=', filter.provider);
  if (filter.instanceIds?.length) query = query.where('connector_instance_id', 'in', filter.instanceIds);
  if (filter.q) {
    const text = filter.q;
    query = query.where((eb) => eb.or((['actor_email', 'actor_name', 'message', 'event_type', 'src_ip'] as const).map((column) => containsText(column, text))));
  }
  return query;
}

/** A stored row with the columns a search selected (and always `time` and `id`, its place in the order). */
export type ActivityRow<C extends keyof ActivitiesTable = keyof ActivitiesTable> = Pick<ActivitiesTable, C | 'time' | 'id'>;

export interface ActivityRowPage<C extends keyof ActivitiesTable> {
  rows: ActivityRow<C>[];
  /** Null when nothing older matches. */
  next: ActivityKey | null;
}

/**
 * One page of the activity log, newest first, continuing after `after` (keyset paging: constant cost per
 * page however deep, never OFFSET). `matches` filters in memory what SQL cannot (CIDR ranges): the scan
 * then reads batches until the page is full or `maxScan` rows were read, and `next` continues from the
 * last row read, so a sparse filter returns short pages rather than one slow one.
 */
export async function searchActivities(
  db: Db,
  filter: ActivitySearch,
  page: { after?: ActivityKey | null; limit: number; matches?: (a: Activity) => boolean; maxScan?: number },
): Promise<ActivityPage> {
  const { matches, ...rest } = page;
  const result = await searchActivityRows(db, filter, { ...rest, ...(matches ? { matches: (row: ActivitiesTable) => matches(rowToActivity(row)) } : {}) });
  return { items: result.rows.map(rowToActivity), next: result.next };
}

/**
 * {@link searchActivities} as stored rows, without building activities: the export reads these. `columns`
 * selects fewer columns (default all); `matches` sees the row.
 */
export async function searchActivityRows<C extends keyof ActivitiesTable = keyof ActivitiesTable>(
  db: Db,
  filter: ActivitySearch,
  page: { after?: ActivityKey | null; limit: number; columns?: readonly C[]; matches?: (row: ActivityRow<C>) => boolean; maxScan?: number },
): Promise<ActivityRowPage<C>> {
  const rows: ActivityRow<C>[] = [];
  let after = page.after ?? null;
  let scanned = 0;
  const batch = page.matches ? Math.max(page.limit, 1000) : page.limit + 1;
  const maxScan = page.maxScan ?? 50_000;
  for (;;) {
    let query = baseQuery(db, filter, page.columns);
    if (after) {
      const key = after;
      query = query.where((eb) => eb.or([eb('time', '<', key.time), eb.and([eb('time', '=', key.time), eb('id', '<', key.id)])]));
    }
    const found = (await query.orderBy('time', 'desc').orderBy('id', 'desc').limit(batch).execute()) as unknown as ActivityRow<C>[];
    if (!page.matches) {
      const hasMore = found.length > page.limit;
      if (hasMore) found.length = page.limit;
      const last = found[found.length - 1];
      return { rows: found, next: hasMore && last ? keyOf(last) : null };
    }
    for (const row of found) {
      scanned++;
      after = keyOf(row);
      if (page.matches(row)) rows.push(row);
      if (rows.length === page.limit) return { rows, next: after };
    }
    if (found.length < batch) return { rows, next: null };
    if (scanned >= maxScan) return { rows, next: after };
  }
}

const keyOf = (row: { time: number; id: string }): ActivityKey => ({ time: Number(row.time), id: row.id });

export async function getActivity(db: Db, id: string): Promise<Activity | undefined> {
  const row = await db.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToActivity(row) : undefined;
}

/** Activities per UTC day and provider since `from` (the overview's chart). */
export async function activityPerDay(db: Db, from: number): Promise<{ day: string; provider: string; count: number }[]> {
  const rows = await db
    .selectFrom('activities')
    .select((eb) => [eb.fn<string>('strftime', [eb.val('%Y-%m-%d'), eb(eb.ref('time'), '/', 1000), eb.val('unixepoch')]).as('day'), 'provider', eb.fn.countAll<number>().as('count')])
    .where('time', '>=', from)
    .groupBy(['day', 'provider'])
    .orderBy('day')
    .execute();
  return rows.map((r) => ({ day: r.day, provider: r.provider, count: Number(r.count) }));
}

/** Per connector instance: stored activities and the newest event time. */
export async function activityTotals(db: Db): Promise<Map<string, { count: number; newest: number | null }>> {
  const rows = await db
    .selectFrom('activities')
    .select((eb) => ['connector_instance_id', eb.fn.countAll<number>().as('n'), eb.fn.max<number>('time').as('newest')])
    .groupBy('connector_instance_id')
    .execute();
  return new Map(rows.map((r) => [r.connector_instance_id, { count: Number(r.n), newest: r.newest === null ? null : Number(r.newest) }]));
}
