import type { ActionDefinition } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import type { OktaConfig } from '../config.js';
import type { OktaSession } from '../session.js';
import { findUser } from './user-target.js';

/**
 * Revokes the scope grants the user gave to apps (`GET /users/{id}/grants`, then `DELETE
 * /users/{id}/clients/{clientId}/grants` per app): those apps lose their consent and refresh tokens. The
 * grants are returned as evidence; the user can consent again, which is the only way back.
 */
export const revokeOAuthGrantsAction: ActionDefinition<OktaConfig, OktaSession> = {
  id: 'revoke-oauth-grants',
  title: "Revoke the user's consents to apps",
  async run(session, runtime, { targetProviderId }) {
    const user = await findUser(session, targetProviderId, runtime.signal);
    const path = `/api/v1/users/${encodeURIComponent(user.id)}/grants`;
    const grants = await session.client.all('okta.users.grants', path, { limit: 200 }, runtime.signal);
    const clients = [...new Set(grants.map((g) => str(g.clientId)).filter((c): c is string => Boolean(c)))];
    if (clients.length === 0) return { detail: `${user.login} has consented to no app: nothing to revoke.` };
    for (const clientId of clients) {
      await session.client.send('okta.users.revoke-grants', 'DELETE', `/api/v1/users/${encodeURIComponent(user.id)}/clients/${encodeURIComponent(clientId)}/grants`, {}, runtime.signal);
    }
    return {
      detail: `Revoked ${grants.length} consent grant(s) ${user.login} gave to ${clients.length} app(s) (${clients.join(', ')}). Not undoable: the user can consent again (the revoked grants are kept in this log entry as evidence).`,
      evidence: { user: user.login, revokedGrants: grants.map((g) => ({ id: g.id, clientId: g.clientId, scopeId: g.scopeId })) },
    };
  },
  async verify(session, runtime, { targetProviderId }) {
    const left = await session.client.all('okta.users.grants', `/api/v1/users/${encodeURIComponent(targetProviderId)}/grants`, { limit: 200 }, runtime.signal);
    return { ok: left.length === 0, detail: left.length === 0 ? 'Okta lists no consent grant of the user any more.' : `Okta still lists ${left.length} consent grant(s) of the user.` };
  },
};
