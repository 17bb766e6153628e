import { ConfigError, NotFoundError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Db } from '../db.js';
import type { UserRole, UsersTable } from '../tables/auth.js';

/** A Parapet user without secrets: safe to return from the API. */
export interface User {
  id: string;
  username: string;
  role: UserRole;
  sso: boolean;
  disabled: boolean;
  lockedUntil: number | null;
  createdAt: number;
  lastLoginAt: number | null;
}

export function toUser(r: UsersTable): User {
  return {
    id: r.id,
    username: r.username,
    role: r.role,
    sso: r.oidc_subject !== null,
    disabled: r.disabled === 1,
    lockedUntil: r.locked_until === null ? null : Number(r.locked_until),
    createdAt: Number(r.created_at),
    lastLoginAt: r.last_login_at === null ? null : Number(r.last_login_at),
  };
}

export async function createUser(
  db: Db,
  input: { username: string; role: UserRole; passwordHash: string | null; oidcSubject?: string | null; now: number },
): Promise<User> {
  const taken = await db.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst();
  if (taken) throw new ConfigError(`A user named "${input.username}" already exists: choose another username.`);
  const row: UsersTable = {
    id: newId(input.now),
    username: input.username,
    role: input.role,
    password_hash: input.passwordHash,
    oidc_subject: input.oidcSubject ?? null,
    disabled: 0,
    failed_logins: 0,
    locked_until: null,
    created_at: input.now,
    updated_at: input.now,
    last_login_at: null,
  };
  await db.insertInto('users').values(row).execute();
  return toUser(row);
}

export async function countUsers(db: Db): Promise<number> {
  return Number((await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

export async function listUsers(db: Db): Promise<User[]> {
  return (await db.selectFrom('users').selectAll().orderBy('username').execute()).map(toUser);
}

export async function findUserRow(db: Db, by: { id?: string; username?: string; oidcSubject?: string }): Promise<UsersTable | undefined> {
  let query = db.selectFrom('users').selectAll();
  if (by.id !== undefined) query = query.where('id', '=', by.id);
  if (by.username !== undefined) query = query.where('username', '=', by.username);
  if (by.oidcSubject !== undefined) query = query.where('oidc_subject', '=', by.oidcSubject);
  return query.executeTakeFirst();
}

export async function getUser(db: Db, id: string): Promise<User> {
  const row = await findUserRow(db, { id });
  if (!row) throw new NotFoundError(`No user with id ${id}.`);
  return toUser(row);
}

export async function updateUser(db: Db, id: string, change: { role?: UserRole; disabled?: boolean; passwordHash?: string; now: number }): Promise<User> {
  await getUser(db, id);
  await db
    .updateTable('users')
    .set({
      updated_at: change.now,
      ...(change.role ? { role: change.role } : {}),
      ...(change.disabled !== undefined ? { disabled: change.disabled ? 1 : 0 } : {}),
      ...(change.passwordHash ? { password_hash: change.passwordHash, failed_logins: 0, locked_until: null } : {}),
    })
    .where('id', '=', id)
    .execute();
  return getUser(db, id);
}

export async function deleteUser(db: Db, id: string): Promise<void> {
  await getUser(db, id);
  await db.deleteFrom('users').where('id', '=', id).execute();
}

export async function countActiveAdmins(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', 'admin').where('disabled', '=', 0).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Records a failed password: after `maxFailures` in a row the account locks for `lockMs`. */
export async function recordLoginFailure(db: Db, id: string, options: { maxFailures: number; lockMs: number; now: number }): Promise<void> {
  const row = await findUserRow(db, { id });
  if (!row) return;
  const failures = row.failed_logins + 1;
  await db
    .updateTable('users')
    .set({ failed_logins: failures >= options.maxFailures ? 0 : failures, locked_until: failures >= options.maxFailures ? options.now + options.lockMs : row.locked_until })
    .where('id', '=', id)
    .execute();
}

export async function recordLoginSuccess(db: Db, id: string, now: number): Promise<void> {
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null, last_login_at: now }).where('id', '=', id).execute();
}
