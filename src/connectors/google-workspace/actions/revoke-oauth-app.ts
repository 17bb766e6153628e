import { ConfigError, NotFoundError } from '../../../core/errors.js';
import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { GoogleWorkspaceConfig } from '../config.js';
import type { GoogleSession } from '../session.js';

/**
 * Revokes OAuth tokens (`DELETE users/{key}/tokens/{clientId}`). The target is a grant id as the oauthApps
 * stream reports it (`{userId}/{clientId}`): that user's token; or a bare client id: every active user's.
 */
export const revokeOAuthApp: ActionDefinition<GoogleWorkspaceConfig, GoogleSession> = {
  id: 'revoke-oauth-app',
  title: 'Revoke the OAuth token(s) of an app',
  async run(session, runtime, { targetProviderId }) {
    const slash = targetProviderId.indexOf('/');
    if (slash > 0) {
      const userKey = targetProviderId.slice(0, slash);
      const clientId = targetProviderId.slice(slash + 1);
      const tokens = await session.actions.tokens(userKey, runtime.signal);
      if (!tokens.some((t) => t.clientId === clientId)) return { detail: `User ${userKey} holds no token of ${clientId} (already revoked).` };
      await session.actions.deleteToken(userKey, clientId, runtime.signal);
      return { detail: `Revoked ${clientId}'s token for user ${userKey}.` };
    }
    if (!targetProviderId.trim()) throw new ConfigError('revoke-oauth-app needs a client id (e.g. 123-abc.apps.googleusercontent.com) or a grant id userId/clientId.');
    let revoked = 0;
    const users: string[] = [];
    for await (const page of session.client.pages('google.directory.users.list', session.client.directoryUrl('/users'), 'users', { customer: session.config.customerId, maxResults: 500 }, runtime.signal)) {
      for (const u of page) if (typeof u.id === 'string' && u.suspended !== true) users.push(u.id);
    }
    for (const userKey of users) {
      const tokens = await session.actions.tokens(userKey, runtime.signal);
      if (!tokens.some((t) => t.clientId === targetProviderId)) continue;
      await session.actions.deleteToken(userKey, targetProviderId, runtime.signal);
      revoked++;
    }
    if (revoked === 0) throw new NotFoundError(`No user of this Google Workspace holds a token of ${targetProviderId}: check the client id (the oauthApps inventory lists them).`);
    return { detail: `Revoked ${targetProviderId}'s tokens for ${revoked} user(s).` };
  },
};
