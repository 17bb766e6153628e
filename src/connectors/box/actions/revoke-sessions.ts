import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { BoxConfig } from '../config.js';
import type { BoxSession } from '../session.js';
import { findUser } from './user-target.js';

/**
 * Logs the user out of every Box session (`POST /users/terminate_sessions`, 202: Box runs it as a job and
 * records its outcome in the admin events). Both id and login arrays are sent, as the spec requires both.
 */
export const revokeSessionsAction: ActionDefinition<BoxConfig, BoxSession> = {
  id: 'revoke-sessions',
  title: 'Log out of every Box session (terminate sessions)',
  targetIdPattern: /^\d{1,20}$/,
  async run(session, runtime, { targetProviderId }) {
    const user = await findUser(session, targetProviderId, runtime.signal);
    const response = await session.client.send('box.users.terminate_sessions', 'POST', '/users/terminate_sessions', { user_ids: [user.id], user_logins: [] }, runtime.signal);
    return { detail: `Box accepted ending every session of ${user.login} (HTTP ${response.status}); it runs as a job and its result shows in the admin events. Apps holding OAuth tokens for them keep those until they expire or are revoked.` };
  },
};
