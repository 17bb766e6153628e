import { GUID_PATTERN, type ActionDefinition } from '../../sdk/define-connector.js';
import { ValidationError } from '../../../core/errors.js';
import { str } from '../../sdk/normalize-helpers.js';
import type { Microsoft365Config } from '../config.js';
import type { M365Session } from '../session.js';

/**
 * Removes everything an OAuth app was granted in the tenant: every delegated consent (users' and
 * admin's) and every application permission. The target is the app's service principal object id (the
 * oauthApps record's providerId). Deleting an already-removed grant counts as done.
 */
export const revokeOAuthApp: ActionDefinition<Microsoft365Config, M365Session> = {
  id: 'revoke-oauth-app',
  title: 'Revoke OAuth app permissions',
  targetIdPattern: GUID_PATTERN,
  async run(session, runtime, { targetProviderId }) {
    // The id reaches an OData filter and a path: only a GUID may.
    if (!GUID_PATTERN.test(targetProviderId)) throw new ValidationError(`Microsoft 365: cannot revoke OAuth app "${targetProviderId}": a service principal id is a GUID.`);
    const { client } = session;
    const signal = runtime.signal;
    const sp = await client.graphGet('microsoft365.graph.service-principals', `/servicePrincipals/${encodeURIComponent(targetProviderId)}`, { $select: 'id,displayName,appId' }, signal);
    const name = str(sp.displayName) ?? targetProviderId;
    const grantIds: string[] = [];
    for await (const page of client.graphPages('microsoft365.graph.oauth2-permission-grants', client.graphUrl('/oauth2PermissionGrants'), { $filter: `clientId eq '${targetProviderId}'` }, { signal })) {
      for (const grant of page) {
        const id = str(grant.id);
        if (id) grantIds.push(id);
      }
    }
    const assignmentIds: string[] = [];
    for await (const page of client.graphPages('microsoft365.graph.app-role-assignments', client.graphUrl(`/servicePrincipals/${encodeURIComponent(targetProviderId)}/appRoleAssignments`), undefined, { signal })) {
      for (const assignment of page) {
        const id = str(assignment.id);
        if (id) assignmentIds.push(id);
      }
    }
    let removed = 0;
    for (const id of grantIds) if (await client.graphDelete('microsoft365.graph.delete-grant', `/oauth2PermissionGrants/${encodeURIComponent(id)}`, signal)) removed++;
    for (const id of assignmentIds) if (await client.graphDelete('microsoft365.graph.delete-app-role-assignment', `/servicePrincipals/${encodeURIComponent(targetProviderId)}/appRoleAssignments/${encodeURIComponent(id)}`, signal)) removed++;
    if (grantIds.length + assignmentIds.length === 0) return { detail: `"${name}" holds no permissions in the tenant: nothing to revoke.` };
    return {
      detail: `Revoked "${name}": ${grantIds.length} delegated consent(s) and ${assignmentIds.length} application permission(s) (${removed} removed now, the rest were already gone). Users can consent again unless user consent is restricted.`,
    };
  },  async verify(session, runtime, { targetProviderId }) {
    const { client } = session;
    let left = 0;
    for await (const page of client.graphPages('microsoft365.graph.oauth2-permission-grants', client.graphUrl('/oauth2PermissionGrants'), { $filter: `clientId eq '${targetProviderId}'` }, { signal: runtime.signal })) left += page.length;
    for await (const page of client.graphPages('microsoft365.graph.app-role-assignments', client.graphUrl(`/servicePrincipals/${encodeURIComponent(targetProviderId)}/appRoleAssignments`), undefined, { signal: runtime.signal })) left += page.length;
    return { ok: left === 0, detail: left === 0 ? 'Microsoft Graph lists no grant of the app any more.' : `Microsoft Graph still lists ${left} grant(s) of the app.` };
  },
};
