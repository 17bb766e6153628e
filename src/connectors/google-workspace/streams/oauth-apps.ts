import type { OAuthAppRecord } from '../../../core/oauth-app.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { str } from '../../sdk/normalize-helpers.js';
import { listUsers } from '../directory.js';
import type { GoogleSession } from '../session.js';

/**
 * Third-party apps holding OAuth tokens: Google lists tokens per user only (digest §9.3), so this is one
 * call per active user, grouped by client id into one app with a grant per user.
 */
export const oauthAppsStream: SnapshotStream<GoogleSession, 'oauthApps'> = {
  kind: 'snapshot',
  entity: 'oauthApps',
  async *read(session, runtime) {
    const { client } = session;
    const apps = new Map<string, OAuthAppRecord & { grants: NonNullable<OAuthAppRecord['grants']> }>();
    for await (const users of listUsers(session, runtime)) {
      for (const user of users) {
        const userId = str(user.id);
        if (!userId || user.suspended === true) continue;
        for await (const tokens of client.pages('google.directory.tokens.list', client.directoryUrl(`/users/${encodeURIComponent(userId)}/tokens`), 'items', {}, runtime.signal)) {
          for (const token of tokens) {
            const clientId = str(token.clientId);
            if (!clientId) continue;
            const app = apps.get(clientId) ?? {
              providerId: clientId,
              appId: clientId,
              name: str(token.displayText),
              publisher: null,
              verifiedPublisher: false,
              thirdParty: true,
              enabled: true,
              grants: [],
              details: { nativeApp: token.nativeApp === true, anonymous: token.anonymous === true },
            };
            app.grants.push({ id: `${userId}/${clientId}`, kind: 'delegated', scopes: Array.isArray(token.scopes) ? token.scopes.map(String) : [], principalProviderId: userId, resource: 'Google APIs' });
            apps.set(clientId, app);
          }
        }
      }
    }
    yield [...apps.values()];
  },
};
