import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { AnyConnector } from '../src/connectors/sdk/define-connector.js';
import { normalizeRecord } from '../src/connectors/sdk/normalize-total.js';
import { ingestEnrichment } from '../src/detection/enrichment/ingest-enrichment.js';
import { openEnricher } from '../src/detection/enrichment/open-enricher.js';
import { openStore } from '../src/store/db.js';
import { activityToRow } from '../src/store/repos/activities.js';
import { ensureActivityPartitions } from '../src/store/repos/activity-partitions.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import type { ActivitiesTable } from '../src/store/schema.js';
import type { IngestEnrichment } from '../src/sync/stream-runner.js';
import { tempDir } from '../test/helpers/temp-dir.js';
import { pipelineRate, syntheticRecords } from './ingest.js';
import { withDatabase } from './postgres-server.js';

/**
 * PostgreSQL ingest against raw writes of the same rows, each side in its own fresh database with the same
 * (partitioned) schema:
 * - pipeline: the sync's own commitActivityPage (normalise, enrich when asked, look up stored ids, advisory
 *   lock, partitions, 500-row INSERT ... ON CONFLICT DO NOTHING, checkpoint; one transaction per 2000-event page);
 * - raw INSERT: the rows built beforehand, plain node-postgres statements of 500 rows, a transaction per page;
 * - raw COPY: the rows built beforehand, written to a CSV file, loaded by one `psql \copy` (COPY FROM STDIN),
 *   timed including psql's start. No npm COPY client: psql ships with PostgreSQL; without it this is skipped.
 */

const PAGE = 2000;
const ROWS_PER_STATEMENT = 500;
const run = promisify(execFile);

export interface IngestComparison {
  events: number;
  pipelinePerSec: number;
  enrichedPerSec: number;
  rawInsertPerSec: number;
  rawCopyPerSec: number | null;
}

export async function pipelinePostgres(base: string, connector: AnyConnector, events: number, enrich?: IngestEnrichment): Promise<number> {
  return withDatabase(base, async (url) => {
    const dir = tempDir('parapet-bench-pg-');
    try {
      const store = await openStore({ dataDir: dir.path, databaseUrl: url });
      const rate = await pipelineRate(store, connector, 'eventId', events, enrich);
      await store.close();
      return rate;
    } finally {
      dir.cleanup();
    }
  });
}

/** Opens the store on `url` (schema, partitions the rows need) and builds the rows the pipeline would store. */
async function prepareRaw(url: string, dataDir: string, connector: AnyConnector, events: number): Promise<ActivitiesTable[]> {
  const store = await openStore({ dataDir, databaseUrl: url });
  const instance = await createInstance(store.db, store.secrets, { name: 'bench', provider: connector.id, config: {}, now: Date.now() });
  const rows: ActivitiesTable[] = [];
  let seq = 0;
  for (const record of syntheticRecords(connector, events, 'eventId')) {
    rows.push(activityToRow(normalizeRecord(connector, record, { connectorInstanceId: instance.id, ingestedAt: Date.now(), lookupAccount: () => undefined }), ++seq));
  }
  await store.db.transaction().execute((trx) => ensureActivityPartitions(trx, rows.map((r) => r.time)));
  await store.close();
  return rows;
}

export async function rawInsertPostgres(base: string, connector: AnyConnector, events: number): Promise<number> {
  return withDatabase(base, async (url) => {
    const dir = tempDir('parapet-bench-pg-raw-');
    try {
      const rows = await prepareRaw(url, dir.path, connector, events);
      const columns = Object.keys(rows[0] ?? {}) as (keyof ActivitiesTable)[];
      const statement = (count: number) =>
        `INSERT INTO activities (${columns.join(',')}) VALUES ${Array.from({ length: count }, (_, r) => `(${columns.map((_c, c) => `$${r * columns.length + c + 1}`).join(',')})`).join(',')}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const t0 = performance.now();
      for (let i = 0; i < rows.length; i += PAGE) {
        await client.query('BEGIN');
        const page = rows.slice(i, i + PAGE);
        for (let j = 0; j < page.length; j += ROWS_PER_STATEMENT) {
          const batch = page.slice(j, j + ROWS_PER_STATEMENT);
          await client.query(statement(batch.length), batch.flatMap((row) => columns.map((c) => row[c])));
        }
        await client.query('COMMIT');
      }
      const seconds = (performance.now() - t0) / 1000;
      await client.end();
      return events / seconds;
    } finally {
      dir.cleanup();
    }
  });
}

/** A CSV field COPY reads back as the same value: NULL unquoted and empty, text always quoted. */
function csv(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  return `"${String(value).replace(/"/g, '""')}"`;
}

/** Whether `psql` runs here (it comes with PostgreSQL's client package). */
export async function psqlAvailable(): Promise<boolean> {
  try {
    await run('psql', ['--version']);
    return true;
  } catch {
    return false;
  }
}

export async function rawCopyPostgres(base: string, connector: AnyConnector, events: number): Promise<number> {
  return withDatabase(base, async (url) => {
    const dir = tempDir('parapet-bench-pg-copy-');
    try {
      const rows = await prepareRaw(url, join(dir.path, 'data'), connector, events);
      const columns = Object.keys(rows[0] ?? {}) as (keyof ActivitiesTable)[];
      const file = join(dir.path, 'rows.csv');
      const out = createWriteStream(file);
      for (const row of rows) out.write(`${columns.map((c) => csv(row[c])).join(',')}\n`);
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      const t0 = performance.now();
      await run('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', `\\copy activities (${columns.join(',')}) from '${file}' with (format csv)`]);
      return events / ((performance.now() - t0) / 1000);
    } finally {
      dir.cleanup();
    }
  });
}

/** (b): warm-up, then the pipeline (with and without ingest enrichment), raw INSERT and raw COPY of `events` DocuSign events. */
export async function benchPostgresIngest(base: string, connector: AnyConnector, events: number): Promise<IngestComparison> {
  const copy = await psqlAvailable();
  const enrich = ingestEnrichment(openEnricher({}).enricher);
  await pipelinePostgres(base, connector, 5_000);
  await pipelinePostgres(base, connector, 2_000, enrich);
  await rawInsertPostgres(base, connector, 5_000);
  const pipelinePerSec = await pipelinePostgres(base, connector, events);
  const enrichedPerSec = await pipelinePostgres(base, connector, events, enrich);
  const rawInsertPerSec = await rawInsertPostgres(base, connector, events);
  const rawCopyPerSec = copy ? await rawCopyPostgres(base, connector, events) : null;
  return { events, pipelinePerSec, enrichedPerSec, rawInsertPerSec, rawCopyPerSec };
}

/** The figures of (b) as lines. */
export function describeIngest(r: IngestComparison): string {
  const rate = (n: number) => `${Math.round(n).toLocaleString('en')} events/s`;
  const lines = [
    `PostgreSQL ingest, ${r.events.toLocaleString('en')} DocuSign events in pages of ${PAGE}:`,
    `  pipeline (commitActivityPage, no enrichment): ${rate(r.pipelinePerSec)}`,
    `  pipeline with ingest enrichment (geo, ASN, IP flags, as the sync runs it): ${rate(r.enrichedPerSec)}`,
    `  raw multi-row INSERT of the same rows (500 a statement, a transaction per page): ${rate(r.rawInsertPerSec)}`,
    r.rawCopyPerSec === null ? '  raw COPY: not measured (psql not found)' : `  raw COPY of the same rows (psql \\copy, one statement): ${rate(r.rawCopyPerSec)}`,
    `  pipeline / raw INSERT: ${(r.pipelinePerSec / r.rawInsertPerSec).toFixed(2)}` +
      (r.rawCopyPerSec === null ? '' : `; pipeline / raw COPY: ${(r.pipelinePerSec / r.rawCopyPerSec).toFixed(2)}; enriched pipeline / raw COPY: ${(r.enrichedPerSec / r.rawCopyPerSec).toFixed(2)}`),
  ];
  return lines.join('\n');
}
