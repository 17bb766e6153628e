import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { ZoomConfig } from '../config.js';
import type { ZoomSession } from '../session.js';
import { targetUser } from './user-target.js';

/** Signs the user out of their sessions (`DELETE /users/{id}/token`, which revokes the user's SSO token). */
export const revokeSessionsAction: ActionDefinition<ZoomConfig, ZoomSession> = {
  id: 'revoke-sessions',
  title: 'Sign out of all sessions (revoke SSO token)',
  async run(session, runtime, { targetProviderId }) {
    const user = await targetUser(session, runtime, targetProviderId);
    await session.client.revokeToken(user.id, runtime.signal);
    return { detail: `Signed ${user.label} out of Zoom: their SSO token was revoked, so every client must sign in again.` };
  },
};
