import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnyConnector } from '../src/connectors/sdk/define-connector.js';
import { loadFixtures } from '../src/connectors/sdk/conformance/load-fixtures.js';
import { normalizeRecord } from '../src/connectors/sdk/normalize-total.js';
import { openStore, type Store } from '../src/store/db.js';
import { activityToRow } from '../src/store/repos/activities.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import { commitActivityPage, type IngestEnrichment } from '../src/sync/stream-runner.js';
import { ingestEnrichment } from '../src/detection/enrichment/ingest-enrichment.js';
import { openEnricher } from '../src/detection/enrichment/open-enricher.js';
import { systemClock } from '../src/core/clock.js';
import type { ActivitiesTable } from '../src/store/schema.js';
import { tempDir } from '../test/helpers/temp-dir.js';
import { openSqlite } from '../src/store/sqlite.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Raw records shaped like a connector's fixtures, with fresh provider ids: an endless realistic feed. */
export function* syntheticRecords(connector: AnyConnector, count: number, idField: string): Generator<Record<string, unknown>> {
  const templates = loadFixtures(join(root, 'src', 'connectors', connector.id, 'simulator', 'fixtures')).filter(
    (r): r is Record<string, unknown> => !!r && typeof r === 'object' && idField in r,
  );
  if (!templates.length) throw new Error(`no ${connector.id} fixtures with a ${idField} field`);
  for (let i = 0; i < count; i++) {
    const template = templates[i % templates.length] as Record<string, unknown>;
    yield { ...template, [idField]: `bench-${i.toString(16).padStart(12, '0')}` };
  }
}

const PAGE = 2000;

/** Runs `events` synthetic records through the real ingest pipeline (commitActivityPage) into a fresh store. */
async function runPipeline(connector: AnyConnector, idField: string, events: number, enrich?: IngestEnrichment): Promise<number> {
  const dir = tempDir('parapet-bench-');
  try {
    const store = await openStore({ dataDir: dir.path });
    const rate = await pipelineRate(store, connector, idField, events, enrich);
    await store.close();
    return rate;
  } finally {
    dir.cleanup();
  }
}

/** Events per second through commitActivityPage (pages of 2000) into `store`, under a new instance. */
export async function pipelineRate(store: Store, connector: AnyConnector, idField: string, events: number, enrich?: IngestEnrichment): Promise<number> {
  const instance = await createInstance(store.db, store.secrets, { name: 'bench', provider: connector.id, config: {}, now: Date.now() });
  const target = { db: store.db, writeActivities: store.writeActivities, connector, instanceId: instance.id, stream: 'activities', clock: systemClock, lookupAccount: () => undefined, enrich };
  let page: unknown[] = [];
  let n = 0;
  const t0 = performance.now();
  for (const record of syntheticRecords(connector, events, idField)) {
    page.push(record);
    if (page.length === PAGE) {
      await commitActivityPage(target, page, String(++n));
      page = [];
    }
  }
  if (page.length) await commitActivityPage(target, page, String(++n));
  return events / ((performance.now() - t0) / 1000);
}

/** Inserts prebuilt rows of the same activities into the same schema: one prepared statement, a transaction per page. */
async function runRawInsert(connector: AnyConnector, idField: string, events: number): Promise<number> {
  const dir = tempDir('parapet-bench-raw-');
  try {
    const store = await openStore({ dataDir: dir.path });
    const instance = await createInstance(store.db, store.secrets, { name: 'bench', provider: connector.id, config: {}, now: Date.now() });
    await store.close();
    const rows: ActivitiesTable[] = [];
    for (const record of syntheticRecords(connector, events, idField)) {
      rows.push(activityToRow(normalizeRecord(connector, record, { connectorInstanceId: instance.id, ingestedAt: Date.now(), lookupAccount: () => undefined })));
    }
    const sqlite = openSqlite(join(dir.path, 'parapet.db'));
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    const columns = Object.keys(rows[0] ?? {});
    const insert = sqlite.prepare(`INSERT INTO activities (${columns.join(',')}) VALUES (${columns.map((c) => '@' + c).join(',')})`);
    const insertPage = (batch: ActivitiesTable[]) => {
      sqlite.exec('BEGIN');
      for (const row of batch) insert.run(row);
      sqlite.exec('COMMIT');
    };
    const t0 = performance.now();
    for (let i = 0; i < rows.length; i += PAGE) insertPage(rows.slice(i, i + PAGE));
    const seconds = (performance.now() - t0) / 1000;
    sqlite.close();
    return events / seconds;
  } finally {
    dir.cleanup();
  }
}

/**
 * (a) Our ingest pipeline — normalise, enrich, then write new activities and the checkpoint in one transaction,
 * the same function the sync runs — against the raw bulk-insert rate of the same SQLite schema (rows
 * already built, one prepared statement). Both are warmed up first and measured in the same run.
 */
export async function benchIngest(
  connector: AnyConnector,
  idField: string,
  events = 100_000,
): Promise<{ pipelinePerSec: number; rawPerSec: number; ratio: number; enrichedPerSec: number; enrichmentRatio: number }> {
  // Ingest as the sync runs it: geo, ASN and IP flags looked up and stored on each row (databases opened in the warm-up).
  const enrich = ingestEnrichment(openEnricher({}).enricher);
  await runPipeline(connector, idField, 10_000, enrich);
  await runRawInsert(connector, idField, 10_000);
  const pipelinePerSec = await runPipeline(connector, idField, events, enrich);
  const rawPerSec = await runRawInsert(connector, idField, events);
  // The cost of enrichment at ingest: the same pipeline without it, in the same run.
  const plainPerSec = await runPipeline(connector, idField, events);
  return { pipelinePerSec, rawPerSec, ratio: pipelinePerSec / rawPerSec, enrichedPerSec: pipelinePerSec, enrichmentRatio: pipelinePerSec / plainPerSec };
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
    const target = { db: store.db, writeActivities: store.writeActivities, connector, instanceId: instance.id, stream: 'activities', clock: systemClock, lookupAccount: () => undefined };
    let page: unknown[] = [];
    let n = 0;
    for (const record of syntheticRecords(connector, events, idField)) {
      page.push(record);
      if (page.length === PAGE) {
        await commitActivityPage(target, page, String(++n));
        page = [];
        peak = Math.max(peak, process.memoryUsage().rss);
      }
    }
    if (page.length) await commitActivityPage(target, page, String(++n));
    await store.close();
  } finally {
    clearInterval(sampler);
    dir.cleanup();
  }
  return { peakRssMb: Math.round(peak / 1024 / 1024), events, seconds: Math.round((performance.now() - t0) / 100) / 10 };
}
