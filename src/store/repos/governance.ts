import type { ActionStatus, GovernanceLogEntry, GovernanceRequest, LogEvent } from '../../core/governance-action.js';
import { NotFoundError } from '../../core/errors.js';
import type { Db } from '../db.js';
import type { GovernanceActionsTable, GovernanceLogTable } from '../tables/governance.js';

function toRequest(r: GovernanceActionsTable): GovernanceRequest {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status as ActionStatus,
    targetType: r.target_type as GovernanceRequest['targetType'],
    targetId: r.target_id,
    targetLabel: r.target_label,
    identityId: r.identity_id,
    route: r.route as GovernanceRequest['route'],
    connectorInstanceId: r.connector_instance_id,
    providerTargetId: r.provider_target_id,
    prefer: r.prefer as GovernanceRequest['prefer'],
    policyId: r.policy_id,
    alertId: r.alert_id,
    parentId: r.parent_id,
    step: r.step === null ? null : Number(r.step),
    undoOf: r.undo_of,
    undoneBy: r.undone_by,
    requestedBy: r.requested_by,
    requestedVia: r.requested_via as GovernanceRequest['requestedVia'],
    reason: r.reason,
    approvalRequired: r.approval_required === 1,
    approverRoles: JSON.parse(r.approver_roles) as GovernanceRequest['approverRoles'],
    selfApproval: r.self_approval === 1,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at === null ? null : Number(r.decided_at),
    expiresAt: r.expires_at === null ? null : Number(r.expires_at),
    attempts: Number(r.attempts),
    result: r.result,
    verified: r.verified === null ? null : r.verified === 1,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

function toRow(a: GovernanceRequest, dedupKey: string | null): GovernanceActionsTable {
  return {
    id: a.id,
    kind: a.kind,
    status: a.status,
    target_type: a.targetType,
    target_id: a.targetId,
    target_label: a.targetLabel,
    identity_id: a.identityId,
    route: a.route,
    connector_instance_id: a.connectorInstanceId,
    provider_target_id: a.providerTargetId,
    prefer: a.prefer,
    policy_id: a.policyId,
    alert_id: a.alertId,
    parent_id: a.parentId,
    step: a.step,
    undo_of: a.undoOf,
    undone_by: a.undoneBy,
    requested_by: a.requestedBy,
    requested_via: a.requestedVia,
    reason: a.reason,
    approval_required: a.approvalRequired ? 1 : 0,
    approver_roles: JSON.stringify(a.approverRoles),
    self_approval: a.selfApproval ? 1 : 0,
    decided_by: a.decidedBy,
    decided_at: a.decidedAt,
    expires_at: a.expiresAt,
    attempts: a.attempts,
    result: a.result,
    verified: a.verified === null ? null : a.verified ? 1 : 0,
    dedup_key: dedupKey,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
}

/** Inserts a request; with a dedup key already taken, returns the existing request instead (a policy re-run asks once). */
export async function insertGovernanceRequest(db: Db, request: GovernanceRequest, dedupKey: string | null): Promise<{ request: GovernanceRequest; created: boolean }> {
  if (dedupKey) {
    const existing = await db.selectFrom('governance_actions').selectAll().where('dedup_key', '=', dedupKey).executeTakeFirst();
    if (existing) return { request: toRequest(existing), created: false };
  }
  await db.insertInto('governance_actions').values(toRow(request, dedupKey)).execute();
  return { request, created: true };
}

export async function getGovernanceRequest(db: Db, id: string): Promise<GovernanceRequest> {
  const row = await db.selectFrom('governance_actions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError(`No governance action "${id}". List them with \`parapet actions\`.`);
  return toRequest(row);
}

export interface GovernanceRequestFilter {
  status?: ActionStatus;
  kind?: string;
  policyId?: string;
  alertId?: string;
  identityId?: string;
  parentId?: string | null;
  limit?: number;
}

export async function listGovernanceRequests(db: Db, filter: GovernanceRequestFilter = {}): Promise<GovernanceRequest[]> {
  let query = db.selectFrom('governance_actions').selectAll();
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.policyId) query = query.where('policy_id', '=', filter.policyId);
  if (filter.alertId) query = query.where('alert_id', '=', filter.alertId);
  if (filter.identityId) query = query.where('identity_id', '=', filter.identityId);
  if (filter.parentId === null) query = query.where('parent_id', 'is', null);
  else if (filter.parentId) query = query.where('parent_id', '=', filter.parentId);
  const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit ?? 500).execute();
  return rows.map(toRequest);
}

/** Succeeded requests updated since `since` whose effect the provider did not show when read back, and not undone. */
export async function listUnverifiedSucceeded(db: Db, since: number): Promise<GovernanceRequest[]> {
  const rows = await db
    .selectFrom('governance_actions')
    .selectAll()
    .where('status', '=', 'succeeded')
    .where('verified', '=', 0)
    .where('undone_by', 'is', null)
    .where('updated_at', '>=', since)
    .orderBy('updated_at')
    .orderBy('id')
    .execute();
  return rows.map(toRequest);
}

/**
 * Moves a request from one of `from` to a new status with the given changes. Resolves false when another
 * process moved it first: the caller reports it instead of acting twice.
 */
export async function transitionGovernanceRequest(
  db: Db,
  id: string,
  from: readonly ActionStatus[],
  change: Partial<Pick<GovernanceRequest, 'status' | 'decidedBy' | 'decidedAt' | 'attempts' | 'result' | 'verified' | 'undoneBy' | 'route' | 'connectorInstanceId' | 'providerTargetId'>> & { updatedAt: number },
): Promise<boolean> {
  const set: Partial<GovernanceActionsTable> = { updated_at: change.updatedAt };
  if (change.status !== undefined) set.status = change.status;
  if (change.decidedBy !== undefined) set.decided_by = change.decidedBy;
  if (change.decidedAt !== undefined) set.decided_at = change.decidedAt;
  if (change.attempts !== undefined) set.attempts = change.attempts;
  if (change.result !== undefined) set.result = change.result;
  if (change.verified !== undefined) set.verified = change.verified === null ? null : change.verified ? 1 : 0;
  if (change.undoneBy !== undefined) set.undone_by = change.undoneBy;
  if (change.route !== undefined) set.route = change.route;
  if (change.connectorInstanceId !== undefined) set.connector_instance_id = change.connectorInstanceId;
  if (change.providerTargetId !== undefined) set.provider_target_id = change.providerTargetId;
  const result = await db.updateTable('governance_actions').set(set).where('id', '=', id).where('status', 'in', [...from]).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Requests a policy made for this kind since `since` that were not refused (the rate limit counts them). */
export async function countPolicyRequestsSince(db: Db, options: { kind: string; since: number; policyId?: string }): Promise<number> {
  let query = db
    .selectFrom('governance_actions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', options.kind)
    .where('requested_via', '=', 'policy')
    .where('created_at', '>=', options.since)
    .where('status', '!=', 'blocked');
  if (options.policyId) query = query.where('policy_id', '=', options.policyId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export async function appendGovernanceLog(db: Db, entry: { time: number; actionId: string; event: LogEvent; actor: string; kind: string; targetLabel: string; detail: string; data?: Record<string, unknown> }): Promise<void> {
  await db
    .insertInto('governance_log')
    .values({ time: entry.time, action_id: entry.actionId, event: entry.event, actor: entry.actor, kind: entry.kind, target_label: entry.targetLabel, detail: entry.detail, data: JSON.stringify(entry.data ?? {}) })
    .execute();
}

export interface GovernanceLogFilter {
  actionId?: string;
  event?: LogEvent;
  kind?: string;
  actor?: string;
  since?: number;
  until?: number;
  /** Entries after this sequence number (paging forward). */
  afterSeq?: number;
  limit?: number;
}

function toLogEntry(r: GovernanceLogTable & { seq: number }): GovernanceLogEntry {
  return {
    seq: Number(r.seq),
    time: Number(r.time),
    actionId: r.action_id,
    event: r.event as LogEvent,
    actor: r.actor,
    kind: r.kind,
    targetLabel: r.target_label,
    detail: r.detail,
    data: JSON.parse(r.data) as Record<string, unknown>,
  };
}

/** Log entries oldest first. An action's entries include its playbook steps' entries. */
export async function listGovernanceLog(db: Db, filter: GovernanceLogFilter = {}): Promise<GovernanceLogEntry[]> {
  let query = db.selectFrom('governance_log').selectAll();
  if (filter.actionId) {
    const id = filter.actionId;
    query = query.where((eb) => eb.or([eb('action_id', '=', id), eb('action_id', 'in', db.selectFrom('governance_actions').select('id').where('parent_id', '=', id))]));
  }
  if (filter.event) query = query.where('event', '=', filter.event);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.actor) query = query.where('actor', '=', filter.actor);
  if (filter.since !== undefined) query = query.where('time', '>=', filter.since);
  if (filter.until !== undefined) query = query.where('time', '<', filter.until);
  if (filter.afterSeq !== undefined) query = query.where('seq', '>', filter.afterSeq);
  const rows = await query.orderBy('seq').limit(filter.limit ?? 10_000).execute();
  return rows.map((r) => toLogEntry(r as GovernanceLogTable & { seq: number }));
}

export async function getGovernanceRule(db: Db, policyId: string, kind: string): Promise<Record<string, unknown> | null> {
  const row = await db.selectFrom('governance_rules').select('settings').where('policy_id', '=', policyId).where('kind', '=', kind).executeTakeFirst();
  return row ? (JSON.parse(row.settings) as Record<string, unknown>) : null;
}

export async function listGovernanceRules(db: Db): Promise<{ policyId: string; kind: string; settings: Record<string, unknown> }[]> {
  const rows = await db.selectFrom('governance_rules').selectAll().orderBy('policy_id').orderBy('kind').execute();
  return rows.map((r) => ({ policyId: r.policy_id, kind: r.kind, settings: JSON.parse(r.settings) as Record<string, unknown> }));
}

export async function saveGovernanceRule(db: Db, policyId: string, kind: string, settings: Record<string, unknown>, now: number): Promise<void> {
  const values = { settings: JSON.stringify(settings), updated_at: now };
  await db
    .insertInto('governance_rules')
    .values({ policy_id: policyId, kind, ...values })
    .onConflict((oc) => oc.columns(['policy_id', 'kind']).doUpdateSet(values))
    .execute();
}

export async function listProtected(db: Db): Promise<{ match: string; reason: string; addedBy: string; addedAt: number }[]> {
  const rows = await db.selectFrom('governance_protected').selectAll().orderBy('match').execute();
  return rows.map((r) => ({ match: r.match, reason: r.reason, addedBy: r.added_by, addedAt: Number(r.added_at) }));
}

export async function addProtected(db: Db, entry: { match: string; reason: string; addedBy: string; now: number }): Promise<void> {
  const values = { reason: entry.reason, added_by: entry.addedBy, added_at: entry.now };
  await db
    .insertInto('governance_protected')
    .values({ match: entry.match.toLowerCase(), ...values })
    .onConflict((oc) => oc.column('match').doUpdateSet(values))
    .execute();
}

export async function removeProtected(db: Db, match: string): Promise<boolean> {
  const result = await db.deleteFrom('governance_protected').where('match', '=', match.toLowerCase()).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}
