import { connectors } from '../src/connectors/registry.js';
import { CONFORMANCE_SYNC_SHARDS, defineStoreConformance } from './helpers/store-conformance.js';

// Shard 4 of the store + sync conformance suite (see test/helpers/store-conformance.ts).
defineStoreConformance(connectors, 3, CONFORMANCE_SYNC_SHARDS);
