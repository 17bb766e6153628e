import { defineSyncFailures, SYNC_FAILURE_SHARDS } from './helpers/sync-failures-suite.js';

// Shard 2 of the sync-under-bad-conditions suite (see test/helpers/sync-failures-suite.ts).
defineSyncFailures(1, SYNC_FAILURE_SHARDS);
