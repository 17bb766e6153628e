import { describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('verify the right password only; a stored hash that is not a valid argon2 string verifies nothing', async () => {
    const hash = await hashPassword('correct-horse-battery');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'correct-horse-battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct-horse-batterY')).toBe(false);
    // A damaged or hand-edited row must not let anyone in.
    for (const broken of ['', 'not-a-hash', hash.slice(0, 20), hash.replace('$argon2id$', '$argon2x$')]) expect(await verifyPassword(broken, 'correct-horse-battery'), broken).toBe(false);
  });

  it('a generated first-run password is long enough and unambiguous', () => {
    const passwords = Array.from({ length: 50 }, generatePassword);
    for (const p of passwords) expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{20}$/);
    expect(passwords[0]!.length).toBeGreaterThanOrEqual(MIN_PASSWORD_LENGTH);
    expect(new Set(passwords).size).toBe(50);
  });
});
