import { connectors } from '../src/connectors/registry.js';
import { CONFORMANCE_SYNC_SHARDS, defineStoreConformance } from './helpers/store-conformance.js';

// Shard 3 of the store + sync conformance suite (see test/helpers/store-conformance.ts).
defineStoreConformance(connectors, 2, CONFORMANCE_SYNC_SHARDS);
