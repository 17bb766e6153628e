import { str } from '../sdk/normalize-helpers.js';
import type { GraphObject } from './client.js';
import type { M365Session } from './session.js';

/** Role template ids ScubaGear treats as privileged (digest §3.4). */
export const PRIVILEGED_ROLE_IDS: ReadonlySet<string> = new Set([
  '62e90394-69f5-4237-9190-012177145e10', // Global Administrator
  'e8611ab8-c189-46e8-94e1-60213ab1f814', // Privileged Role Administrator
  '194ae4cb-b126-40b2-bd5b-6091b380977d', // Security Administrator
  '7be44c8a-adaf-4e2a-84d6-ab2649e08a13', // Privileged Authentication Administrator
  'fe930be7-5e62-47db-91af-98c3a49a38b1', // User Administrator
  '29232cdf-9323-42fd-ade2-1d097af3e4de', // Exchange Administrator
  'f28a1f50-f6e7-4571-818b-6a12f2af6b6c', // SharePoint Administrator
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3', // Application Administrator
  '158c047a-c907-4556-b7ef-446551a6b5f7', // Cloud Application Administrator
  '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2', // Hybrid Identity Administrator
]);

export const GLOBAL_ADMINISTRATOR = '62e90394-69f5-4237-9190-012177145e10';

export type PrincipalType = 'user' | 'group' | 'servicePrincipal' | 'other';

/** One principal holding one directory role, directly or through a role-assignable group. */
export interface RoleHolding {
  principalId: string;
  principalType: PrincipalType;
  principalName: string | null;
  userPrincipalName: string | null;
  roleId: string;
  roleName: string;
  scope: string;
  assignmentId: string;
  /** The group the role was assigned to, when the principal holds it as that group's member. */
  viaGroup: string | null;
}

function principalType(object: GraphObject | null): PrincipalType {
  const type = str(object?.['@odata.type'])?.toLowerCase() ?? '';
  if (type.endsWith('.user')) return 'user';
  if (type.endsWith('.group')) return 'group';
  if (type.endsWith('.serviceprincipal')) return 'servicePrincipal';
  return 'other';
}

/** An administrator role (not a reader role) by its name. */
export function isAdminRole(roleName: string): boolean {
  return /administrator/i.test(roleName);
}

/**
 * Directory role assignments (unified RBAC, `$expand=principal`), with role-assignable groups expanded
 * to their transitive members so every person holding a role is listed.
 */
export async function loadRoleHoldings(session: M365Session, signal?: AbortSignal): Promise<RoleHolding[]> {
  const { client } = session;
  const names = new Map<string, string>();
  for await (const page of client.graphPages('microsoft365.graph.role-definitions', client.graphUrl('/roleManagement/directory/roleDefinitions'), { $select: 'id,displayName,templateId' }, { signal })) {
    for (const def of page) {
      const id = str(def.id);
      const name = str(def.displayName);
      if (id && name) names.set(id, name);
      const template = str(def.templateId);
      if (template && name) names.set(template, name);
    }
  }
  const holdings: RoleHolding[] = [];
  const groupMembers = new Map<string, GraphObject[]>();
  for await (const page of client.graphPages('microsoft365.graph.role-assignments', client.graphUrl('/roleManagement/directory/roleAssignments'), { $expand: 'principal' }, { signal })) {
    for (const assignment of page) {
      const principalId = str(assignment.principalId);
      const roleId = str(assignment.roleDefinitionId);
      const assignmentId = str(assignment.id);
      if (!principalId || !roleId || !assignmentId) continue;
      const principal = (typeof assignment.principal === 'object' && assignment.principal !== null ? assignment.principal : null) as GraphObject | null;
      const type = principalType(principal);
      const base = { roleId, roleName: names.get(roleId) ?? roleId, scope: str(assignment.directoryScopeId) ?? '/', assignmentId };
      holdings.push({ ...base, principalId, principalType: type, principalName: str(principal?.displayName), userPrincipalName: str(principal?.userPrincipalName), viaGroup: null });
      if (type !== 'group') continue;
      let members = groupMembers.get(principalId);
      if (!members) {
        members = [];
        for await (const memberPage of client.graphPages('microsoft365.graph.group-members', client.graphUrl(`/groups/${principalId}/transitiveMembers`), { $select: 'id,displayName,userPrincipalName', $top: 999 }, { signal })) members.push(...memberPage);
        groupMembers.set(principalId, members);
      }
      for (const member of members) {
        const memberId = str(member.id);
        if (!memberId) continue;
        holdings.push({ ...base, principalId: memberId, principalType: principalType(member), principalName: str(member.displayName), userPrincipalName: str(member.userPrincipalName), viaGroup: principalId });
      }
    }
  }
  return holdings;
}
