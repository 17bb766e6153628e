/**
 * `npm run bench:scale [-- --rows=N | --quick] [--skip=a,b,c] [--ingest-events=N] [--connections=N]`: Parapet
 * at scale on PostgreSQL. Prints figures and never fails on time (targets are printed next to them):
 * (a) the portal's default activity queries at `rows` stored activities (default 10,000,000; --quick 1,000,000),
 *     p50/p95 through the repository function the API uses (target p95 < 300 ms at 10M);
 * (b) the sync's commit path against raw INSERT and raw COPY of the same rows;
 * (c) 1, 2 and 4 `parapet worker --exit-when-idle` processes ingesting a simulated estate of 50 connections
 *     (after one `parapet sync` process over it as the baseline, unless --skip=baseline).
 * Uses PARAPET_DATABASE_URL / PARAPET_TEST_POSTGRES_URL when set (a user that may create databases);
 * otherwise starts a throwaway cluster with .ci/postgres.sh and stops it at the end.
 */
import { cpus } from 'node:os';
import { registry } from '../src/connectors/registry.js';
import { benchServer } from './postgres-server.js';
import { benchQueries, type QueryBenchResult } from './scale-queries.js';
import { benchPostgresIngest, describeIngest } from './scale-ingest.js';
import { benchWorkers, describeWorkers } from './scale-workers.js';

const args = process.argv.slice(2);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const quick = args.includes('--quick');
const rows = Number(option('rows') ?? (quick ? 1_000_000 : 10_000_000));
const skip = new Set((option('skip') ?? '').split(',').filter(Boolean));
const ingestEvents = Number(option('ingest-events') ?? (quick ? 20_000 : 50_000));
const connections = Number(option('connections') ?? 50);
const log = (line: string) => console.log(line);

function describeQueries(r: QueryBenchResult): string {
  const worst = Math.max(...Object.values(r.queries).map((q) => q.p95));
  const lines = [
    `(a) activity queries at ${r.rows.toLocaleString('en')} activities over ${r.months * 30} days ` +
      `(loaded in ${r.loadSeconds} s = ${r.loadRowsPerSec.toLocaleString('en')} rows/s, in-server INSERT ... SELECT with every index; ANALYZE ${r.analyzeSeconds} s; ` +
      `table ${r.tableMb.toLocaleString('en')} MB, indexes ${r.indexMb.toLocaleString('en')} MB):`,
  ];
  for (const [name, q] of Object.entries(r.queries)) lines.push(`  ${name}: p50 ${q.p50} ms, p95 ${q.p95} ms (${q.rows} rows a page)`);
  lines.push(`  worst p95 ${worst} ms (target < 300 ms at 10M: ${worst < 300 ? 'meets target' : 'MISSES target'}${r.rows < 10_000_000 ? `; measured at ${r.rows.toLocaleString('en')}, not 10M` : ''})`);
  return lines.join('\n');
}

const server = benchServer();
const stop = () => server.stop();
process.on('SIGINT', () => {
  stop();
  process.exit(130);
});
try {
  log(`PostgreSQL: ${server.started ? 'a throwaway cluster started by .ci/postgres.sh' : 'the server given in the environment'}; ${cpus().length} cores`);
  if (!skip.has('a')) {
    log(`(a) loading ${rows.toLocaleString('en')} activities ...`);
    log(describeQueries(await benchQueries(server.url, { rows, progress: log })));
  }
  if (!skip.has('b')) {
    const docusign = registry.get('docusign');
    if (!docusign) throw new Error('the docusign connector is not registered');
    log(`(b) ${describeIngest(await benchPostgresIngest(server.url, docusign, ingestEvents))}`);
  }
  if (!skip.has('c')) log(describeWorkers(await benchWorkers(server.url, { connections, baseline: !skip.has('baseline'), progress: log }), cpus().length));
} finally {
  stop();
}
