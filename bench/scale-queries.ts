import { sql } from 'kysely';
import { ACTIONS, ocsfFor } from '../src/core/activity.js';
import { openStore, type Store } from '../src/store/db.js';
import { ensureActivityPartitions } from '../src/store/repos/activity-partitions.js';
import { searchActivities, type ActivityKey, type ActivitySearch } from '../src/store/repos/activity-search.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import { tempDir } from '../test/helpers/temp-dir.js';
import { percentiles, withDatabase } from './postgres-server.js';

/**
 * (a) The portal's default activity queries at scale on PostgreSQL. The rows are generated inside the server
 * (INSERT ... SELECT over generate_series, in time order as a sync writes them, every index in place), spread
 * over `months` monthly partitions, with realistic cardinalities: USERS people whose activity is skewed (a few
 * busy, many quiet), each mostly on their own few addresses of IPS, every canonical action (skewed: logins
 * dominate), EVENT_TYPES provider event types, CONNECTIONS connections. Then each query runs through
 * searchActivities, the repository function the API's GET /activities calls, and its p50/p95 are measured.
 */
export interface QueryBenchResult {
  rows: number;
  months: number;
  loadSeconds: number;
  loadRowsPerSec: number;
  analyzeSeconds: number;
  tableMb: number;
  indexMb: number;
  queries: Record<string, { p50: number; p95: number; rows: number }>;
}

export const USERS = 5000;
export const IPS = 20_000;
export const EVENT_TYPES = 120;
const CONNECTIONS = [
  ['okta', 'Okta'],
  ['microsoft365', 'Microsoft 365'],
  ['google-workspace', 'Google Workspace'],
  ['github', 'GitHub'],
  ['slack', 'Slack'],
  ['docusign', 'eSignature'],
  ['box', 'Box'],
  ['dropbox', 'Dropbox'],
] as const;
const DAY = 86_400_000;
const CHUNK = 250_000;

const email = (u: number) => `user${u}@corp.example`;
const ipOf = (k: number) => `10.${k >> 16}.${(k >> 8) & 255}.${k & 255}`;

/** Loads `rows` activities ending at `now` into `store`'s database; returns the load time in seconds. */
async function load(store: Store, rows: number, months: number, now: number, progress: (line: string) => void): Promise<number> {
  const instanceIds: string[] = [];
  const providers: string[] = [];
  const apps: string[] = [];
  for (const [provider, app] of CONNECTIONS) {
    instanceIds.push((await createInstance(store.db, store.secrets, { name: `bench-${provider}`, provider, config: {}, now })).id);
    providers.push(provider);
    apps.push(app);
  }
  const span = months * 30 * DAY;
  const start = now - span;
  await sql`select 1`.execute(store.db);
  const times: number[] = [];
  for (let t = start; t <= now + DAY; t += 10 * DAY) times.push(t);
  await store.db.transaction().execute((trx) => ensureActivityPartitions(trx, [...times, now]));
  // Skewed choices: power(random(), k) piles the picks onto the first entries (logins, busy users).
  const actions = ACTIONS as readonly string[];
  const classes = ACTIONS.map((a) => ocsfFor(a).classUid);
  const activityIds = ACTIONS.map((a) => ocsfFor(a).activityId);
  const t0 = performance.now();
  for (let lo = 1; lo <= rows; lo += CHUNK) {
    const hi = Math.min(rows, lo + CHUNK - 1);
    await sql`
      insert into activities (id, connector_instance_id, provider, app, source_id, time, original_time, ingested_at,
        class_uid, activity_id, category_uid, severity_id, action, event_type, message, outcome, actor_user_id,
        actor_email, actor_name, actor_type, actor_is_admin, targets, src_ip, ip_version, geo_country, geo_source,
        user_agent, raw, ingest_seq)
      select lpad(to_hex(t), 12, '0') || lpad(to_hex(i), 14, '0'), (${instanceIds}::text[])[c], (${providers}::text[])[c],
        (${apps}::text[])[c], 'ev' || i, t, to_char(to_timestamp(t / 1000.0) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        t + 60000, (${classes}::bigint[])[a], (${activityIds}::bigint[])[a], (${classes}::bigint[])[a] / 1000, 1,
        (${actions}::text[])[a], 'Provider' || ((a * 7 + i % 3) % ${EVENT_TYPES}), case when i % 4 = 0 then 'Document ' || (i % 1000003) || ' shared by user' || u end,
        case when i % 23 = 0 then 'failure' else 'success' end, 'uid' || u, 'user' || u || '@corp.example', 'User ' || u, 'user',
        case when u < 50 then 1 else 0 end, '[]', ip, 4, case when u % 10 = 0 then 'NL' when u % 10 = 1 then 'DE' else 'US' end,
        'provider', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/' || (120 + u % 8) || '.0 Safari/537.36',
        '{"id":"ev' || i || '","actor":{"email":"user' || u || '@corp.example"},"ip":"' || ip || '","digest":"' || md5(i::text) || '","type":"' || (${actions}::text[])[a] || '"}',
        i
      from (
        select i, t, u, 1 + floor(${actions.length} * power(random(), 3))::int as a, 1 + (i % ${CONNECTIONS.length}) as c,
          '10.' || (k >> 16) || '.' || ((k >> 8) & 255) || '.' || (k & 255) as ip
        from (
          select i, t, u, case when random() < 0.1 then floor(random() * ${IPS})::int else (u * 4 + (i % 4)) % ${IPS} end as k
          from (
            select i, (${start}::bigint + (i::bigint * ${span}) / ${rows} + (i % 997))::bigint as t, floor(${USERS} * power(random(), 2))::int as u
            from generate_series(${lo}::bigint, ${hi}::bigint) as i
          ) g
        ) h
      ) r`.execute(store.db);
    const seconds = (performance.now() - t0) / 1000;
    progress(`  loaded ${hi.toLocaleString('en')} rows in ${seconds.toFixed(0)} s (${Math.round(hi / seconds).toLocaleString('en')} rows/s)`);
  }
  return (performance.now() - t0) / 1000;
}

/** (a): load `rows` into a fresh database on `base`, then time the portal's default queries `runs` times each. */
export async function benchQueries(base: string, options: { rows: number; months?: number; runs?: number; progress?: (line: string) => void }): Promise<QueryBenchResult> {
  const months = options.months ?? 12;
  const runs = options.runs ?? 40;
  const progress = options.progress ?? (() => undefined);
  return withDatabase(base, async (url) => {
    const dir = tempDir('parapet-bench-scale-');
    const store = await openStore({ dataDir: dir.path, databaseUrl: url });
    try {
      const now = Date.now();
      const loadSeconds = await load(store, options.rows, months, now, progress);
      const a0 = performance.now();
      await sql`analyze activities`.execute(store.db);
      const analyzeSeconds = (performance.now() - a0) / 1000;
      const size = await sql<{ table: number; index: number }>`
        select sum(pg_table_size(inhrelid)) / 1048576 as table, sum(pg_indexes_size(inhrelid)) / 1048576 as index
        from pg_inherits where inhparent = 'activities'::regclass`.execute(store.db);
      // An older page: the key of a row about 3 days back, as a reader who paged down gets in a cursor.
      const deep = await store.db.selectFrom('activities').select(['time', 'id']).where('time', '<', now - 3 * DAY).orderBy('time', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
      const deepKey: ActivityKey | null = deep ? { time: Number(deep.time), id: deep.id } : null;
      const queries: Record<string, (i: number) => { filter: ActivitySearch; after?: ActivityKey | null }> = {
        'newest, no filter': () => ({ filter: {} }),
        'last 24 h': () => ({ filter: { from: now - DAY } }),
        'by user': (i) => ({ filter: { user: email((i * 997) % USERS) } }),
        'by IP': (i) => ({ filter: { ip: ipOf((i * 7919) % IPS) } }),
        'by action': (i) => ({ filter: { actions: [ACTIONS[(i * 7) % ACTIONS.length] as string] } }),
        'text search (last 24 h)': (i) => ({ filter: { from: now - DAY, q: `document ${i * 7717}` } }),
        'keyset next page (3 days back)': () => ({ filter: {}, after: deepKey }),
      };
      const result: QueryBenchResult['queries'] = {};
      for (const [name, query] of Object.entries(queries)) {
        const samples: number[] = [];
        let found = 0;
        for (let i = 0; i < runs + 2; i++) {
          const { filter, after } = query(i);
          const started = performance.now();
          const page = await searchActivities(store.db, filter, { after: after ?? null, limit: 50 });
          if (i >= 2) samples.push(performance.now() - started); // the first two warm the caches
          found += page.items.length;
        }
        result[name] = { ...percentiles(samples), rows: Math.round(found / (runs + 2)) };
        progress(`  ${name}: p50 ${result[name].p50} ms, p95 ${result[name].p95} ms`);
      }
      return {
        rows: options.rows,
        months,
        loadSeconds: Math.round(loadSeconds),
        loadRowsPerSec: Math.round(options.rows / loadSeconds),
        analyzeSeconds: Math.round(analyzeSeconds),
        tableMb: Math.round(Number(size.rows[0]?.table ?? 0)),
        indexMb: Math.round(Number(size.rows[0]?.index ?? 0)),
        queries: result,
      };
    } finally {
      await store.close();
      dir.cleanup();
    }
  });
}
