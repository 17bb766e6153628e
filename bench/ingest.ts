import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import type { AnyConnector } from '../src/connectors/sdk/define-connector.js';
import { normalizeRecord } from '../src/connectors/sdk/normalize-total.js';
import { openStore } from '../src/store/db.js';
import { activityToRow, existingSourceIds, insertActivities } from '../src/store/repos/activities.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import type { ActivitiesTable } from '../src/store/schema.js';
import { tempDir } from '../test/helpers/temp-dir.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Raw records shaped like a connector's fixtures, with fresh provider ids: an endless realistic feed. */
export function* syntheticRecords(connector: AnyConnector, count: number, idField: string): Generator<Record<string, unknown>> {
  const dir = join(root, 'src', 'connectors', connector.id, 'simulator', 'fixtures');
  const templates: Record<string, unknown>[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const content = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
    const list = Array.isArray(content) ? content : ((content as Record<string, unknown>).data ?? (content as Record<string, unknown>).resultData ?? [content]);
    for (const r of list as unknown[]) if (r && typeof r === 'object' && idField in r) templates.push(r as Record<string, unknown>);
  }
  if (!templates.length) throw new Error(`no ${connector.id} fixtures with a ${idField} field`);
  for (let i = 0; i < count; i++) {
    const template = templates[i % templates.length] as Record<string, unknown>;
    yield { ...template, [idField]: `bench-${i.toString(16).padStart(12, '0')}` };
  }
}

const PAGE = 2000;

/**
 * (a) Our ingest pipeline (normalize + the store's page transaction: dedupe lookup, insert, checkpoint)
 * against the raw bulk-insert rate of the same SQLite schema (one prepared statement, one transaction per
 * page, rows already built) — measured in the same run on the same machine.
 */
export async function benchIngest(connector: AnyConnector, idField: string, events = 100_000): Promise<{ pipelinePerSec: number; rawPerSec: number; ratio: number }> {
  const a = tempDir('parapet-bench-');
  const b = tempDir('parapet-bench-raw-');
  try {
    const store = await openStore({ dataDir: a.path });
    const instance = await createInstance(store.db, store.secrets, { name: 'bench', provider: connector.id, config: {}, now: Date.now() });
    const lookup = () => undefined;
    let page: unknown[] = [];
    const t0 = performance.now();
    const flush = async () => {
      const ingestedAt = Date.now();
      const activities = page.map((r) => normalizeRecord(connector, r, { connectorInstanceId: instance.id, ingestedAt, lookupAccount: lookup }));
      await store.db.transaction().execute(async (trx) => {
        const known = await existingSourceIds(trx, instance.id, activities.map((x) => x.sourceId));
        await insertActivities(trx, activities.filter((x) => !known.has(x.sourceId)));
        await trx
          .insertInto('stream_states')
          .values({ connector_instance_id: instance.id, stream: 'activities', checkpoint: String(ingestedAt), last_run_at: ingestedAt, last_success_at: null, updated_at: ingestedAt })
          .onConflict((oc) => oc.columns(['connector_instance_id', 'stream']).doUpdateSet({ checkpoint: String(ingestedAt) }))
          .execute();
      });
      page = [];
    };
    for (const record of syntheticRecords(connector, events, idField)) {
      page.push(record);
      if (page.length === PAGE) await flush();
    }
    if (page.length) await flush();
    const pipelineSec = (performance.now() - t0) / 1000;
    await store.close();

    // Raw: the same schema, rows prebuilt, the fastest plain better-sqlite3 path.
    const rawStore = await openStore({ dataDir: b.path });
    const rawInstance = await createInstance(rawStore.db, rawStore.secrets, { name: 'bench', provider: connector.id, config: {}, now: Date.now() });
    await rawStore.close();
    const rows: ActivitiesTable[] = [];
    for (const record of syntheticRecords(connector, events, idField)) {
      rows.push(activityToRow(normalizeRecord(connector, record, { connectorInstanceId: rawInstance.id, ingestedAt: Date.now(), lookupAccount: lookup })));
    }
    const sqlite = new SqliteDatabase(join(b.path, 'parapet.db'));
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    const columns = Object.keys(rows[0] ?? {});
    const insert = sqlite.prepare(`INSERT INTO activities (${columns.join(',')}) VALUES (${columns.map((c) => '@' + c).join(',')})`);
    const insertPage = sqlite.transaction((batch: typeof rows) => {
      for (const row of batch) insert.run(row);
    });
    const t1 = performance.now();
    for (let i = 0; i < rows.length; i += PAGE) insertPage(rows.slice(i, i + PAGE));
    const rawSec = (performance.now() - t1) / 1000;
    sqlite.close();
    const pipelinePerSec = events / pipelineSec;
    const rawPerSec = events / rawSec;
    return { pipelinePerSec, rawPerSec, ratio: pipelinePerSec / rawPerSec };
  } finally {
    a.cleanup();
    b.cleanup();
  }
}

/** (c) Peak RSS while ingesting `events` through the pipeline in pages (nothing held beyond a page). */
export async function benchIngestMemory(connector: AnyConnector, idField: string, events = 1_000_000): Promise<{ peakRssMb: number; events: number; seconds: number }> {
  const dir = tempDir('parapet-bench-rss-');
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const t0 = performance.now();
  try {
    const store = await openStore({ dataDir: dir.path });
    const instance = await createInstance(store.db, store.secrets, { name: 'bench', provider: connector.id, config: {}, now: Date.now() });
    let page: unknown[] = [];
    const flush = async () => {
      const ingestedAt = Date.now();
      const activities = page.map((r) => normalizeRecord(connector, r, { connectorInstanceId: instance.id, ingestedAt, lookupAccount: () => undefined }));
      await store.db.transaction().execute(async (trx) => {
        const known = await existingSourceIds(trx, instance.id, activities.map((x) => x.sourceId));
        await insertActivities(trx, activities.filter((x) => !known.has(x.sourceId)));
      });
      page = [];
      peak = Math.max(peak, process.memoryUsage().rss);
    };
    for (const record of syntheticRecords(connector, events, idField)) {
      page.push(record);
      if (page.length === PAGE) await flush();
    }
    if (page.length) await flush();
    await store.close();
  } finally {
    clearInterval(sampler);
    dir.cleanup();
  }
  return { peakRssMb: Math.round(peak / 1024 / 1024), events, seconds: Math.round((performance.now() - t0) / 100) / 10 };
}
