import type { OAuthAppRecord } from '../../../core/oauth-app.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { asRecord, bool, str } from '../../sdk/normalize-helpers.js';
import type { SlackSession } from '../session.js';

export function appRecord(item: Record<string, unknown>, status: 'approved' | 'restricted'): OAuthAppRecord | null {
  const app = asRecord(item.app);
  const id = str(app?.id);
  if (!app || !id) return null;
  const scopes = Array.isArray(item.scopes) ? item.scopes.map(asRecord).filter((s) => s !== null) : [];
  const byType = (type: string) => scopes.filter((s) => str(s.token_type) === type).map((s) => str(s.name)).filter((s): s is string => s !== null);
  const grants: OAuthAppRecord['grants'] = [];
  if (byType('user').length) grants.push({ id: `${id}:user`, kind: 'delegated', scopes: byType('user'), principalProviderId: null, resource: 'Slack' });
  if (byType('bot').length) grants.push({ id: `${id}:bot`, kind: 'application', scopes: byType('bot'), principalProviderId: null, resource: 'Slack' });
  const internal = bool(app.is_internal) === true;
  return {
    providerId: id,
    appId: id,
    name: str(app.name),
    publisher: null,
    verifiedPublisher: bool(app.is_app_directory_approved) === true,
    thirdParty: !internal,
    enabled: status === 'approved',
    grants,
    details: { status, sensitiveScopes: scopes.filter((s) => s.is_sensitive === true).map((s) => str(s.name)), dateUpdated: item.date_updated ?? null },
  };
}

/** Apps approved for, and restricted in, the org (admin.apps.approved.list / restricted.list). */
export const oauthAppsStream: SnapshotStream<SlackSession, 'oauthApps'> = {
  kind: 'snapshot',
  entity: 'oauthApps',
  async *read(session, runtime) {
    for (const [method, key, status] of [
      ['admin.apps.approved.list', 'approved_apps', 'approved'],
      ['admin.apps.restricted.list', 'restricted_apps', 'restricted'],
    ] as const) {
      for await (const page of session.client.webAll(method, key, { enterprise_id: session.config.enterpriseId }, runtime.signal)) {
        yield page.map((item) => appRecord(item, status)).filter((a): a is OAuthAppRecord => a !== null);
      }
    }
  },
};
