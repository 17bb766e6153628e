import type { PrivilegeRecord } from '../../../core/privilege.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { asRecord, bool, str } from '../../sdk/normalize-helpers.js';
import type { SalesforceSession } from '../session.js';

/** The system permissions that make someone an administrator of the org (digest §2). */
export const ADMIN_PERMISSIONS = ['PermissionsModifyAllData', 'PermissionsViewAllData', 'PermissionsManageUsers', 'PermissionsCustomizeApplication', 'PermissionsAuthorApex'] as const;

export const ASSIGNMENT_SOQL = `SELECT Id, AssigneeId, PermissionSetId, PermissionSet.Name, PermissionSet.Label, PermissionSet.IsOwnedByProfile, PermissionSet.ProfileId, PermissionSet.Profile.Name, ${ADMIN_PERMISSIONS.map((p) => `PermissionSet.${p}`).join(', ')} FROM PermissionSetAssignment ORDER BY Id`;

/** A profile's permissions come as the permission set it owns (IsOwnedByProfile): one record per assignment either way. */
export function privilegeOf(row: Record<string, unknown>): PrivilegeRecord | null {
  const assignee = str(row.AssigneeId);
  const set = asRecord(row.PermissionSet);
  const setId = str(row.PermissionSetId);
  if (!assignee || !set || !setId) return null;
  const byProfile = bool(set.IsOwnedByProfile) === true;
  const profileName = str(asRecord(set.Profile)?.Name);
  const granted = ADMIN_PERMISSIONS.filter((p) => bool(set[p]) === true).map((p) => p.replace(/^Permissions/, ''));
  return {
    accountProviderId: assignee,
    role: byProfile ? `Profile: ${profileName ?? str(set.Label) ?? setId}` : `Permission set: ${str(set.Label) ?? str(set.Name) ?? setId}`,
    roleId: byProfile ? (str(set.ProfileId) ?? setId) : setId,
    scope: '/',
    details: { kind: byProfile ? 'profile' : 'permission-set', permissionSetName: str(set.Name), adminPermissions: granted, assignmentId: str(row.Id) },
  };
}

/** User id → the admin permissions they hold through their profile or permission sets. */
export async function adminPermissionsByUser(session: SalesforceSession, signal?: AbortSignal): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for await (const page of session.client.queryAll(ASSIGNMENT_SOQL, signal)) {
    for (const row of page) {
      const p = privilegeOf(row);
      const granted = (p?.details?.adminPermissions as string[] | undefined) ?? [];
      if (!p || granted.length === 0) continue;
      out.set(p.accountProviderId, [...new Set([...(out.get(p.accountProviderId) ?? []), ...granted])]);
    }
  }
  return out;
}

/** Profiles and permission sets held by each user (PermissionSetAssignment), admin permissions named. */
export const privilegesStream: SnapshotStream<SalesforceSession, 'privileges'> = {
  kind: 'snapshot',
  entity: 'privileges',
  async *read(session, runtime) {
    for await (const page of session.client.queryAll(ASSIGNMENT_SOQL, runtime.signal)) {
      yield page.map(privilegeOf).filter((p): p is PrivilegeRecord => p !== null);
    }
  },
};
