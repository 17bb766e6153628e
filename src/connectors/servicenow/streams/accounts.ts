import type { AccountRecord } from '../../../core/account.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { bool, lowerEmail, str } from '../../sdk/normalize-helpers.js';
import type { SnRecord } from '../client.js';
import type { ServiceNowSession } from '../session.js';
import { ADMIN_ROLES, privilegedHolders } from './privileges.js';

export const USER_FIELDS = ['sys_id', 'user_name', 'email', 'first_name', 'last_name', 'name', 'active', 'locked_out', 'last_login_time', 'failed_attempts', 'source', 'web_service_access_only', 'internal_integration_user', 'sys_created_on', 'sys_updated_on'] as const;

/** ServiceNow user state -> account status: `active=false` closes the account, `locked_out` suspends it. */
export function accountStatus(user: SnRecord): AccountRecord['status'] {
  if (bool(user.active) === false) return 'deleted';
  if (bool(user.locked_out) === true) return 'suspended';
  return 'active';
}

/**
 * One `sys_user` row -> account, keyed by `user_name`: ServiceNow's own logs (sysevent parm1, sys_audit.user,
 * sys_created_by) name people by it, so activities resolve to the account without another lookup.
 */
export function toAccountRecord(user: SnRecord, admins: ReadonlySet<string>): AccountRecord | null {
  const sysId = str(user.sys_id);
  const userName = str(user.user_name) ?? sysId;
  if (!userName || !sysId) return null;
  const name = str(user.name) ?? ([str(user.first_name), str(user.last_name)].filter(Boolean).join(' ') || null);
  return {
    providerId: userName,
    email: lowerEmail(user.email),
    name,
    status: accountStatus(user),
    isAdmin: admins.has(sysId),
    aliases: [],
    details: {
      sysId,
      active: bool(user.active),
      lockedOut: bool(user.locked_out),
      lastLogin: str(user.last_login_time),
      failedAttempts: str(user.failed_attempts),
      source: str(user.source),
      webServiceAccessOnly: bool(user.web_service_access_only),
      internalIntegrationUser: bool(user.internal_integration_user),
      created: str(user.sys_created_on),
    },
  };
}

/** Every `sys_user` row (active or not), paged by Link; admins from `sys_user_has_role` (admin, security_admin). */
export const accountsStream: SnapshotStream<ServiceNowSession, 'accounts'> = {
  kind: 'snapshot',
  entity: 'accounts',
  async *read(session, runtime) {
    const { client, config } = session;
    const admins = new Set((await privilegedHolders(session, ADMIN_ROLES, runtime.signal)).map((r) => str(r.user)).filter((u): u is string => u !== null));
    for await (const users of client.list('servicenow.users.list', 'sys_user', { query: 'ORDERBYsys_created_on^ORDERBYsys_id', fields: USER_FIELDS, limit: config.pageSize }, runtime.signal)) {
      yield users.map((u) => toAccountRecord(u, admins)).filter((a): a is AccountRecord => a !== null);
    }
  },
};
