import type { Migration } from 'kysely';
import type { SecretBox } from '../secret-box.js';
import * as initial from './0001-initial.js';
import * as inventory from './0002-inventory.js';
import * as detection from './0003-detection.js';
import { securityMigration } from './0005-security.js';

/**
 * Every migration, in order. A new migration is one file plus one line here. Migrations that re-encrypt
 * stored secrets need the store's key, hence a function of it.
 */
export function migrationsFor(secrets: SecretBox): Record<string, Migration> {
  return {
    '0001-initial': initial,
    '0002-inventory': inventory,
    '0003-detection': detection,
    '0005-security': securityMigration(secrets),
  };
}
