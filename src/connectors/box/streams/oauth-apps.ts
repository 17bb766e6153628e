import { DAY } from '../../../core/clock.js';
import type { OAuthAppRecord } from '../../../core/oauth-app.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { asRecord, str } from '../../sdk/normalize-helpers.js';
import type { BoxSession } from '../session.js';
import { eventsOfTypes } from './events-of-types.js';

/** A user authorised an OAuth app (a token was created for it), or revoked it; an admin (re)authorised a platform app. */
export const APP_GRANT_EVENTS = ['USER_AUTHENTICATE_OAUTH2_ACCESS_TOKEN_CREATE', 'OAUTH2_ACCESS_TOKEN_REVOKE', 'ENTERPRISE_APP_AUTHORIZATION_UPDATE'] as const;

/**
 * Authorised applications. Box has no API listing the apps a user authorised, so they are derived from the
 * enterprise events of the last `appGrantDays` days: each user's latest authorisation of an app is a
 * delegated grant unless a later revocation ended it; an admin's authorisation of a platform app (JWT/CCG)
 * is an application grant to the enterprise. Apps whose grants were all revoked are reported disabled.
 */
export const oauthAppsStream: SnapshotStream<BoxSession, 'oauthApps'> = {
  kind: 'snapshot',
  entity: 'oauthApps',
  async *read(session, runtime) {
    const { client, config } = session;
    const events = await eventsOfTypes(client, APP_GRANT_EVENTS, config.appGrantDays * DAY, config.pageSize, runtime.clock.now(), runtime.signal);
    const apps = new Map<string, { name: string | null; grants: Map<string, NonNullable<OAuthAppRecord['grants']>[number]>; lastSeen: string | null }>();
    for (const e of events) {
      const details = asRecord(e.additional_details);
      const appId = str(details?.service_id) ?? str(details?.client_id);
      if (!appId) continue;
      const app = apps.get(appId) ?? { name: null, grants: new Map(), lastSeen: null };
      app.name = str(details?.service_name) ?? app.name;
      app.lastSeen = str(e.created_at) ?? app.lastSeen;
      const type = str(e.event_type);
      const userId = str(asRecord(e.created_by)?.id);
      if (type === 'ENTERPRISE_APP_AUTHORIZATION_UPDATE') {
        app.grants.set('enterprise', { id: `${appId}:enterprise`, kind: 'application', scopes: ['enterprise'], principalProviderId: null, resource: 'box' });
      } else if (userId && type === 'USER_AUTHENTICATE_OAUTH2_ACCESS_TOKEN_CREATE') {
        app.grants.set(userId, { id: `${appId}:${userId}`, kind: 'delegated', scopes: [str(details?.scope) ?? 'root_readwrite'], principalProviderId: userId, resource: 'box' });
      } else if (userId && type === 'OAUTH2_ACCESS_TOKEN_REVOKE') {
        app.grants.delete(userId);
      }
      apps.set(appId, app);
    }
    const records: OAuthAppRecord[] = [...apps.entries()].map(([appId, app]) => ({
      providerId: appId,
      appId,
      name: app.name,
      publisher: null,
      verifiedPublisher: false,
      thirdParty: true,
      enabled: app.grants.size > 0,
      grants: [...app.grants.values()],
      details: { lastEventAt: app.lastSeen, derivedFrom: 'enterprise events' },
    }));
    if (records.length) yield records;
  },
};
