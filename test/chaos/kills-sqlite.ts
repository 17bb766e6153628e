import { connectors } from '../../src/connectors/registry.js';
import { defineStoreConformance, isKillReference, shardConnectors } from '../helpers/store-conformance.js';

/**
 * The SIGKILL tests of the store + sync conformance suite on SQLite for the connectors whose kills `npm test`
 * does not run (it runs the reference connectors', test/conformance-sync-<n>.test.ts): 8 kills mid-ingest
 * against the frozen tenant and 3 against a live one each (or PARAPET_KILLS), the same as the reference
 * connectors get there. About 50 s a connector, so they are spread over KILLS_SQLITE_SHARDS files that `npm
 * run test:chaos` runs beside the PostgreSQL kill tests (test/chaos/kills-sqlite-<n>.chaos.ts).
 */
export const KILLS_SQLITE_SHARDS = 3;

export function defineKillsOnSqlite(shard: number): void {
  const others = connectors.filter((c) => !isKillReference(c.id));
  defineStoreConformance(shardConnectors(others, shard, KILLS_SQLITE_SHARDS), { parts: { store: false, kills: () => true } });
}
