import type { PrivilegeRecord } from '../../../core/privilege.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { PRIVILEGED_ROLE_IDS, loadRoleHoldings } from '../directory-roles.js';
import type { M365Session } from '../session.js';

/**
 * Directory role assignments: one record per principal, role and scope, whether held directly or through
 * a role-assignable group (then `details.viaGroups` names the groups).
 */
export const privilegesStream: SnapshotStream<M365Session, 'privileges'> = {
  kind: 'snapshot',
  entity: 'privileges',
  async *read(session, runtime) {
    const merged = new Map<string, PrivilegeRecord & { details: Record<string, unknown> }>();
    for (const holding of await loadRoleHoldings(session, runtime.signal)) {
      const key = `${holding.principalId}|${holding.roleId}|${holding.scope}`;
      let record = merged.get(key);
      if (!record) {
        record = {
          accountProviderId: holding.principalId,
          role: holding.roleName,
          roleId: holding.roleId,
          scope: holding.scope,
          details: {
            principalType: holding.principalType,
            principalName: holding.principalName,
            userPrincipalName: holding.userPrincipalName,
            privileged: PRIVILEGED_ROLE_IDS.has(holding.roleId),
            direct: false,
            viaGroups: [] as string[],
            assignmentIds: [] as string[],
          },
        };
        merged.set(key, record);
      }
      const details = record.details as { direct: boolean; viaGroups: string[]; assignmentIds: string[] };
      if (holding.viaGroup) {
        if (!details.viaGroups.includes(holding.viaGroup)) details.viaGroups.push(holding.viaGroup);
      } else {
        details.direct = true;
        if (!details.assignmentIds.includes(holding.assignmentId)) details.assignmentIds.push(holding.assignmentId);
      }
    }
    const records = [...merged.values()];
    for (let i = 0; i < records.length; i += 500) yield records.slice(i, i + 500);
  },
};
