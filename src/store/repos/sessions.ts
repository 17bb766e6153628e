import type { Db } from '../db.js';
import type { SessionsTable, UsersTable } from '../tables/auth.js';

export async function insertSession(db: Db, row: SessionsTable): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** The live session with this id hash and its user, or undefined when unknown or expired. */
export async function findSession(db: Db, idHash: string, now: number): Promise<{ session: SessionsTable; user: UsersTable } | undefined> {
  const session = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).where('expires_at', '>', now).executeTakeFirst();
  if (!session) return undefined;
  const user = await db.selectFrom('users').selectAll().where('id', '=', session.user_id).executeTakeFirst();
  return user ? { session, user } : undefined;
}

/** Slides the idle expiry forward (at most up to the absolute limit the caller computes). */
export async function touchSession(db: Db, idHash: string, update: { lastSeenAt: number; expiresAt: number }): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: update.lastSeenAt, expires_at: update.expiresAt }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function pruneSessions(db: Db, now: number): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}
