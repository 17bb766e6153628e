import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.js';

/** The key file's name inside the data directory when PARAPET_SECRET_KEY(_FILE) is not set. */
export const DEFAULT_KEY_FILE = 'secret.key';
/** A rotation writes the new key here first; while it exists, both keys can open configs. */
export const PENDING_KEY_SUFFIX = '.next';

/** `v1:iv:tag:ciphertext` — no key id, no associated data (before migration 0005). */
const LEGACY_VERSION = 'v1';
/** `v2:keyId:iv:tag:ciphertext`, bound to its context through AES-GCM associated data. */
const VERSION = 'v2';
/** Fewer distinct bytes than this in 32 bytes is not random (32 random bytes have ~30 on average). */
const MIN_DISTINCT_BYTES = 16;

export const KEY_HELP = 'generate one with: openssl rand -base64 32';

/**
 * Parses a key given as 64 hex characters or as standard base64 of exactly 32 bytes, and refuses keys
 * that are not 32 random-looking bytes (all zero, too short, repeated patterns, a pass phrase).
 * `source` names where the key came from in the message; the message never quotes the key.
 */
export function parseKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  let key: Buffer;
  if (/^[0-9a-f]{64}$/i.test(trimmed)) key = Buffer.from(trimmed, 'hex');
  else if (/^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/.test(trimmed)) key = Buffer.from(trimmed, 'base64');
  else {
    throw new ConfigError(`${source} is not a 32-byte key: give 64 hex characters or 44 base64 characters (${KEY_HELP}).`);
  }
  if (key.every((b) => b === 0)) throw new ConfigError(`${source} is all zeros: that is no key at all (${KEY_HELP}).`);
  if (new Set(key).size < MIN_DISTINCT_BYTES) {
    throw new ConfigError(`${source} is too regular to be a random key (a repeated or hand-made pattern): ${KEY_HELP}.`);
  }
  return key;
}

/** A short public fingerprint of a key: sealed values carry it, so the right key opens them. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update('parapet-key-id').update(key).digest('hex').slice(0, 12);
}

export interface SecretKey {
  id: string;
  key: Buffer;
}

export interface KeySource {
  /** PARAPET_SECRET_KEY: the key itself. */
  envKey?: string | undefined;
  /** PARAPET_SECRET_KEY_FILE: a file holding the key, e.g. on a separate mount; created if missing. */
  keyFile?: string | undefined;
}

/** Where the key comes from: the environment, a named file, or `<dataDir>/secret.key`. */
export function keyFilePath(dataDir: string, source: KeySource): string | null {
  if (source.envKey) return null;
  return source.keyFile ?? join(dataDir, DEFAULT_KEY_FILE);
}

/**
 * AES-256-GCM for connector configs at rest. Each sealed value names the key that sealed it (its key id)
 * and is bound to a context — the connector instance id — through associated data, so a ciphertext
 * copied onto another row does not open. The box seals with its current key and opens with any key it
 * holds (the previous one during a rotation).
 */
export class SecretBox {
  private readonly byId: Map<string, Buffer>;

  constructor(
    readonly current: SecretKey,
    others: readonly SecretKey[] = [],
  ) {
    this.byId = new Map([...others, current].map((k) => [k.id, k.key]));
  }

  static fromKey(text: string, source = 'PARAPET_SECRET_KEY'): SecretBox {
    const key = parseKey(text, source);
    return new SecretBox({ id: keyId(key), key });
  }

  /**
   * The key from PARAPET_SECRET_KEY, else from PARAPET_SECRET_KEY_FILE or `<dataDir>/secret.key` (generated
   * with 0600 permissions when missing). A pending rotation's key (`<file>.next`) is held too, so a
   * rotation interrupted after its commit still opens every config.
   */
  static load(dataDir: string, source: KeySource = {}): SecretBox {
    if (source.envKey && source.keyFile) {
      throw new ConfigError('Both PARAPET_SECRET_KEY and PARAPET_SECRET_KEY_FILE are set: keep one of them.');
    }
    if (source.envKey) return SecretBox.fromKey(source.envKey);
    const path = keyFilePath(dataDir, source)!;
    const name = source.keyFile ? `PARAPET_SECRET_KEY_FILE (${path})` : `the key file ${path}`;
    if (!existsSync(path)) writeKeyFile(path, randomBytes(32));
    const current = readKeyFile(path, name);
    const pending = `${path}${PENDING_KEY_SUFFIX}`;
    const others = existsSync(pending) ? [readKeyFile(pending, `the pending rotation key ${pending}`)] : [];
    return new SecretBox(current, others);
  }

  /** Whether a sealed value is already under the current key and bound to its context. */
  isCurrent(sealed: string): boolean {
    const [version, id] = sealed.split(':');
    return version === VERSION && id === this.current.id;
  }

  seal(value: unknown, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(aad(context));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return [VERSION, this.current.id, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
  }

  /**
   * Opens a value sealed for `context`. Values from before migration 0005 (v1, unbound) open only when
   * `legacy` is set: the migration re-seals them, nothing else should read them.
   */
  open(sealed: string, context: string, options: { legacy?: boolean } = {}): unknown {
    const parts = sealed.split(':');
    let key: Buffer | undefined;
    let iv: string | undefined;
    let tag: string | undefined;
    let ciphertext: string | undefined;
    let associated: Buffer | null = null;
    if (parts[0] === VERSION && parts.length === 5) {
      const id = parts[1]!;
      key = this.byId.get(id);
      if (!key) {
        throw new ConfigError(
          `Cannot decrypt a stored connector config: it was sealed with key ${id}, and the key in use is ${this.current.id}. Restore the key it was saved with (data/secret.key, PARAPET_SECRET_KEY_FILE or PARAPET_SECRET_KEY).`,
        );
      }
      [, , iv, tag, ciphertext] = parts;
      associated = aad(context);
    } else if (parts[0] === LEGACY_VERSION && parts.length === 4 && options.legacy) {
      key = this.current.key;
      [, iv, tag, ciphertext] = parts;
    } else {
      throw new ConfigError('Stored connector config is not in a format this version can read.');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv!, 'base64'));
      if (associated) decipher.setAAD(associated);
      decipher.setAuthTag(Buffer.from(tag!, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext!, 'base64')), decipher.final()]);
      return JSON.parse(plain.toString('utf8'));
    } catch (error) {
      throw new ConfigError(
        associated
          ? `Cannot decrypt the stored config of connector ${context}: it does not belong to this connector (copied from another row) or was altered. Connect it again with --replace.`
          : 'Cannot decrypt a stored connector config: the secret key differs from the one it was saved with. Restore the original data/secret.key or PARAPET_SECRET_KEY.',
        { cause: error instanceof Error ? new Error(error.message) : undefined },
      );
    }
  }
}

function aad(context: string): Buffer {
  return Buffer.from(`parapet:connector-config:${context}`, 'utf8');
}

/** Writes a key file readable by its owner only; refuses to overwrite one. */
export function writeKeyFile(path: string, key: Buffer): void {
  writeFileSync(path, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
}

function readKeyFile(path: string, name: string): SecretKey {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read ${name}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}. Check the path and that this user may read it.`);
  }
  const key = parseKey(text, name);
  return { id: keyId(key), key };
}
