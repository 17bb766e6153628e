import { z } from 'zod';

/**
 * The one vocabulary of governance actions, shared by policies, alerts, connectors and the governance
 * service. Ids are kebab-case, as connectors declare them in `actions`.
 */
export const ACTION_KINDS = {
  'notify-user': { title: 'Notify the user', target: 'identity', undo: null },
  'require-reauth': { title: 'Require the user to sign in again', target: 'account', undo: null },
  'revoke-sessions': { title: 'Revoke sessions and refresh tokens', target: 'account', undo: null },
  'suspend-user': { title: 'Suspend the user', target: 'account', undo: 'unsuspend-user' },
  'unsuspend-user': { title: 'Unsuspend the user', target: 'account', undo: 'suspend-user' },
  'revoke-oauth-app': { title: 'Revoke an OAuth app', target: 'oauth-app', undo: null },
  'reset-mfa': { title: 'Reset MFA factors', target: 'account', undo: null },
  'remove-from-org': { title: 'Remove from the organisation', target: 'account', undo: null },
  'revoke-oauth-grants': { title: "Revoke the user's consents to OAuth apps", target: 'account', undo: null },
  'remove-forwarding-rules': { title: 'Remove inbox rules that forward or redirect mail', target: 'account', undo: null },
} as const satisfies Record<string, { title: string; target: 'identity' | 'account' | 'oauth-app'; undo: string | null }>;

export type ActionKind = keyof typeof ACTION_KINDS;
export const ACTION_IDS = Object.keys(ACTION_KINDS) as [ActionKind, ...ActionKind[]];

/** The snake_case ids alerts and policies used before migration 0008; still read from old policy files. */
export const LEGACY_ACTION_IDS: Readonly<Record<string, ActionKind>> = {
  notify_user: 'notify-user',
  require_reauth: 'require-reauth',
  suspend_user: 'suspend-user',
  revoke_oauth_app: 'revoke-oauth-app',
};

/** An action id; an old snake_case id is read as its kebab-case successor. */
export const GovernanceActionSchema = z.preprocess((v) => (typeof v === 'string' ? (LEGACY_ACTION_IDS[v] ?? v) : v), z.enum(ACTION_IDS));
export type GovernanceAction = ActionKind;

export function isActionKind(value: string): value is ActionKind {
  return Object.hasOwn(ACTION_KINDS, value);
}

/** Playbooks: several actions carried out as one approved request, one log entry per step. */
export const PLAYBOOK_IDS = ['contain-person'] as const;
export type PlaybookId = (typeof PLAYBOOK_IDS)[number];

export const ACTION_STATUSES = [
  /** Waiting for an allowed approver. */
  'pending',
  /** Approved (or automatic) and queued to run. */
  'approved',
  'running',
  'succeeded',
  /** A playbook whose steps did not all succeed. */
  'partial',
  'failed',
  'rejected',
  'cancelled',
  'expired',
  /** Refused before it ran: a protected target, a rate limit, nothing connected able to do it. */
  'blocked',
  /** Succeeded, and later undone. */
  'undone',
] as const;
export const ActionStatusSchema = z.enum(ACTION_STATUSES);
export type ActionStatus = z.infer<typeof ActionStatusSchema>;

export const TargetTypeSchema = z.enum(['account', 'identity', 'oauth-app']);
export type TargetType = z.infer<typeof TargetTypeSchema>;

export const RouteSchema = z.enum(['app', 'idp', 'notify']);
export type Route = z.infer<typeof RouteSchema>;

/** Where the requester wants a person's action done: wherever possible, in the app itself, or at the identity provider. */
export const PreferSchema = z.enum(['auto', 'app', 'idp']);
export type Prefer = z.infer<typeof PreferSchema>;

export const ApproverRoleSchema = z.enum(['admin', 'analyst']);

/** One governance request as the log, the CLI and the API show it. */
export const GovernanceRequestSchema = z.object({
  id: z.string(),
  kind: z.string(),
  status: ActionStatusSchema,
  targetType: TargetTypeSchema,
  targetId: z.string(),
  targetLabel: z.string(),
  identityId: z.string().nullable(),
  route: RouteSchema.nullable(),
  connectorInstanceId: z.string().nullable(),
  providerTargetId: z.string().nullable(),
  prefer: PreferSchema,
  policyId: z.string().nullable(),
  alertId: z.string().nullable(),
  parentId: z.string().nullable(),
  step: z.number().int().nullable(),
  undoOf: z.string().nullable(),
  undoneBy: z.string().nullable(),
  requestedBy: z.string(),
  requestedVia: z.enum(['policy', 'cli', 'api', 'playbook']),
  reason: z.string(),
  approvalRequired: z.boolean(),
  approverRoles: z.array(ApproverRoleSchema),
  selfApproval: z.boolean(),
  decidedBy: z.string().nullable(),
  decidedAt: z.number().int().nullable(),
  expiresAt: z.number().int().nullable(),
  attempts: z.number().int(),
  result: z.string().nullable(),
  verified: z.boolean().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type GovernanceRequest = z.infer<typeof GovernanceRequestSchema>;

export const LOG_EVENTS = [
  'requested', 'approved', 'approval-refused', 'rejected', 'cancelled', 'expired', 'blocked', 'rate-limited', 'dispatched',
  'attempt', 'succeeded', 'failed', 'verified', 'not-verified', 'dry-run', 'undo-requested', 'undone', 'notified',
] as const;
export type LogEvent = (typeof LOG_EVENTS)[number];

/** One line of the append-only governance log. */
export const GovernanceLogEntrySchema = z.object({
  seq: z.number().int(),
  time: z.number().int(),
  actionId: z.string(),
  event: z.enum(LOG_EVENTS),
  actor: z.string(),
  kind: z.string(),
  targetLabel: z.string(),
  detail: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type GovernanceLogEntry = z.infer<typeof GovernanceLogEntrySchema>;
