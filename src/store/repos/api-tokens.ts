import { NotFoundError } from '../../core/errors.js';
import type { Db } from '../db.js';
import type { ApiTokensTable, UsersTable } from '../tables/auth.js';

/** A token as listed: never its value or hash. */
export interface ApiTokenInfo {
  id: string;
  userId: string;
  name: string;
  prefix: string;
  scope: ApiTokensTable['scope'];
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
}

const toInfo = (r: ApiTokensTable): ApiTokenInfo => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  prefix: r.prefix,
  scope: r.scope,
  createdAt: Number(r.created_at),
  expiresAt: r.expires_at === null ? null : Number(r.expires_at),
  lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
});

export async function insertApiToken(db: Db, row: ApiTokensTable): Promise<ApiTokenInfo> {
  await db.insertInto('api_tokens').values(row).execute();
  return toInfo(row);
}

export async function listApiTokens(db: Db, userId?: string): Promise<ApiTokenInfo[]> {
  let query = db.selectFrom('api_tokens').selectAll();
  if (userId) query = query.where('user_id', '=', userId);
  return (await query.orderBy('created_at', 'desc').execute()).map(toInfo);
}

export async function getApiToken(db: Db, id: string): Promise<ApiTokenInfo> {
  const row = await db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`No API token with id ${id}.`);
  return toInfo(row);
}

/** The unexpired token with this hash and its user. */
export async function findApiToken(db: Db, tokenHash: string, now: number): Promise<{ token: ApiTokensTable; user: UsersTable } | undefined> {
  const token = await db
    .selectFrom('api_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();
  if (!token) return undefined;
  const user = await db.selectFrom('users').selectAll().where('id', '=', token.user_id).executeTakeFirst();
  return user ? { token, user } : undefined;
}

export async function markApiTokenUsed(db: Db, id: string, now: number): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

export async function deleteApiToken(db: Db, id: string): Promise<void> {
  const result = await db.deleteFrom('api_tokens').where('id', '=', id).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new NotFoundError(`No API token with id ${id}.`);
}
