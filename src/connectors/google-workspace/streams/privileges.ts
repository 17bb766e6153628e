import type { PrivilegeRecord } from '../../../core/privilege.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import type { GoogleSession } from '../session.js';

/** Admin role assignments (Directory `roleAssignments.list`), named through `roles.list`. */
export const privilegesStream: SnapshotStream<GoogleSession, 'privileges'> = {
  kind: 'snapshot',
  entity: 'privileges',
  async *read(session, runtime) {
    const { client, config } = session;
    const base = `/customer/${encodeURIComponent(config.customerId)}`;
    const roles = new Map<string, { name: string; superAdmin: boolean }>();
    for await (const page of client.pages('google.directory.roles.list', client.directoryUrl(`${base}/roles`), 'items', { maxResults: 100 }, runtime.signal)) {
      for (const r of page) if (str(r.roleId)) roles.set(String(r.roleId), { name: str(r.roleName) ?? String(r.roleId), superAdmin: r.isSuperAdminRole === true });
    }
    for await (const page of client.pages('google.directory.roleAssignments.list', client.directoryUrl(`${base}/roleassignments`), 'items', { maxResults: 100 }, runtime.signal)) {
      const records: PrivilegeRecord[] = [];
      for (const a of page) {
        const principal = str(a.assignedTo);
        const roleId = str(a.roleId);
        if (!principal || !roleId) continue;
        const role = roles.get(roleId);
        records.push({
          accountProviderId: principal,
          role: role?.name ?? roleId,
          roleId,
          scope: str(a.scopeType) === 'ORG_UNIT' ? `orgUnit:${str(a.orgUnitId) ?? '?'}` : '/',
          details: { assigneeType: str(a.assigneeType) ?? 'user', superAdmin: role?.superAdmin ?? false, roleAssignmentId: str(a.roleAssignmentId) },
        });
      }
      yield records;
    }
  },
};
