/**
 * PostgreSQL ingest rate against a raw multi-row INSERT of the same rows.
 *
 *   eval "$(.ci/postgres.sh start)"
 *   node bin/run-ts.js bench/postgres-ingest.ts [events]     # default 50000
 *
 * Pipeline: the sync's own commitActivityPage (normalise, look up stored ids, advisory lock, partitions,
 * 500-row INSERT ... ON CONFLICT DO NOTHING, checkpoint, one transaction per 2000-event page) into a store
 * opened with PARAPET_TEST_POSTGRES_URL's server. Raw: the same rows, built beforehand, inserted by plain
 * node-postgres statements of 500 rows each, one transaction per page, into a second fresh database with the
 * same (partitioned) schema. Each side runs in its own database, created and dropped here.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectors } from '../src/connectors/registry.js';
import type { AnyConnector } from '../src/connectors/sdk/define-connector.js';
import { normalizeRecord } from '../src/connectors/sdk/normalize-total.js';
import { openStore } from '../src/store/db.js';
import { activityToRow } from '../src/store/repos/activities.js';
import { ensureActivityPartitions } from '../src/store/repos/activity-partitions.js';
import { createInstance } from '../src/store/repos/connector-instances.js';
import type { ActivitiesTable } from '../src/store/schema.js';
import { tempDir } from '../test/helpers/temp-dir.js';
import { pipelineRate, syntheticRecords } from './ingest.js';

const PAGE = 2000;
const ROWS_PER_STATEMENT = 500;

async function withDatabase<T>(base: string, fn: (url: string) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  const name = `parapet_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(base);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function pipeline(base: string, connector: AnyConnector, events: number): Promise<number> {
  return withDatabase(base, async (url) => {
    const dir = tempDir('parapet-bench-pg-');
    try {
      const store = await openStore({ dataDir: dir.path, databaseUrl: url });
      const rate = await pipelineRate(store, connector, 'eventId', events);
      await store.close();
      return rate;
    } finally {
      dir.cleanup();
    }
  });
}

async function raw(base: string, connector: AnyConnector, events: number): Promise<number> {
  return withDatabase(base, async (url) => {
    const dir = tempDir('parapet-bench-pg-raw-');
    try {
      // The schema (and the partitions the rows need) from the store itself; then plain statements.
      const store = await openStore({ dataDir: dir.path, databaseUrl: url });
      const instance = await createInstance(store.db, store.secrets, { name: 'bench', provider: connector.id, config: {}, now: Date.now() });
      const rows: ActivitiesTable[] = [];
      let seq = 0;
      for (const record of syntheticRecords(connector, events, 'eventId')) {
        rows.push(activityToRow(normalizeRecord(connector, record, { connectorInstanceId: instance.id, ingestedAt: Date.now(), lookupAccount: () => undefined }), ++seq));
      }
      await ensureActivityPartitions(store.db, rows.map((r) => r.time));
      await store.close();
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

const base = process.env.PARAPET_BENCH_POSTGRES_URL || process.env.PARAPET_TEST_POSTGRES_URL;
if (!base) {
  console.error('Set PARAPET_TEST_POSTGRES_URL (eval "$(.ci/postgres.sh start)") or PARAPET_BENCH_POSTGRES_URL to a server where this user may create databases.');
  process.exit(2);
}
const events = Number(process.argv[2] ?? 50_000);
const docusign = connectors.find((c) => c.id === 'docusign') as AnyConnector;
await pipeline(base, docusign, 5_000);
await raw(base, docusign, 5_000);
const pipelinePerSec = await pipeline(base, docusign, events);
const rawPerSec = await raw(base, docusign, events);
console.log(`PostgreSQL ingest, ${events} DocuSign events in pages of ${PAGE}:`);
console.log(`  pipeline (commitActivityPage): ${Math.round(pipelinePerSec)} events/s`);
console.log(`  raw multi-row INSERT of the same rows: ${Math.round(rawPerSec)} events/s`);
console.log(`  ratio: ${(pipelinePerSec / rawPerSec).toFixed(2)}`);
