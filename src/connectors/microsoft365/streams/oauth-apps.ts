import type { OAuthAppRecord, OAuthGrant } from '../../../core/oauth-app.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import type { GraphObject } from '../client.js';
import { isHighRiskScope, splitScopes } from '../scopes.js';
import type { M365Session } from '../session.js';

/** Microsoft's own tenants: apps they own are first-party (ids from common practice; digest §3.7). */
export const MICROSOFT_TENANT_IDS: ReadonlySet<string> = new Set(['f8cdef31-a31e-4b4a-93e4-5f571e91255a', '72f988bf-86f1-41af-91ab-2d7cd011db47']);

const SP_SELECT = 'id,appId,displayName,appDisplayName,appOwnerOrganizationId,servicePrincipalType,accountEnabled,verifiedPublisher,signInAudience,tags,appRoleAssignmentRequired,homepage';

export type AppOwner = 'microsoft' | 'tenant' | 'third-party' | 'unknown';

/** Who published an app, from its service principal's owner tenant. */
export function appOwner(servicePrincipal: GraphObject, tenantId: string): AppOwner {
  const owner = str(servicePrincipal.appOwnerOrganizationId)?.toLowerCase() ?? null;
  if (owner === null) return 'unknown';
  if (MICROSOFT_TENANT_IDS.has(owner)) return 'microsoft';
  if (owner === tenantId.toLowerCase()) return 'tenant';
  return str(servicePrincipal.servicePrincipalType) === 'Application' ? 'third-party' : 'unknown';
}

function verified(servicePrincipal: GraphObject): { id: string | null; name: string | null } {
  const vp = (typeof servicePrincipal.verifiedPublisher === 'object' && servicePrincipal.verifiedPublisher !== null ? servicePrincipal.verifiedPublisher : {}) as Record<string, unknown>;
  return { id: str(vp.verifiedPublisherId), name: str(vp.displayName) };
}

/**
 * Enterprise apps with the access they were given: delegated consents (oauth2PermissionGrants: for one
 * user, or for everyone after admin consent) and application permissions (app role assignments). Listed:
 * every third-party app, and first-party or in-house apps that hold a grant.
 */
export const oauthAppsStream: SnapshotStream<M365Session, 'oauthApps'> = {
  kind: 'snapshot',
  entity: 'oauthApps',
  async *read(session, runtime) {
    const { client, config } = session;
    const signal = runtime.signal;
    const servicePrincipals = new Map<string, GraphObject>();
    for await (const page of client.graphPages('microsoft365.graph.service-principals', client.graphUrl('/servicePrincipals'), { $select: SP_SELECT, $top: 999 }, { signal })) {
      for (const sp of page) {
        const id = str(sp.id);
        if (id) servicePrincipals.set(id, sp);
      }
    }
    const delegated = new Map<string, OAuthGrant[]>();
    for await (const page of client.graphPages('microsoft365.graph.oauth2-permission-grants', client.graphUrl('/oauth2PermissionGrants'), undefined, { signal })) {
      for (const grant of page) {
        const id = str(grant.id);
        const clientId = str(grant.clientId);
        if (!id || !clientId) continue;
        const resourceId = str(grant.resourceId) ?? '';
        const list = delegated.get(clientId) ?? [];
        list.push({
          id,
          kind: 'delegated',
          scopes: splitScopes(grant.scope),
          principalProviderId: str(grant.consentType) === 'AllPrincipals' ? null : str(grant.principalId),
          resource: str(servicePrincipals.get(resourceId)?.displayName) ?? resourceId,
        });
        delegated.set(clientId, list);
      }
    }

    const appRoleNames = new Map<string, Map<string, string>>();
    const roleName = async (resourceId: string, appRoleId: string): Promise<string> => {
      let roles = appRoleNames.get(resourceId);
      if (!roles) {
        roles = new Map();
        const resource = await client.graphGet('microsoft365.graph.service-principals', `/servicePrincipals/${resourceId}`, { $select: 'id,appRoles' }, signal);
        for (const role of Array.isArray(resource.appRoles) ? (resource.appRoles as GraphObject[]) : []) {
          const id = str(role.id);
          const value = str(role.value);
          if (id && value) roles.set(id, value);
        }
        appRoleNames.set(resourceId, roles);
      }
      // The all-zero role id is the default access role (no specific permission).
      return roles.get(appRoleId) ?? (appRoleId === '00000000-0000-0000-0000-000000000000' ? 'default access' : appRoleId);
    };

    const records: OAuthAppRecord[] = [];
    for (const [id, sp] of servicePrincipals) {
      const owner = appOwner(sp, config.tenantId);
      const grants: OAuthGrant[] = [...(delegated.get(id) ?? [])];
      // Microsoft's own apps hold no application permissions worth listing; everyone else's are read.
      if (owner !== 'microsoft') {
        for await (const page of client.graphPages('microsoft365.graph.app-role-assignments', client.graphUrl(`/servicePrincipals/${id}/appRoleAssignments`), undefined, { signal })) {
          for (const assignment of page) {
            const assignmentId = str(assignment.id);
            const resourceId = str(assignment.resourceId);
            if (!assignmentId || !resourceId) continue;
            grants.push({
              id: assignmentId,
              kind: 'application',
              scopes: [await roleName(resourceId, str(assignment.appRoleId) ?? '')],
              principalProviderId: null,
              resource: str(assignment.resourceDisplayName) ?? resourceId,
            });
          }
        }
      }
      if (owner !== 'third-party' && grants.length === 0) continue;
      const publisher = verified(sp);
      const scopes = [...new Set(grants.flatMap((g) => g.scopes))];
      records.push({
        providerId: id,
        appId: str(sp.appId) ?? id,
        name: str(sp.displayName) ?? str(sp.appDisplayName),
        publisher: publisher.name ?? (owner === 'microsoft' ? 'Microsoft' : owner === 'tenant' ? 'This organization' : null),
        verifiedPublisher: publisher.id !== null,
        thirdParty: owner === 'third-party',
        enabled: sp.accountEnabled !== false,
        grants,
        details: {
          owner,
          appOwnerOrganizationId: str(sp.appOwnerOrganizationId),
          servicePrincipalType: str(sp.servicePrincipalType),
          signInAudience: str(sp.signInAudience),
          homepage: str(sp.homepage),
          tags: Array.isArray(sp.tags) ? sp.tags : [],
          verifiedPublisherId: publisher.id,
          scopes,
          highRiskScopes: scopes.filter(isHighRiskScope),
          adminConsented: grants.some((g) => g.kind === 'delegated' && g.principalProviderId === null),
          consentedUsers: [...new Set(grants.filter((g) => g.kind === 'delegated' && g.principalProviderId !== null).map((g) => g.principalProviderId))],
        },
      });
    }
    for (let i = 0; i < records.length; i += 200) yield records.slice(i, i + 200);
  },
};
