import type { OAuthAppRecord } from '../../../core/oauth-app.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';
import type { OktaSession } from '../session.js';

/**
 * OAuth apps people consented to: every active user's scope grants (`/users/{id}/grants`), gathered per
 * client. Each grant is one delegated scope of one user.
 */
export const oauthAppsStream: SnapshotStream<OktaSession, 'oauthApps'> = {
  kind: 'snapshot',
  entity: 'oauthApps',
  async *read(session, runtime) {
    const { client } = session;
    const apps = new Map<string, OAuthAppRecord & { grants: NonNullable<OAuthAppRecord['grants']> }>();
    for await (const users of client.list('okta.users.list', '/api/v1/users', { limit: 200 }, runtime.signal)) {
      for (const user of users) {
        const userId = str(user.id);
        if (!userId || str(user.status) === 'STAGED') continue;
        const grants = await client.all('okta.users.grants', `/api/v1/users/${encodeURIComponent(userId)}/grants`, { limit: 200 }, runtime.signal);
        for (const g of grants) {
          const clientId = str(g.clientId);
          const scope = str(g.scopeId);
          if (!clientId || !scope) continue;
          const title = str(asRecord(asRecord(g._links)?.app)?.title);
          const app = apps.get(clientId) ?? { providerId: clientId, appId: clientId, name: title, publisher: null, verifiedPublisher: false, thirdParty: false, enabled: true, grants: [], details: { issuer: str(g.issuer) } };
          app.grants.push({ id: str(g.id) ?? `${clientId}:${userId}:${scope}`, kind: 'delegated', scopes: [scope], principalProviderId: userId, resource: str(g.issuer) ?? 'okta' });
          apps.set(clientId, app);
        }
      }
    }
    if (apps.size) yield [...apps.values()];
  },
};
