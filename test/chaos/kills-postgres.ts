import { connectors } from '../../src/connectors/registry.js';
import { describePostgres } from '../helpers/dialects.js';
import { defineStoreConformance } from '../helpers/store-conformance.js';

/**
 * The store + sync conformance suite, SIGKILLs included, on PostgreSQL for every connector (`npm run
 * test:chaos`, beside the chaos suite in CI; `npm test` runs it on SQLite with 8 + 3 kills per connector:
 * test/conformance-sync-1..4). A killed `parapet sync` leaves an open transaction the server must roll back,
 * and the resumed sync must find exactly the committed pages and checkpoints. The two reference connectors
 * land ten kills against the frozen tenant and three against a live one, the others five and two: about 80 s
 * a connector, mostly waiting on simulators and process starts, so the connectors are spread over
 * KILLS_POSTGRES_SHARDS files that `npm run test:chaos` runs side by side (test/chaos/kills-postgres-<n>.chaos.ts).
 */
export const KILLS_POSTGRES_SHARDS = 4;
const REFERENCE = ['docusign', 'microsoft365'];

export function defineKillsOnPostgres(shard: number): void {
  // The reference connectors first, so they land in different shards.
  const ordered = [...connectors.filter((c) => REFERENCE.includes(c.id)), ...connectors.filter((c) => !REFERENCE.includes(c.id))];
  const mine = ordered.filter((_, index) => index % KILLS_POSTGRES_SHARDS === shard);
  describePostgres(`store + sync conformance, shard ${shard + 1} of ${KILLS_POSTGRES_SHARDS}`, (_databaseUrl, dialect) => {
    defineStoreConformance(mine.filter((c) => REFERENCE.includes(c.id)), 0, 1, { dialect, kills: { kills: 10, live: 3 } });
    defineStoreConformance(mine.filter((c) => !REFERENCE.includes(c.id)), 0, 1, { dialect, kills: { kills: 5, live: 2 } });
  });
}
