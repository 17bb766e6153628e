import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { OktaConfig } from '../config.js';
import type { OktaSession } from '../session.js';
import { findUser } from './user-target.js';

/** Clears the user's Okta sessions and the OAuth tokens Okta issued them (`DELETE …/sessions?oauthTokens=true`). */
export const revokeSessionsAction: ActionDefinition<OktaConfig, OktaSession> = {
  id: 'revoke-sessions',
  title: 'Clear user sessions (Okta sessions and OAuth tokens)',
  async run(session, runtime, { targetProviderId }) {
    const user = await findUser(session, targetProviderId, runtime.signal);
    await session.client.send('okta.users.clear-sessions', 'DELETE', `/api/v1/users/${encodeURIComponent(user.id)}/sessions`, { oauthTokens: 'true' }, runtime.signal);
    return { detail: `Cleared every Okta session of ${user.login} and revoked the OAuth tokens Okta issued them; apps with their own sessions keep them until those expire.` };
  },
};
