import { createCipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { openSqlite } from './sqlite.js';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/temp-dir.js';
import { ConfigError } from '../core/errors.js';
import { openStore, type Store } from './db.js';
import { migrationsFor } from './migrations/index.js';
import { rotateKeyFile, rotateToNewFile } from './key-rotation.js';
import { createInstance, readInstanceConfig } from './repos/connector-instances.js';
import { keyId, parseKey, SecretBox } from './secret-box.js';

const randomKey = () => randomBytes(32).toString('base64');

/** What SecretBox wrote before migration 0005: v1, no key id, no associated data. */
function sealV1(key: Buffer, value: unknown): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
}

describe('secret keys', () => {
  it.each([
    ['all zeros (hex)', '0'.repeat(64)],
    ['all zeros (base64)', Buffer.alloc(32).toString('base64')],
    ['too short', 'short'],
    ['16 bytes', randomBytes(16).toString('base64')],
    ['48 bytes', randomBytes(48).toString('base64')],
    ['one byte repeated', Buffer.alloc(32, 7).toString('base64')],
    ['a repeated pattern', '0123456789abcdef'.repeat(4)],
    ['a pass phrase', 'correct horse battery staple, correct horse'],
  ])('refuses a weak key: %s, without quoting it', (_label, text) => {
    let error: unknown;
    try {
      parseKey(text, 'PARAPET_SECRET_KEY');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/PARAPET_SECRET_KEY/);
    expect((error as Error).message).not.toContain(text);
  });

  it('accepts 32 random bytes as base64 or hex, and gives both the same key id', () => {
    const key = randomBytes(32);
    expect(keyId(parseKey(key.toString('base64'), 'k'))).toBe(keyId(parseKey(key.toString('hex'), 'k')));
  });

  it('binds a sealed config to its connector: a ciphertext swapped onto another row does not open', () => {
    const box = SecretBox.fromKey(randomKey());
    const sealed = box.seal({ privateKey: 'A' }, 'instance-a');
    expect(box.open(sealed, 'instance-a')).toEqual({ privateKey: 'A' });
    expect(() => box.open(sealed, 'instance-b')).toThrow(/does not belong to this connector/);
    expect(sealed.split(':').slice(0, 2)).toEqual(['v2', box.current.id]);
  });

  it('opens a legacy v1 value only when asked to (the migration), never through the normal path', () => {
    const key = randomBytes(32);
    const box = SecretBox.fromKey(key.toString('base64'));
    const legacy = sealV1(key, { a: 1 });
    expect(box.open(legacy, 'x', { legacy: true })).toEqual({ a: 1 });
    expect(() => box.open(legacy, 'x')).toThrow(ConfigError);
  });
});

describe('store files and keys', () => {
  let dir: ReturnType<typeof tempDir>;
  let store: Store | undefined;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    dir.cleanup();
  });

  it('creates the data directory 0700 and the database, WAL and key files 0600', async () => {
    const dataDir = join(dir.path, 'data');
    const oldUmask = process.umask(0o022);
    try {
      store = await openStore({ dataDir });
      await createInstance(store.db, store.secrets, { name: 'ds', provider: 'docusign', config: { a: 1 }, now: 1 });
      const mode = (f: string) => (statSync(join(dataDir, f)).mode & 0o777).toString(8);
      expect(mode('.')).toBe('700');
      expect(existsSync(join(dataDir, 'parapet.db-wal'))).toBe(true);
      expect(['parapet.db', 'parapet.db-wal', 'parapet.db-shm', 'secret.key'].map(mode)).toEqual(['600', '600', '600', '600']);
    } finally {
      process.umask(oldUmask);
    }
  });

  it('warns at startup about a data directory or files other users may read, naming the chmod', async () => {
    store = await openStore({ dataDir: dir.path });
    await store.close();
    store = undefined;
    chmodSync(dir.path, 0o755);
    chmodSync(join(dir.path, 'parapet.db'), 0o644);
    chmodSync(join(dir.path, 'secret.key'), 0o640);
    const warnings: string[] = [];
    store = await openStore({ dataDir: dir.path, onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([
      `The data directory ${dir.path} is readable by other users (mode 755): run chmod 700 ${dir.path}`,
      `${join(dir.path, 'parapet.db')} is readable by other users (mode 644): run chmod 600 ${join(dir.path, 'parapet.db')}`,
      // SQLite gives the WAL and shared-memory files the database file's mode.
      `${join(dir.path, 'parapet.db-wal')} is readable by other users (mode 644): run chmod 600 ${join(dir.path, 'parapet.db-wal')}`,
      `${join(dir.path, 'parapet.db-shm')} is readable by other users (mode 644): run chmod 600 ${join(dir.path, 'parapet.db-shm')}`,
      `${join(dir.path, 'secret.key')} is readable by other users (mode 640): run chmod 600 ${join(dir.path, 'secret.key')}`,
    ]);
  });

  it('keeps the key outside the data directory with PARAPET_SECRET_KEY_FILE', async () => {
    const keyDir = join(dir.path, 'keys');
    mkdirSync(keyDir);
    const keyFile = join(keyDir, 'parapet.key');
    store = await openStore({ dataDir: join(dir.path, 'data'), secretKeyFile: keyFile });
    const instance = await createInstance(store.db, store.secrets, { name: 'ds', provider: 'docusign', config: { a: 1 }, now: 1 });
    expect(existsSync(join(dir.path, 'data', 'secret.key'))).toBe(false);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    await store.close();
    store = await openStore({ dataDir: join(dir.path, 'data'), secretKeyFile: keyFile });
    expect(await readInstanceConfig(store.db, store.secrets, instance.id)).toEqual({ a: 1 });
    await expect(openStore({ dataDir: join(dir.path, 'data'), secretKeyFile: keyFile, secretKey: randomKey() })).rejects.toThrow(/keep one of them/);
  });

  it('refuses a weak PARAPET_SECRET_KEY before creating any database', async () => {
    await expect(openStore({ dataDir: dir.path, secretKey: Buffer.alloc(32).toString('base64') })).rejects.toThrow(/all zeros/);
    expect(existsSync(join(dir.path, 'parapet.db'))).toBe(false);
  });

  it('migration 0005 re-seals configs stored before it, bound to their connector', async () => {
    const key = randomBytes(32);
    // A database as it was before 0005: migrated up to 0004, configs sealed the v1 way.
    const before = new Kysely<Record<string, never>>({ dialect: new SqliteDialect({ database: openSqlite(join(dir.path, 'parapet.db')) }) });
    const upTo0004 = Object.fromEntries(Object.entries(migrationsFor(SecretBox.fromKey(key.toString('base64')))).filter(([name]) => name < '0005'));
    expect((await new Migrator({ db: before, provider: { getMigrations: async () => upTo0004 } }).migrateToLatest()).error).toBeUndefined();
    const a = { id: 'ci-a' };
    const b = { id: 'ci-b' };
    for (const [row, name, privateKey] of [[a, 'a', 'A'], [b, 'b', 'B']] as const) {
      await sql`INSERT INTO connector_instances (id, name, provider, config_sealed, status, created_at, updated_at)
        VALUES (${row.id}, ${name}, 'docusign', ${sealV1(key, { privateKey })}, 'connected', 1, 1)`.execute(before);
    }
    await before.destroy();

    store = await openStore({ dataDir: dir.path, secretKey: key.toString('base64') });
    const rows = await store.db.selectFrom('connector_instances').select(['id', 'config_sealed']).orderBy('name').execute();
    expect(rows.map((r) => r.config_sealed.split(':').slice(0, 2))).toEqual([
      ['v2', store.secrets.current.id],
      ['v2', store.secrets.current.id],
    ]);
    expect(await readInstanceConfig(store.db, store.secrets, a.id)).toEqual({ privateKey: 'A' });
    expect(await readInstanceConfig(store.db, store.secrets, b.id)).toEqual({ privateKey: 'B' });
    // Swapping the re-sealed values between the rows no longer works.
    await store.db.updateTable('connector_instances').set({ config_sealed: rows[1]!.config_sealed }).where('id', '=', a.id).execute();
    await expect(readInstanceConfig(store.db, store.secrets, a.id)).rejects.toThrow(/does not belong to this connector/);
  });

  it('rotates the key file: every config re-encrypted under a new key id, the old key opens nothing', async () => {
    store = await openStore({ dataDir: dir.path });
    const ids = [];
    for (const name of ['a', 'b', 'c']) ids.push((await createInstance(store.db, store.secrets, { name, provider: 'docusign', config: { name }, now: 1 })).id);
    const oldKey = readFileSync(join(dir.path, 'secret.key'), 'utf8');
    const progress: string[] = [];
    const result = await rotateKeyFile(store, join(dir.path, 'secret.key'), (done, total) => progress.push(`${done}/${total}`));
    expect(progress).toEqual(['1/3', '2/3', '3/3']);
    expect(result.reencrypted).toBe(3);
    expect(result.newKeyId).not.toBe(result.previousKeyId);
    expect(existsSync(join(dir.path, 'secret.key.next'))).toBe(false);
    expect(statSync(join(dir.path, 'secret.key')).mode & 0o777).toBe(0o600);
    await store.close();

    store = await openStore({ dataDir: dir.path });
    expect(store.secrets.current.id).toBe(result.newKeyId);
    expect(await Promise.all(ids.map((id) => readInstanceConfig(store!.db, store!.secrets, id)))).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    const sealed = await store.db.selectFrom('connector_instances').select('config_sealed').execute();
    expect(sealed.every((r) => r.config_sealed.startsWith(`v2:${result.newKeyId}:`))).toBe(true);
    await store.close();
    store = await openStore({ dataDir: join(dir.path, 'old'), secretKey: oldKey });
    await store.close();
    store = undefined;
    const withOldKey = await openStore({ dataDir: dir.path, secretKey: oldKey });
    try {
      await expect(readInstanceConfig(withOldKey.db, withOldKey.secrets, ids[0]!)).rejects.toThrow(/sealed with key/);
    } finally {
      await withOldKey.close();
    }
  });

  it('finishes a rotation interrupted after its commit: the pending key still opens the configs', async () => {
    store = await openStore({ dataDir: dir.path });
    const id = (await createInstance(store.db, store.secrets, { name: 'a', provider: 'docusign', config: { v: 1 }, now: 1 })).id;
    // Simulate the crash: the new key written to .next, rows re-encrypted, the rename never happened.
    const next = randomBytes(32);
    writeFileSync(join(dir.path, 'secret.key.next'), next.toString('base64'), { mode: 0o600 });
    const sealed = new SecretBox({ id: keyId(next), key: next }).seal({ v: 1 }, id);
    await store.db.updateTable('connector_instances').set({ config_sealed: sealed }).where('id', '=', id).execute();
    await store.close();

    store = await openStore({ dataDir: dir.path });
    expect(await readInstanceConfig(store.db, store.secrets, id)).toEqual({ v: 1 });
    const result = await rotateKeyFile(store, join(dir.path, 'secret.key'));
    expect(result.newKeyId).toBe(keyId(next));
    expect(existsSync(join(dir.path, 'secret.key.next'))).toBe(false);
  });

  it('rotates a key given in PARAPET_SECRET_KEY into a new 0600 file, never printing it', async () => {
    const envKey = randomKey();
    store = await openStore({ dataDir: dir.path, secretKey: envKey });
    const id = (await createInstance(store.db, store.secrets, { name: 'a', provider: 'docusign', config: { v: 2 }, now: 1 })).id;
    const newFile = join(dir.path, 'new.key');
    const result = await rotateToNewFile(store, newFile);
    expect(statSync(newFile).mode & 0o777).toBe(0o600);
    await store.close();
    store = await openStore({ dataDir: dir.path, secretKeyFile: newFile });
    expect(store.secrets.current.id).toBe(result.newKeyId);
    expect(await readInstanceConfig(store.db, store.secrets, id)).toEqual({ v: 2 });
    await expect(rotateToNewFile(store, newFile)).rejects.toThrow(/already exists/);
  });
});
