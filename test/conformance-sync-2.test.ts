import { connectors } from '../src/connectors/registry.js';
import { CONFORMANCE_SYNC_SHARDS, defineStoreConformance, KILL_REFERENCE_CONNECTORS, shardConnectors } from './helpers/store-conformance.js';

// Shard 2 of the store + sync conformance suite in `npm test`: the store tests of every connector, the kill
// tests of the reference connectors (see test/helpers/store-conformance.ts; the others' run in the chaos stage).
defineStoreConformance(shardConnectors(connectors, 1, CONFORMANCE_SYNC_SHARDS), { parts: { store: true, kills: (id) => KILL_REFERENCE_CONNECTORS.includes(id) } });
