import type { AlertStatus, Severity } from '../../core/alert.js';
import type { Db } from '../db.js';
import { toHeader, type AlertHeader } from './alerts.js';

export interface AlertSearch {
  status?: readonly AlertStatus[] | undefined;
  severity?: readonly Severity[] | undefined;
  policyId?: string | undefined;
  /** The subject's key or e-mail (case-insensitive). */
  user?: string | undefined;
  assignee?: string | undefined;
}

export interface AlertKey {
  createdAt: number;
  id: string;
}

/** Alerts newest first, keyset-paged on (created_at, id). */
export async function searchAlerts(db: Db, filter: AlertSearch, page: { after: AlertKey | null; limit: number }): Promise<AlertHeader[]> {
  let query = db.selectFrom('alerts').selectAll();
  if (filter.status?.length) query = query.where('status', 'in', filter.status);
  if (filter.severity?.length) query = query.where('severity', 'in', filter.severity);
  if (filter.policyId) query = query.where('policy_id', '=', filter.policyId);
  if (filter.user) {
    const user = filter.user.toLowerCase();
    query = query.where((eb) => eb.or([eb('subject_key', '=', user), eb('subject_email', '=', user)]));
  }
  if (filter.assignee) query = query.where('id', 'in', db.selectFrom('alert_assignees').select('alert_id').where('user_id', '=', filter.assignee));
  if (page.after) {
    const k = page.after;
    query = query.where((eb) => eb.or([eb('created_at', '<', k.createdAt), eb.and([eb('created_at', '=', k.createdAt), eb('id', '<', k.id)])]));
  }
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
  return rows.map(toHeader);
}

/** Alerts created per UTC day since `from`. */
export async function alertsPerDay(db: Db, from: number): Promise<{ day: string; count: number }[]> {
  const rows = await db
    .selectFrom('alerts')
    .select((eb) => [eb.fn<string>('strftime', [eb.val('%Y-%m-%d'), eb(eb.ref('created_at'), '/', 1000), eb.val('unixepoch')]).as('day'), eb.fn.countAll<number>().as('count')])
    .where('created_at', '>=', from)
    .groupBy('day')
    .orderBy('day')
    .execute();
  return rows.map((r) => ({ day: r.day, count: Number(r.count) }));
}
