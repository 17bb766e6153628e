import type { Generated } from 'kysely';

/**
 * Governance's tables (migration 0008-governance). Same conventions as schema.ts: booleans 0/1, JSON as
 * text, times in epoch milliseconds.
 */

/** One requested action (or a playbook and its steps): who asked, who decided, where it ran, its result. */
export interface GovernanceActionsTable {
  id: string;
  /** An action id (`suspend-user`) or a playbook id (`contain-person`). */
  kind: string;
  status: string;
  target_type: string;
  /** Parapet's id of the target: account, identity or OAuth app. */
  target_id: string;
  target_label: string;
  identity_id: string | null;
  /** `app` (the account's own connector), `idp` (the identity provider holding the person), `notify`. */
  route: string | null;
  connector_instance_id: string | null;
  /** The id the provider knows the target by (validated before it reaches a URL). */
  provider_target_id: string | null;
  /** `auto`, `app` or `idp`: where the requester wants it done. */
  prefer: string;
  policy_id: string | null;
  alert_id: string | null;
  parent_id: string | null;
  step: number | null;
  undo_of: string | null;
  undone_by: string | null;
  requested_by: string;
  requested_via: string;
  reason: string;
  approval_required: number;
  /** JSON array of the roles that may approve. */
  approver_roles: string;
  self_approval: number;
  decided_by: string | null;
  decided_at: number | null;
  expires_at: number | null;
  attempts: number;
  result: string | null;
  verified: number | null;
  dedup_key: string | null;
  created_at: number;
  updated_at: number;
}

/** The append-only governance log: one row per event of an action (triggers refuse UPDATE and DELETE). */
export interface GovernanceLogTable {
  seq: Generated<number>;
  time: number;
  action_id: string;
  event: string;
  actor: string;
  kind: string;
  target_label: string;
  detail: string;
  /** JSON object: the event's facts (attempt number, HTTP calls of a dry run, error kind). */
  data: string;
}

/** Approval and safety settings per policy (or `*`) and action kind (or `*`). */
export interface GovernanceRulesTable {
  policy_id: string;
  kind: string;
  /** JSON GovernanceRule. */
  settings: string;
  updated_at: number;
}

/** Accounts no action may touch: an e-mail, a provider id, or `*@domain` patterns. */
export interface GovernanceProtectedTable {
  match: string;
  reason: string;
  added_by: string;
  added_at: number;
}

export interface GovernanceTables {
  governance_actions: GovernanceActionsTable;
  governance_log: GovernanceLogTable;
  governance_rules: GovernanceRulesTable;
  governance_protected: GovernanceProtectedTable;
}
