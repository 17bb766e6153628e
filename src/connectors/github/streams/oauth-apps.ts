import type { OAuthAppRecord } from '../../../core/oauth-app.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import type { GithubSession } from '../session.js';

/** Provider ids of the two kinds of OAuth-app records: `revoke-oauth-app` reads the prefix. */
export const INSTALLATION_PREFIX = 'installation:';
export const CREDENTIAL_PREFIX = 'credential:';

/**
 * GitHub Apps installed on the organisation (their permissions as application grants) and the credentials
 * members authorised for SAML SSO — personal access tokens, OAuth app tokens, SSH keys — with their scopes
 * as delegated grants. The credential list exists only on Enterprise Cloud organisations with SAML SSO.
 */
export const oauthAppsStream: SnapshotStream<GithubSession, 'oauthApps'> = {
  kind: 'snapshot',
  entity: 'oauthApps',
  async *read(session, runtime) {
    const { client } = session;
    const loginToId = new Map<string, string>();
    for await (const page of client.members('all', runtime.signal)) for (const u of page) loginToId.set(u.login.toLowerCase(), String(u.id));
    for await (const installations of client.installations(runtime.signal)) {
      const page: OAuthAppRecord[] = installations.map((i) => ({
        providerId: `${INSTALLATION_PREFIX}${i.id}`,
        appId: i.client_id ?? String(i.app_id),
        name: i.app_slug,
        publisher: null,
        verifiedPublisher: false,
        thirdParty: true,
        enabled: !i.suspended_at,
        grants: [{ id: `${INSTALLATION_PREFIX}${i.id}`, kind: 'application', scopes: Object.entries(i.permissions).map(([k, v]) => `${k}:${v}`), principalProviderId: null, resource: 'GitHub' }],
        details: { kind: 'github-app', appSlug: i.app_slug, appId: i.app_id, repositorySelection: i.repository_selection ?? null, events: i.events, installedAt: i.created_at ?? null },
      }));
      if (page.length > 0) yield page;
    }
    for await (const credentials of client.credentialAuthorizations(runtime.signal)) {
      const page: OAuthAppRecord[] = credentials.map((c) => ({
        providerId: `${CREDENTIAL_PREFIX}${c.credential_id}`,
        appId: `${c.credential_type}:${c.credential_id}`,
        name: c.authorized_credential_title ?? `${c.credential_type} of ${c.login}${c.token_last_eight ? ` (…${c.token_last_eight})` : ''}`,
        publisher: c.login,
        verifiedPublisher: false,
        thirdParty: false,
        enabled: true,
        grants: [{ id: `${CREDENTIAL_PREFIX}${c.credential_id}`, kind: 'delegated', scopes: c.scopes, principalProviderId: loginToId.get(c.login.toLowerCase()) ?? null, resource: 'GitHub' }],
        details: { kind: 'credential-authorization', login: c.login, credentialType: c.credential_type, authorizedAt: c.credential_authorized_at ?? null, lastAccessedAt: c.credential_accessed_at ?? null, expiresAt: c.authorized_credential_expires_at ?? null },
      }));
      if (page.length > 0) yield page;
    }
  },
};
