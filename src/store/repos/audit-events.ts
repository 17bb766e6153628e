import { newId } from '../../core/ids.js';
import type { Db } from '../db.js';
import type { AuditEventsTable } from '../tables/auth.js';

export interface AuditEvent {
  id: string;
  time: number;
  actor: { userId: string | null; name: string | null; via: string };
  action: string;
  target: { type: string | null; id: string | null };
  detail: Record<string, unknown>;
  ip: string | null;
}

export interface AuditInput {
  actorUserId: string | null;
  actorName: string | null;
  via: string;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
  now: number;
}

export async function recordAudit(db: Db, input: AuditInput): Promise<void> {
  await db
    .insertInto('audit_events')
    .values({
      id: newId(input.now),
      time: input.now,
      actor_user_id: input.actorUserId,
      actor_name: input.actorName,
      via: input.via,
      action: input.action,
      target_type: input.targetType ?? null,
      target_id: input.targetId ?? null,
      detail: JSON.stringify(input.detail ?? {}),
      ip: input.ip ?? null,
    })
    .execute();
}

const toEvent = (r: AuditEventsTable): AuditEvent => ({
  id: r.id,
  time: Number(r.time),
  actor: { userId: r.actor_user_id, name: r.actor_name, via: r.via },
  action: r.action,
  target: { type: r.target_type, id: r.target_id },
  detail: JSON.parse(r.detail) as Record<string, unknown>,
  ip: r.ip,
});

/** Newest first; `before` is the id of the last event of the previous page (ULIDs sort by time). */
export async function listAudit(db: Db, options: { before?: string; limit: number; action?: string; actor?: string }): Promise<AuditEvent[]> {
  let query = db.selectFrom('audit_events').selectAll();
  if (options.before) query = query.where('id', '<', options.before);
  if (options.action) query = query.where('action', '=', options.action);
  if (options.actor) query = query.where('actor_name', '=', options.actor);
  return (await query.orderBy('id', 'desc').limit(options.limit).execute()).map(toEvent);
}
