import type { Migration } from 'kysely';
import type { SecretBox } from '../secret-box.js';
import * as initial from './0001-initial.js';
import * as inventory from './0002-inventory.js';
import * as detection from './0003-detection.js';
import * as detectionDurable from './0004-detection-durable.js';
import { securityMigration } from './0005-security.js';
import * as streamHealth from './0006-stream-health.js';
import * as apiAuth from './0007-api-auth.js';
import * as posture from './0009-posture.js';
import * as governance from './0008-governance.js';
import * as rateBudgets from './0010-rate-budgets.js';
import * as groupMemberLookup from './0011-group-member-lookup.js';
import * as detectorStateVersion from './0012-detector-state-version.js';
import * as inventoryVersion from './0013-inventory-version.js';
import * as textFold from './0014-text-fold.js';
import * as ingestCounter from './0015-ingest-counter.js';

/**
 * Every migration, in order. A new migration is one file plus one line here. Migrations that re-encrypt
 * stored secrets need the store's key, hence a function of it.
 */
export function migrationsFor(secrets: SecretBox): Record<string, Migration> {
  return {
    '0001-initial': initial,
    '0002-inventory': inventory,
    '0003-detection': detection,
    '0004-detection-durable': detectionDurable,
    '0005-security': securityMigration(secrets),
    '0006-stream-health': streamHealth,
    '0007-api-auth': apiAuth,
    '0008-governance': governance,
    '0009-posture': posture,
    '0010-rate-budgets': rateBudgets,
    '0011-group-member-lookup': groupMemberLookup,
    '0012-detector-state-version': detectorStateVersion,
    '0013-inventory-version': inventoryVersion,
    '0014-text-fold': textFold,
    '0015-ingest-counter': ingestCounter,
  };
}
