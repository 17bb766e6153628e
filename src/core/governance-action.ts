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
  'remove-forwarding-rules': { title: 'Remove mail forwarding and hiding inbox rules', target: 'account', undo: null },
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
