import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/errors.js';

const KEY_FILE = 'secret.key';
const VERSION = 'v1';

/**
 * AES-256-GCM for connector configs at rest. The key comes from PARAPET_SECRET_KEY, else from
 * `<dataDir>/secret.key`, generated on first run with 0600 permissions.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromKey(text: string): SecretBox {
    const trimmed = text.trim();
    const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
    if (key.length !== 32) {
      throw new ConfigError('PARAPET_SECRET_KEY must be 32 bytes, as 64 hex characters or base64 (generate one with: openssl rand -base64 32)');
    }
    return new SecretBox(key);
  }

  static loadOrCreate(dataDir: string, envKey?: string): SecretBox {
    if (envKey) return SecretBox.fromKey(envKey);
    const path = join(dataDir, KEY_FILE);
    if (!existsSync(path)) {
      writeFileSync(path, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    }
    chmodSync(path, 0o600);
    return SecretBox.fromKey(readFileSync(path, 'utf8'));
  }

  seal(value: unknown): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
  }

  open(sealed: string): unknown {
    const [version, iv, tag, ciphertext] = sealed.split(':');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new ConfigError('Stored connector config is not in a format this version can read.');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]);
      return JSON.parse(plain.toString('utf8'));
    } catch (error) {
      throw new ConfigError(
        'Cannot decrypt a stored connector config: the secret key differs from the one it was saved with. Restore the original data/secret.key or PARAPET_SECRET_KEY.',
        { cause: error },
      );
    }
  }
}
