import { ValidationError } from '../../../core/errors.js';
import { GUID_PATTERN, type ActionDefinition, type ConnectorRuntime } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import type { GraphObject } from '../client.js';
import type { Microsoft365Config } from '../config.js';
import type { M365Session } from '../session.js';
import { cloudUser } from './user-target.js';

/** The delegated consents one user gave (consentType Principal); admin consents for everyone are not theirs. */
async function userGrants(session: M365Session, runtime: ConnectorRuntime, userId: string): Promise<GraphObject[]> {
  // The id reaches an OData filter: only a GUID may.
  if (!GUID_PATTERN.test(userId)) throw new ValidationError(`Microsoft 365: "${userId}" is not a user id (a GUID); nothing was sent.`);
  const grants: GraphObject[] = [];
  const { client } = session;
  for await (const page of client.graphPages('microsoft365.graph.oauth2-permission-grants', client.graphUrl('/oauth2PermissionGrants'), { $filter: `principalId eq '${userId}'` }, { signal: runtime.signal })) {
    grants.push(...page.filter((g) => g.principalId === userId && g.consentType === 'Principal'));
  }
  return grants;
}

/**
 * Revokes every delegated consent the user gave to an app (Graph oauth2PermissionGrants with the user as
 * principal): the apps lose their refresh-token access to the user's data. The grants are returned as
 * evidence; the user (or an admin) can consent again, which is the only way back.
 */
export const revokeOAuthGrants: ActionDefinition<Microsoft365Config, M365Session> = {
  id: 'revoke-oauth-grants',
  title: "Revoke the user's consents to OAuth apps",
  targetIdPattern: GUID_PATTERN,
  async run(session, runtime, { targetProviderId }) {
    const user = await cloudUser(session, runtime, targetProviderId, 'revoke the app consents of');
    const grants = await userGrants(session, runtime, user.id);
    if (grants.length === 0) return { detail: `${user.userPrincipalName} has consented to no app: nothing to revoke.` };
    const apps = new Map<string, string>();
    for (const grant of grants) {
      const id = str(grant.id);
      if (!id) continue;
      await session.client.graphDelete('microsoft365.graph.delete-grant', `/oauth2PermissionGrants/${encodeURIComponent(id)}`, runtime.signal);
      const clientId = str(grant.clientId) ?? '?';
      if (!apps.has(clientId)) {
        const sp = await session.client.graphGet('microsoft365.graph.service-principals', `/servicePrincipals/${encodeURIComponent(clientId)}`, { $select: 'id,displayName' }, runtime.signal).catch(() => null);
        apps.set(clientId, str(sp?.displayName) ?? clientId);
      }
    }
    return {
      detail: `Revoked ${grants.length} consent(s) ${user.userPrincipalName} gave to ${[...apps.values()].map((n) => `"${n}"`).join(', ')}: those apps can no longer act as ${user.userPrincipalName}. Not undoable: the user can consent again (the revoked grants are kept in this log entry as evidence).`,
      evidence: { user: user.userPrincipalName, revokedGrants: grants.map((g) => ({ id: g.id, clientId: g.clientId, app: apps.get(str(g.clientId) ?? '') ?? null, resourceId: g.resourceId, scope: g.scope })) },
    };
  },
  async verify(session, runtime, { targetProviderId }) {
    const left = await userGrants(session, runtime, targetProviderId);
    return { ok: left.length === 0, detail: left.length === 0 ? 'Microsoft Graph lists no consent of the user any more.' : `Microsoft Graph still lists ${left.length} consent(s) of the user.` };
  },
};
