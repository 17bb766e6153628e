import { newId } from '../../core/ids.js';
import type { Db } from '../db.js';

export interface AlertComment {
  id: string;
  alertId: string;
  author: { id: string | null; name: string };
  text: string;
  createdAt: number;
}

export async function addAlertComment(db: Db, input: { alertId: string; authorId: string | null; authorName: string; text: string; now: number }): Promise<AlertComment> {
  const id = newId(input.now);
  await db
    .insertInto('alert_comments')
    .values({ id, alert_id: input.alertId, author_id: input.authorId, author_name: input.authorName, text: input.text, created_at: input.now })
    .execute();
  return { id, alertId: input.alertId, author: { id: input.authorId, name: input.authorName }, text: input.text, createdAt: input.now };
}

export async function listAlertComments(db: Db, alertId: string): Promise<AlertComment[]> {
  const rows = await db.selectFrom('alert_comments').selectAll().where('alert_id', '=', alertId).orderBy('created_at').orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, alertId: r.alert_id, author: { id: r.author_id, name: r.author_name }, text: r.text, createdAt: Number(r.created_at) }));
}

/** The assignee's user id per alert (alerts without one are absent). */
export async function getAssignees(db: Db, alertIds: readonly string[]): Promise<Map<string, string>> {
  if (!alertIds.length) return new Map();
  const rows = await db.selectFrom('alert_assignees').selectAll().where('alert_id', 'in', alertIds).execute();
  return new Map(rows.map((r) => [r.alert_id, r.user_id]));
}

export async function setAssignee(db: Db, alertId: string, userId: string | null, now: number): Promise<void> {
  if (userId === null) {
    await db.deleteFrom('alert_assignees').where('alert_id', '=', alertId).execute();
    return;
  }
  await db
    .insertInto('alert_assignees')
    .values({ alert_id: alertId, user_id: userId, assigned_at: now })
    .onConflict((oc) => oc.column('alert_id').doUpdateSet({ user_id: userId, assigned_at: now }))
    .execute();
}
