import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { ConfigError } from '../core/errors.js';
import { inTransaction, type Store } from './db.js';
import { keyId, parseKey, PENDING_KEY_SUFFIX, SecretBox, writeKeyFile, type SecretKey } from './secret-box.js';

export interface RotationResult {
  previousKeyId: string;
  newKeyId: string;
  /** Connector configs re-encrypted (every one the store holds). */
  reencrypted: number;
}

/**
 * Re-encrypts every connector config under `next` in one transaction: either all rows move to the new
 * key or none does. `onProgress(done, total)` is called after each row.
 */
export async function reencryptConfigs(store: Store, next: SecretKey, onProgress?: (done: number, total: number) => void): Promise<RotationResult> {
  const previous = store.secrets.current;
  const box = new SecretBox(next, [previous]);
  const reader = store.secrets;
  const reencrypted = await inTransaction(store.db, 'Re-encrypting connector secrets', async (trx) => {
    const rows = await trx.selectFrom('connector_instances').select(['id', 'config_sealed']).orderBy('id').execute();
    let done = 0;
    for (const row of rows) {
      const config = reader.open(row.config_sealed, row.id);
      await trx.updateTable('connector_instances').set({ config_sealed: box.seal(config, row.id) }).where('id', '=', row.id).execute();
      onProgress?.(++done, rows.length);
    }
    return rows.length;
  });
  store.secrets = box;
  return { previousKeyId: previous.id, newKeyId: next.id, reencrypted };
}

/**
 * Rotation for a key kept in a file (`<dataDir>/secret.key` or PARAPET_SECRET_KEY_FILE): the new key is
 * written to `<file>.next` first, the configs are re-encrypted, then `.next` replaces the file. A rotation
 * interrupted at any point is finished by running it again: the store already holds the `.next` key.
 */
export async function rotateKeyFile(store: Store, keyFile: string, onProgress?: (done: number, total: number) => void): Promise<RotationResult> {
  const pending = keyFile + PENDING_KEY_SUFFIX;
  if (!existsSync(pending)) writeKeyFile(pending, randomBytes(32));
  const key = parseKey(readFileSync(pending, 'utf8'), `the pending rotation key ${pending}`);
  if (keyId(key) === store.secrets.current.id) throw new ConfigError(`${pending} holds the key already in use: delete it and rotate again.`);
  const result = await reencryptConfigs(store, { id: keyId(key), key }, onProgress);
  renameSync(pending, keyFile);
  return result;
}

/**
 * Rotation for a key given in PARAPET_SECRET_KEY: the new key goes to a new file (never printed); the
 * operator then points PARAPET_SECRET_KEY_FILE at it and removes PARAPET_SECRET_KEY.
 */
export async function rotateToNewFile(store: Store, newKeyFile: string, onProgress?: (done: number, total: number) => void): Promise<RotationResult> {
  if (existsSync(newKeyFile)) throw new ConfigError(`${newKeyFile} already exists: name a new file for the new key.`);
  const key = randomBytes(32);
  writeKeyFile(newKeyFile, key);
  return reencryptConfigs(store, { id: keyId(key), key }, onProgress);
}
