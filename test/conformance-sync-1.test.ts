import { connectors } from '../src/connectors/registry.js';
import { defineConformanceSyncShard } from './helpers/store-conformance.js';

// Shard 1 of the store + sync conformance suite in `npm test` (see test/helpers/store-conformance.ts).
defineConformanceSyncShard(connectors, 0);
