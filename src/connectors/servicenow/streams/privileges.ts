import type { PrivilegeRecord } from '../../../core/privilege.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { bool, str } from '../../sdk/normalize-helpers.js';
import type { SnRecord } from '../client.js';
import type { ServiceNowSession } from '../session.js';

/** Roles that make an account an administrator of the instance. */
export const ADMIN_ROLES = ['admin', 'security_admin'] as const;
/** Roles the privileges inventory lists: the admin roles and those that administer users, access or integrations. */
export const PRIVILEGED_ROLES = [...ADMIN_ROLES, 'user_admin', 'impersonator', 'oauth_admin', 'web_service_admin', 'itil_admin', 'maint'] as const;

const GRANT_FIELDS = ['sys_id', 'user', 'user.user_name', 'role', 'role.name', 'inherited', 'granted_by', 'state', 'sys_created_on', 'sys_created_by'];

/** `sys_user_has_role` rows of the given roles (direct and inherited), dot-walked so one read names user and role. */
export async function privilegedHolders(session: ServiceNowSession, roles: readonly string[], signal?: AbortSignal): Promise<SnRecord[]> {
  return session.client.all('servicenow.roles.holders', 'sys_user_has_role', { query: `role.nameIN${roles.join(',')}^ORDERBYsys_created_on^ORDERBYsys_id`, fields: GRANT_FIELDS, limit: session.config.pageSize }, signal);
}

/** Each holder of a privileged role, one record per role (inherited grants name the group they come through). */
export const privilegesStream: SnapshotStream<ServiceNowSession, 'privileges'> = {
  kind: 'snapshot',
  entity: 'privileges',
  async *read(session, runtime) {
    const rows = await privilegedHolders(session, PRIVILEGED_ROLES, runtime.signal);
    const seen = new Set<string>();
    const records: PrivilegeRecord[] = [];
    for (const r of rows) {
      const holder = str(r['user.user_name']) ?? str(r.user);
      const role = str(r['role.name']) ?? str(r.role);
      if (!holder || !role) continue;
      const key = `${holder}\u0000${role}`;
      const inherited = bool(r.inherited) === true;
      if (seen.has(key) && inherited) continue;
      seen.add(key);
      records.push({ accountProviderId: holder, role, roleId: str(r.role) ?? role, scope: '/', details: { grantId: str(r.sys_id), inherited, grantedByGroup: str(r.granted_by), state: str(r.state), created: str(r.sys_created_on), createdBy: str(r.sys_created_by) } });
    }
    if (records.length) yield records;
  },
};
