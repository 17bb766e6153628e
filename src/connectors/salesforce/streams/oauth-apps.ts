import type { OAuthAppRecord } from '../../../core/oauth-app.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { num, str } from '../../sdk/normalize-helpers.js';
import type { SalesforceSession } from '../session.js';

/** OauthToken has no usable Id (digest §4): an app is named by its AppMenuItemId, else its name. */
export function appKey(row: Record<string, unknown>): string | null {
  return str(row.AppMenuItemId) ?? str(row.AppName);
}

/** DeleteToken is never selected here: it revokes a token, so only the revoke action reads it, when it runs. */
export const OAUTH_TOKEN_SOQL = 'SELECT AppName, AppMenuItemId, UserId, CreatedDate, LastUsedDate, UseCount FROM OauthToken ORDER BY AppName';

/**
 * Connected apps users authorised (OauthToken: one row per user and app, each a refresh token). Scopes are
 * not on OauthToken: grants list the users, `details` the use counts.
 */
export const oauthAppsStream: SnapshotStream<SalesforceSession, 'oauthApps'> = {
  kind: 'snapshot',
  entity: 'oauthApps',
  async *read(session, runtime) {
    const apps = new Map<string, { name: string | null; users: Set<string>; uses: number; lastUsed: string | null }>();
    for await (const page of session.client.queryAll(OAUTH_TOKEN_SOQL, runtime.signal)) {
      for (const row of page) {
        const key = appKey(row);
        if (!key) continue;
        const app = apps.get(key) ?? { name: str(row.AppName), users: new Set<string>(), uses: 0, lastUsed: null };
        const user = str(row.UserId);
        if (user) app.users.add(user);
        app.uses += num(row.UseCount) ?? 0;
        const last = str(row.LastUsedDate);
        if (last && (!app.lastUsed || last > app.lastUsed)) app.lastUsed = last;
        apps.set(key, app);
      }
    }
    const records: OAuthAppRecord[] = [...apps].map(([key, app]) => ({
      providerId: key,
      appId: key,
      name: app.name,
      publisher: null,
      verifiedPublisher: false,
      thirdParty: true,
      enabled: true,
      grants: [...app.users].sort().map((user) => ({ id: `${key}:${user}`, kind: 'delegated' as const, scopes: [], principalProviderId: user, resource: 'Salesforce' })),
      details: { tokens: app.users.size, useCount: app.uses, lastUsedDate: app.lastUsed },
    }));
    yield records;
  },
};
