import type { Db } from '../db.js';
import type { PostureExceptionsTable, PostureFindingsTable, PostureHistoryTable } from '../tables/posture.js';

type PostureStatus = PostureFindingsTable['status'];

/** A check's latest finding on one instance, as stored. */
export interface StoredFinding {
  connectorInstanceId: string;
  checkId: string;
  status: PostureStatus;
  evidence: string;
  expected: string | null;
  observed: number | null;
  details: Record<string, unknown>;
  since: number;
  evaluatedAt: number;
}

export interface PostureHistoryEntry {
  id: string;
  connectorInstanceId: string;
  checkId: string;
  status: PostureStatus;
  evidence: string;
  observed: number | null;
  evaluatedAt: number;
  alertId: string | null;
}

/** Accepted risk on one check of one instance. */
export interface PostureException {
  id: string;
  connectorInstanceId: string;
  checkId: string;
  owner: string;
  reason: string;
  expiresAt: number;
  acceptedObserved: number | null;
  acceptedEvidence: string;
  createdAt: number;
  createdBy: string | null;
  expiryAlertedAt: number | null;
  revokedAt: number | null;
}

function toFinding(r: PostureFindingsTable): StoredFinding {
  return {
    connectorInstanceId: r.connector_instance_id,
    checkId: r.check_id,
    status: r.status,
    evidence: r.evidence,
    expected: r.expected,
    observed: r.observed === null ? null : Number(r.observed),
    details: JSON.parse(r.details) as Record<string, unknown>,
    since: Number(r.since),
    evaluatedAt: Number(r.evaluated_at),
  };
}

function toHistory(r: PostureHistoryTable): PostureHistoryEntry {
  return {
    id: r.id,
    connectorInstanceId: r.connector_instance_id,
    checkId: r.check_id,
    status: r.status,
    evidence: r.evidence,
    observed: r.observed === null ? null : Number(r.observed),
    evaluatedAt: Number(r.evaluated_at),
    alertId: r.alert_id,
  };
}

function toException(r: PostureExceptionsTable): PostureException {
  return {
    id: r.id,
    connectorInstanceId: r.connector_instance_id,
    checkId: r.check_id,
    owner: r.owner,
    reason: r.reason,
    expiresAt: Number(r.expires_at),
    acceptedObserved: r.accepted_observed === null ? null : Number(r.accepted_observed),
    acceptedEvidence: r.accepted_evidence,
    createdAt: Number(r.created_at),
    createdBy: r.created_by,
    expiryAlertedAt: r.expiry_alerted_at === null ? null : Number(r.expiry_alerted_at),
    revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  };
}

export async function listFindings(db: Db, instanceId?: string): Promise<StoredFinding[]> {
  let query = db.selectFrom('posture_findings').selectAll();
  if (instanceId !== undefined) query = query.where('connector_instance_id', '=', instanceId);
  return (await query.orderBy('connector_instance_id').orderBy('check_id').execute()).map(toFinding);
}

export async function saveFinding(db: Db, finding: StoredFinding): Promise<void> {
  const row = {
    connector_instance_id: finding.connectorInstanceId,
    check_id: finding.checkId,
    status: finding.status,
    evidence: finding.evidence,
    expected: finding.expected,
    observed: finding.observed,
    details: JSON.stringify(finding.details),
    since: finding.since,
    evaluated_at: finding.evaluatedAt,
  };
  await db
    .insertInto('posture_findings')
    .values(row)
    .onConflict((oc) => oc.columns(['connector_instance_id', 'check_id']).doUpdateSet({ ...row }))
    .execute();
}

/** Findings of checks no longer registered (a connector upgrade removed them) are dropped. */
export async function deleteFindingsExcept(db: Db, instanceId: string, keep: readonly string[]): Promise<void> {
  let query = db.deleteFrom('posture_findings').where('connector_instance_id', '=', instanceId);
  if (keep.length > 0) query = query.where('check_id', 'not in', keep);
  await query.execute();
}

export async function appendHistory(db: Db, entry: PostureHistoryEntry): Promise<void> {
  await db
    .insertInto('posture_history')
    .values({
      id: entry.id,
      connector_instance_id: entry.connectorInstanceId,
      check_id: entry.checkId,
      status: entry.status,
      evidence: entry.evidence,
      observed: entry.observed,
      evaluated_at: entry.evaluatedAt,
      alert_id: entry.alertId,
    })
    .execute();
}

/** A check's changes, newest first (every instance unless one is given). */
export async function listHistory(db: Db, checkId: string, options: { instanceId?: string; limit?: number } = {}): Promise<PostureHistoryEntry[]> {
  let query = db.selectFrom('posture_history').selectAll().where('check_id', '=', checkId);
  if (options.instanceId !== undefined) query = query.where('connector_instance_id', '=', options.instanceId);
  const rows = await query.orderBy('evaluated_at', 'desc').orderBy('id', 'desc').limit(options.limit ?? 200).execute();
  return rows.map(toHistory);
}

export async function insertException(db: Db, exception: PostureException): Promise<void> {
  await db
    .insertInto('posture_exceptions')
    .values({
      id: exception.id,
      connector_instance_id: exception.connectorInstanceId,
      check_id: exception.checkId,
      owner: exception.owner,
      reason: exception.reason,
      expires_at: exception.expiresAt,
      accepted_observed: exception.acceptedObserved,
      accepted_evidence: exception.acceptedEvidence,
      created_at: exception.createdAt,
      created_by: exception.createdBy,
      expiry_alerted_at: exception.expiryAlertedAt,
      revoked_at: exception.revokedAt,
    })
    .execute();
}

/** Exceptions not revoked (expired ones included: they still alert once and show as expired). */
export async function listExceptions(db: Db, instanceId?: string): Promise<PostureException[]> {
  let query = db.selectFrom('posture_exceptions').selectAll().where('revoked_at', 'is', null);
  if (instanceId !== undefined) query = query.where('connector_instance_id', '=', instanceId);
  return (await query.orderBy('created_at').execute()).map(toException);
}

export async function getException(db: Db, id: string): Promise<PostureException | null> {
  const row = await db.selectFrom('posture_exceptions').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toException(row) : null;
}

export async function revokeException(db: Db, id: string, now: number): Promise<boolean> {
  const result = await db.updateTable('posture_exceptions').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function markExpiryAlerted(db: Db, id: string, now: number): Promise<void> {
  await db.updateTable('posture_exceptions').set({ expiry_alerted_at: now }).where('id', '=', id).execute();
}
