import type { Activity } from '../../core/activity.js';
import type { Alert, AlertResolution, AlertStatus, GovernanceAction, Severity } from '../../core/alert.js';
import { SEVERITIES } from '../../core/alert.js';
import { ConfigError, NotFoundError } from '../../core/errors.js';
import type { Db } from '../db.js';
import type { AlertsTable } from '../tables/detection.js';
import { rowToActivity } from './activities.js';
import { syncBenignWindow } from './detector-state.js';

/** Evidence kept per alert; a long attack keeps counting (`evidenceCount`) but stores the first ids only. */
export const MAX_EVIDENCE_PER_ALERT = 500;

/** An alert without its evidence list (cheap to read in bulk). */
export type AlertHeader = Omit<Alert, 'activityIds'> & { evidenceCount: number };

export function toHeader(r: AlertsTable): AlertHeader {
  return {
    id: r.id,
    fingerprint: r.fingerprint,
    policyId: r.policy_id,
    policyName: r.policy_name,
    variant: r.variant,
    severity: r.severity,
    status: r.status,
    resolution: r.resolution,
    resolutionNote: r.resolution_note,
    subject: { type: r.subject_type, key: r.subject_key, email: r.subject_email, userId: r.subject_user_id, identityId: r.identity_id },
    connectorInstanceId: r.connector_instance_id,
    provider: r.provider,
    app: r.app,
    explanation: r.explanation,
    baseline: r.baseline === null ? null : (JSON.parse(r.baseline) as Record<string, unknown>),
    details: JSON.parse(r.details) as Record<string, unknown>,
    requestedActions: JSON.parse(r.requested_actions) as GovernanceAction[],
    evidenceCount: Number(r.evidence_count),
    firstActivityAt: Number(r.first_activity_at),
    lastActivityAt: Number(r.last_activity_at),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    previousAlertId: r.previous_alert_id,
  };
}

/** An alert's dedup key: its fingerprint without the trailing time bucket (`policy|variant|subject`). */
export function dedupKeyOf(fingerprint: string): string {
  const bar = fingerprint.lastIndexOf('|');
  return bar < 0 ? fingerprint : fingerprint.slice(0, bar);
}

/**
 * Inserts a new alert with its first evidence (`times` gives each activity's time, for ordering the
 * evidence; activities without one take the alert's last activity time). Call inside the engine's transaction.
 */
export async function insertAlert(db: Db, alert: Alert, times: ReadonlyMap<string, number> = new Map()): Promise<void> {
  const ids = [...new Set(alert.activityIds)];
  await db
    .insertInto('alerts')
    .values({
      id: alert.id,
      fingerprint: alert.fingerprint,
      policy_id: alert.policyId,
      policy_name: alert.policyName,
      variant: alert.variant,
      severity: alert.severity,
      status: alert.status,
      resolution: alert.resolution,
      resolution_note: alert.resolutionNote,
      subject_type: alert.subject.type,
      subject_key: alert.subject.key,
      subject_email: alert.subject.email,
      subject_user_id: alert.subject.userId,
      identity_id: alert.subject.identityId,
      connector_instance_id: alert.connectorInstanceId,
      provider: alert.provider,
      app: alert.app,
      explanation: alert.explanation,
      baseline: alert.baseline === null ? null : JSON.stringify(alert.baseline),
      details: JSON.stringify(alert.details),
      requested_actions: JSON.stringify(alert.requestedActions),
      evidence_count: ids.length,
      first_activity_at: alert.firstActivityAt,
      last_activity_at: alert.lastActivityAt,
      created_at: alert.createdAt,
      updated_at: alert.updatedAt,
      dedup_key: dedupKeyOf(alert.fingerprint),
      previous_alert_id: alert.previousAlertId,
    })
    .execute();
  await insertEvidence(db, alert.id, ids.map((id) => ({ id, time: times.get(id) ?? alert.lastActivityAt })), alert.createdAt);
}

async function insertEvidence(db: Db, alertId: string, refs: readonly { id: string; time: number }[], now: number): Promise<number> {
  let added = 0;
  for (let i = 0; i < refs.length; i += 400) {
    const chunk = refs.slice(i, i + 400);
    if (chunk.length === 0) continue;
    const result = await db
      .insertInto('alert_evidence')
      .values(chunk.map((r) => ({ alert_id: alertId, activity_id: r.id, time: r.time, added_at: now })))
      .onConflict((oc) => oc.columns(['alert_id', 'activity_id']).doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

/**
 * The alert a finding of this dedup key joins: an open or in-progress one whose activity span lies within
 * `windowMs` of the finding's time. Closed (resolved or dismissed) alerts are never joined: a new finding
 * after a close raises a new alert linked to the closed one. Matching on times only (not on the fingerprint's
 * bucket) keeps the result the same however the input was paged.
 */
export async function findAlertToJoin(db: Db, dedupKey: string, time: number, windowMs: number): Promise<AlertHeader | null> {
  const row = await db
    .selectFrom('alerts')
    .selectAll()
    .where('dedup_key', '=', dedupKey)
    .where('status', 'in', ['open', 'in_progress'])
    .where('last_activity_at', '>=', time - windowMs)
    .where('first_activity_at', '<=', time + windowMs)
    .orderBy('last_activity_at', 'desc')
    .executeTakeFirst();
  return row ? toHeader(row) : null;
}

/** The open or in-progress alert of a dedup key, whatever its time span (alerts raised by a condition, not by activities). */
export async function findOpenAlert(db: Db, dedupKey: string): Promise<AlertHeader | null> {
  const row = await db.selectFrom('alerts').selectAll().where('dedup_key', '=', dedupKey).where('status', 'in', ['open', 'in_progress']).orderBy('created_at', 'desc').executeTakeFirst();
  return row ? toHeader(row) : null;
}

/** The most recently active resolved or dismissed alert of a dedup key, if any. */
export async function latestClosedAlert(db: Db, dedupKey: string): Promise<string | null> {
  const row = await db
    .selectFrom('alerts')
    .select('id')
    .where('dedup_key', '=', dedupKey)
    .where('status', 'in', ['resolved', 'dismissed'])
    .orderBy('last_activity_at', 'desc')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** Evidence joining an alert, and the text of the finding that brought it when that may replace the alert's. */
export interface EvidenceUpdate {
  refs: readonly { id: string; time: number }[];
  severity: Severity;
  now: number;
  /** Replaces the alert's explanation, details and baseline when its evidence (`covers` activities) is all the alert's. */
  rewrite?: { covers: number; explanation: string; details: Record<string, unknown>; baseline: Record<string, unknown> | null };
}

/** Whether an update's text replaces the alert's, once the alert holds `evidenceCount` activities. */
export function rewritesAlert(update: EvidenceUpdate, evidenceCount: number): update is EvidenceUpdate & { rewrite: NonNullable<EvidenceUpdate['rewrite']> } {
  return update.rewrite !== undefined && update.rewrite.covers >= evidenceCount;
}

/**
 * Adds activities to an alert's evidence (ids already there are skipped) and widens its time span; a
 * more severe finding raises its severity, and one that stands for all the evidence gives the alert its text.
 * Returns how many activities were new.
 */
export async function appendEvidence(db: Db, alertId: string, update: EvidenceUpdate): Promise<number> {
  const current = await db.selectFrom('alerts').select(['evidence_count', 'first_activity_at', 'last_activity_at', 'severity']).where('id', '=', alertId).executeTakeFirst();
  if (!current) throw new NotFoundError(`Alert ${alertId} does not exist`);
  const stored = Number(current.evidence_count);
  const room = Math.max(0, MAX_EVIDENCE_PER_ALERT - stored);
  const added = await insertEvidence(db, alertId, update.refs.slice(0, room), update.now);
  // Beyond the cap, count what joined without storing each id.
  const uncounted = update.refs.length > room ? update.refs.length - room : 0;
  const times = update.refs.map((r) => r.time);
  const severity = SEVERITIES.indexOf(update.severity) > SEVERITIES.indexOf(current.severity) ? update.severity : current.severity;
  const count = stored + added + uncounted;
  const text = rewritesAlert(update, count) ? { explanation: update.rewrite.explanation, details: JSON.stringify(update.rewrite.details), baseline: update.rewrite.baseline === null ? null : JSON.stringify(update.rewrite.baseline) } : {};
  await db
    .updateTable('alerts')
    .set({
      evidence_count: count,
      first_activity_at: Math.min(Number(current.first_activity_at), ...times),
      last_activity_at: Math.max(Number(current.last_activity_at), ...times),
      severity,
      ...text,
      updated_at: update.now,
    })
    .where('id', '=', alertId)
    .execute();
  return added + uncounted;
}

export async function getAlert(db: Db, id: string): Promise<Alert> {
  const row = await db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`No alert with id ${id}. List alerts with \`parapet alerts\`.`);
  const evidence = await db.selectFrom('alert_evidence').select('activity_id').where('alert_id', '=', id).orderBy('time').orderBy('activity_id').execute();
  const { evidenceCount: _count, ...header } = toHeader(row);
  return { ...header, activityIds: evidence.map((e) => e.activity_id) };
}

export async function getAlerts(db: Db, ids: readonly string[]): Promise<Alert[]> {
  const out: Alert[] = [];
  for (const id of ids) out.push(await getAlert(db, id));
  return out;
}

export interface AlertFilter {
  status?: readonly AlertStatus[];
  severity?: readonly Severity[];
  policyId?: string;
  /** Subject key (e-mail, IP). */
  subject?: string;
  /** Alerts about one person: their identity, or any of their addresses as the subject's key or e-mail. */
  person?: { identityId: string; emails: readonly string[] };
  since?: number;
  limit?: number;
}

/** Alerts, newest first. */
export async function listAlerts(db: Db, filter: AlertFilter = {}): Promise<AlertHeader[]> {
  let query = db.selectFrom('alerts').selectAll();
  if (filter.status?.length) query = query.where('status', 'in', filter.status);
  if (filter.severity?.length) query = query.where('severity', 'in', filter.severity);
  if (filter.policyId) query = query.where('policy_id', '=', filter.policyId);
  if (filter.subject) query = query.where('subject_key', '=', filter.subject.toLowerCase());
  if (filter.person) {
    const { identityId, emails } = filter.person;
    query = query.where((eb) => eb.or([eb('identity_id', '=', identityId), ...(emails.length ? [eb('subject_key', 'in', emails), eb('subject_email', 'in', emails)] : [])]));
  }
  if (filter.since !== undefined) query = query.where('last_activity_at', '>=', filter.since);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit ?? 1000).execute();
  return rows.map(toHeader);
}

export async function countAlerts(db: Db, status?: AlertStatus): Promise<number> {
  let query = db.selectFrom('alerts').select((eb) => eb.fn.countAll<number>().as('n'));
  if (status) query = query.where('status', '=', status);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

const NEXT: Record<AlertStatus, readonly AlertStatus[]> = {
  open: ['in_progress', 'resolved', 'dismissed'],
  in_progress: ['resolved', 'dismissed', 'open'],
  resolved: ['open'],
  dismissed: ['open'],
};

/**
 * Moves an alert through its lifecycle: open → in_progress → resolved | dismissed (with a reason), and
 * back to open to reopen. Closing needs a resolution; other moves clear it.
 */
export async function setAlertStatus(
  db: Db,
  id: string,
  change: { status: AlertStatus; resolution?: AlertResolution | null; note?: string | null; now: number },
): Promise<Alert> {
  const alert = await getAlert(db, id);
  if (alert.status === change.status) return alert;
  if (!NEXT[alert.status].includes(change.status)) {
    throw new ConfigError(`Alert ${id} is ${alert.status}; it can move to ${NEXT[alert.status].join(' or ')}, not ${change.status}.`);
  }
  const closing = change.status === 'resolved' || change.status === 'dismissed';
  if (closing && !change.resolution) {
    throw new ConfigError(`Closing alert ${id} needs a reason: true_positive, benign_true_positive or false_positive.`);
  }
  if (change.status === 'open') {
    const other = await db
      .selectFrom('alerts')
      .select('id')
      .where('fingerprint', '=', alert.fingerprint)
      .where('status', 'in', ['open', 'in_progress'])
      .where('id', '!=', id)
      .executeTakeFirst();
    if (other) throw new ConfigError(`Alert ${id} cannot be reopened: alert ${other.id} is already open for the same policy, subject and window.`);
  }
  await db
    .updateTable('alerts')
    .set({ status: change.status, resolution: closing ? (change.resolution ?? null) : null, resolution_note: closing ? (change.note ?? null) : null, updated_at: change.now })
    .where('id', '=', id)
    .execute();
  const updated = await getAlert(db, id);
  await syncBenignWindow(db, updated, change.now);
  return updated;
}

/** The stored activities an alert holds as evidence, oldest first (ids whose activity is gone are skipped). */
export async function listEvidenceActivities(db: Db, alertId: string): Promise<Activity[]> {
  const rows = await db
    .selectFrom('alert_evidence')
    .innerJoin('activities', 'activities.id', 'alert_evidence.activity_id')
    .selectAll('activities')
    .where('alert_evidence.alert_id', '=', alertId)
    .orderBy('activities.time')
    .orderBy('activities.id')
    .execute();
  return rows.map(rowToActivity);
}
