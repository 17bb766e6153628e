import type { AccountRecord } from '../../../core/account.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { lowerEmail, num, str } from '../../sdk/normalize-helpers.js';
import type { ZoomSession } from '../session.js';

/** The built-in member role: every other role (Owner, Admin, custom roles) grants some administration. */
export const MEMBER_ROLE_ID = '2';
/** `type`: 1 Basic, 2 Licensed, 3 On-prem, 99 None (digest §4). */
const USER_TYPES: Record<number, string> = { 1: 'basic', 2: 'licensed', 3: 'on-prem', 99: 'none' };
const STATUSES = ['active', 'inactive', 'pending'] as const;

export function zoomAccount(user: Record<string, unknown>, listedAs: (typeof STATUSES)[number]): AccountRecord | null {
  // Pending users (invited, not yet joined) have no id: they are named by their e-mail until they join.
  const email = lowerEmail(user.email);
  const id = str(user.id) ?? (listedAs === 'pending' && email ? `pending:${email}` : null);
  if (!id) return null;
  const roleId = str(user.role_id) ?? (typeof user.role_id === 'number' ? String(user.role_id) : null);
  const name = [str(user.first_name), str(user.last_name)].filter(Boolean).join(' ') || str(user.display_name);
  const status = str(user.status) ?? listedAs;
  return {
    providerId: id,
    email,
    name: name || null,
    // Pending (invited) users cannot sign in yet: not active; `details.status` says which.
    status: status === 'active' ? 'active' : 'suspended',
    isAdmin: roleId === null ? null : roleId !== MEMBER_ROLE_ID,
    aliases: [],
    details: {
      roleId,
      userType: USER_TYPES[num(user.type) ?? -1] ?? null,
      dept: str(user.dept),
      groupIds: Array.isArray(user.group_ids) ? user.group_ids : [],
      createdAt: str(user.created_at),
      lastLoginTime: str(user.last_login_time),
      lastClientVersion: str(user.last_client_version),
      timezone: str(user.timezone),
      verified: num(user.verified),
      status,
    },
  };
}

/** Every user of the account: `GET /users` for each status (active, inactive = deactivated, pending = invited). */
export const accountsStream: SnapshotStream<ZoomSession, 'accounts'> = {
  kind: 'snapshot',
  entity: 'accounts',
  async *read(session, runtime) {
    for (const status of STATUSES) {
      for await (const page of session.client.pages('zoom.users', '/users', 'users', { status }, runtime.signal)) {
        yield page.map((u) => zoomAccount(u, status)).filter((a): a is AccountRecord => a !== null);
      }
    }
  },
};
