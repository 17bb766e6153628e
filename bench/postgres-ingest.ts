/**
 * PostgreSQL ingest rate against raw writes of the same rows (bench/scale-ingest.ts says how each is measured).
 *
 *   eval "$(.ci/postgres.sh start)"
 *   node bin/run-ts.js bench/postgres-ingest.ts [events]     # default 50000
 *
 * `npm run bench:scale` runs the same comparison as its part (b), on a cluster of its own.
 */
import { connectors } from '../src/connectors/registry.js';
import type { AnyConnector } from '../src/connectors/sdk/define-connector.js';
import { benchPostgresIngest, describeIngest } from './scale-ingest.js';

const base = process.env.PARAPET_BENCH_POSTGRES_URL || process.env.PARAPET_TEST_POSTGRES_URL;
if (!base) {
  console.error('Set PARAPET_TEST_POSTGRES_URL (eval "$(.ci/postgres.sh start)") or PARAPET_BENCH_POSTGRES_URL to a server where this user may create databases.');
  process.exit(2);
}
const events = Number(process.argv[2] ?? 50_000);
const docusign = connectors.find((c) => c.id === 'docusign') as AnyConnector;
console.log(describeIngest(await benchPostgresIngest(base, docusign, events)));
