import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { GoogleWorkspaceConfig } from '../config.js';
import type { GoogleSession } from '../session.js';
import { assertNotImpersonatedAdmin, userLabel } from './user-target.js';

/**
 * Revokes every OAuth token the user issued to an app (`GET users/{key}/tokens`, then `DELETE
 * users/{key}/tokens/{clientId}` each): the apps lose access to the user's data. The tokens are returned as
 * evidence; the user can grant access again, which is the only way back.
 */
export const revokeOAuthGrants: ActionDefinition<GoogleWorkspaceConfig, GoogleSession> = {
  id: 'revoke-oauth-grants',
  title: "Revoke the user's OAuth tokens to apps",
  async run(session, runtime, { targetProviderId }) {
    const user = await session.actions.getUser(targetProviderId, runtime.signal);
    assertNotImpersonatedAdmin(session, targetProviderId, user, "revoke the app tokens of");
    const label = userLabel(user, targetProviderId);
    const tokens = await session.actions.tokens(targetProviderId, runtime.signal);
    if (tokens.length === 0) return { detail: `${label} has granted no app access: nothing to revoke.` };
    for (const token of tokens) if (typeof token.clientId === 'string') await session.actions.deleteToken(targetProviderId, token.clientId, runtime.signal);
    const names = tokens.map((t) => `"${String(t.displayText ?? t.clientId)}"`);
    return {
      detail: `Revoked ${tokens.length} app token(s) of ${label}: ${names.join(', ')}. Not undoable: the user can grant access again (the revoked tokens are kept in this log entry as evidence).`,
      evidence: { user: label, revokedTokens: tokens.map((t) => ({ clientId: t.clientId, displayText: t.displayText ?? null, scopes: t.scopes ?? [] })) },
    };
  },
  async verify(session, runtime, { targetProviderId }) {
    const left = await session.actions.tokens(targetProviderId, runtime.signal);
    return { ok: left.length === 0, detail: left.length === 0 ? 'Google lists no app token of the user any more.' : `Google still lists ${left.length} app token(s) of the user.` };
  },
};
