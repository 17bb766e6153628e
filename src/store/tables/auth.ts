/**
 * The product surface's tables (migration 0007-api-auth): Parapet's own users, sessions, API tokens,
 * audit log, and the analyst's notes on alerts. Same conventions as schema.ts.
 */

export type UserRole = 'admin' | 'analyst' | 'viewer';

export interface UsersTable {
  id: string;
  username: string;
  role: UserRole;
  /** argon2id PHC string; null for single-sign-on users. */
  password_hash: string | null;
  /** `issuer|subject` of an OIDC user. */
  oidc_subject: string | null;
  disabled: number;
  failed_logins: number;
  locked_until: number | null;
  created_at: number;
  updated_at: number;
  last_login_at: number | null;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value: a stolen database cannot be replayed as a cookie. */
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  expires_at: number;
  last_seen_at: number;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  /** SHA-256 of the token (tokens are 256-bit random: a slow hash adds nothing). */
  token_hash: string;
  /** The first characters, shown in lists so a person can tell tokens apart. */
  prefix: string;
  scope: 'read' | 'read-write';
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
}

export interface AuditEventsTable {
  id: string;
  time: number;
  actor_user_id: string | null;
  actor_name: string | null;
  /** `session`, `token`, `system`. */
  via: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  /** JSON object: what changed (never a secret). */
  detail: string;
  ip: string | null;
}

export interface AlertCommentsTable {
  id: string;
  alert_id: string;
  author_id: string | null;
  author_name: string;
  text: string;
  created_at: number;
}

export interface AlertAssigneesTable {
  alert_id: string;
  user_id: string;
  assigned_at: number;
}

export interface AuthTables {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_events: AuditEventsTable;
  alert_comments: AlertCommentsTable;
  alert_assignees: AlertAssigneesTable;
}
