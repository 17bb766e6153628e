import type { Migration } from 'kysely';
import * as initial from './0001-initial.js';
import * as inventory from './0002-inventory.js';
import * as detection from './0003-detection.js';
import * as apiAuth from './0007-api-auth.js';

/** Every migration, in order. A new migration is one file plus one line here. */
export const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-inventory': inventory,
  '0003-detection': detection,
  '0007-api-auth': apiAuth,
};
