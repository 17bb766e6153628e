import type { OAuthAppRecord } from '../../../core/oauth-app.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { bool, str } from '../../sdk/normalize-helpers.js';
import type { DropboxSession } from '../session.js';

/**
 * Apps linked to members' accounts (`linked_apps/list_members_linked_apps`; team-linked apps are not
 * listed by Dropbox): one record per app, one delegated grant per member who linked it. Dropbox does not
 * expose an app's scopes here: the grant says whether it is confined to an app folder.
 */
export const oauthAppsStream: SnapshotStream<DropboxSession, 'oauthApps'> = {
  kind: 'snapshot',
  entity: 'oauthApps',
  async *read(session, runtime) {
    const apps = new Map<string, OAuthAppRecord>();
    for await (const page of session.client.linkedApps(runtime.signal)) {
      for (const entry of page) {
        const member = str(entry.team_member_id);
        const linked = Array.isArray(entry.linked_api_apps) ? entry.linked_api_apps : [];
        for (const raw of linked) {
          const a = raw as Record<string, unknown>;
          const id = str(a.app_id);
          if (!id || !member) continue;
          const appFolder = bool(a.is_app_folder) === true;
          const app = apps.get(id) ?? {
            providerId: id,
            appId: id,
            name: str(a.app_name),
            publisher: str(a.publisher),
            verifiedPublisher: false,
            thirdParty: true,
            enabled: true,
            grants: [],
            details: { publisherUrl: str(a.publisher_url), isAppFolder: appFolder },
          };
          app.grants?.push({ id: `${id}:${member}`, kind: 'delegated', scopes: [appFolder ? 'app_folder' : 'full_dropbox'], principalProviderId: member, resource: 'Dropbox' });
          apps.set(id, app);
        }
      }
    }
    if (apps.size > 0) yield [...apps.values()];
  },
};
