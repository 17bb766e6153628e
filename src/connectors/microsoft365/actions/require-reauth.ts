import { GUID_PATTERN, type ActionDefinition } from '../../sdk/define-connector.js';
import type { Microsoft365Config } from '../config.js';
import type { M365Session } from '../session.js';
import { cloudUser } from './user-target.js';

/** Invalidates the user's refresh tokens and session cookies (revokeSignInSessions). */
export const requireReauth: ActionDefinition<Microsoft365Config, M365Session> = {
  id: 'require-reauth',
  title: 'Require user to sign in again',
  targetIdPattern: GUID_PATTERN,
  async run(session, runtime, { targetProviderId }) {
    const user = await cloudUser(session, runtime, targetProviderId, 'revoke the sessions of');
    const result = await session.client.graphPost('microsoft365.graph.revoke-sessions', `/users/${user.id}/revokeSignInSessions`, runtime.signal);
    if (result.value !== true) return { detail: `Microsoft Graph did not confirm revoking ${user.userPrincipalName}'s sessions (answer: ${JSON.stringify(result.value ?? null)}).` };
    return { detail: `Revoked ${user.userPrincipalName}'s sign-in sessions: refresh tokens and session cookies are invalid; access tokens already issued stay valid until they expire (about an hour).` };
  },
};

/** Microsoft Graph's revokeSignInSessions ends every session and refresh token: the same call as require-reauth. */
export const revokeSessions: ActionDefinition<Microsoft365Config, M365Session> = {
  ...requireReauth,
  id: 'revoke-sessions',
  title: 'Revoke sessions and refresh tokens',
};
