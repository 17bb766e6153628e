import { hashPassword, generatePassword } from '../api/auth/passwords.js';
import type { Store } from '../store/db.js';
import { countUsers, createUser } from '../store/repos/users.js';

export interface FirstAdmin {
  username: string;
  /** Null when the password came from PARAPET_ADMIN_PASSWORD (it is not echoed). */
  generatedPassword: string | null;
}

/**
 * On first run (no users yet) creates the `admin` user with PARAPET_ADMIN_PASSWORD, or a generated
 * password that the caller prints once. Returns null when users already exist.
 */
export async function ensureFirstAdmin(store: Store, options: { password?: string | undefined; now: number }): Promise<FirstAdmin | null> {
  if ((await countUsers(store.db)) > 0) return null;
  const generatedPassword = options.password ? null : generatePassword();
  const password = options.password ?? (generatedPassword as string);
  await createUser(store.db, { username: 'admin', role: 'admin', passwordHash: await hashPassword(password), now: options.now });
  return { username: 'admin', generatedPassword };
}
