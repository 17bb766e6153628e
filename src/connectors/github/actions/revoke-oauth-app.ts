import { ConfigError } from '../../../core/errors.js';
import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { GithubConfig } from '../config.js';
import type { GithubSession } from '../session.js';
import { CREDENTIAL_PREFIX, INSTALLATION_PREFIX } from '../streams/oauth-apps.js';

/**
 * Revokes a credential's SAML SSO authorisation (personal access token, OAuth app token, SSH key): it loses
 * access to the organisation at once. GitHub has no API for an organisation to uninstall a GitHub App;
 * that is refused with the place to do it by hand.
 */
export const revokeOAuthApp: ActionDefinition<GithubConfig, GithubSession> = {
  id: 'revoke-oauth-app',
  title: 'Revoke a credential\'s access to the organisation',
  async run(session, runtime, { targetProviderId }) {
    const { client, config } = session;
    if (targetProviderId.startsWith(INSTALLATION_PREFIX)) {
      throw new ConfigError(`GitHub's API does not let an organisation uninstall a GitHub App (${targetProviderId}). Uninstall or suspend it under https://github.com/organizations/${config.organization}/settings/installations.`);
    }
    const id = targetProviderId.startsWith(CREDENTIAL_PREFIX) ? targetProviderId.slice(CREDENTIAL_PREFIX.length) : targetProviderId;
    if (!/^\d+$/.test(id)) throw new ConfigError(`"${targetProviderId}" is not a GitHub credential id: use the OAuth app's id from the inventory (credential:<number>).`);
    const result = await client.revokeCredentialAuthorization(id, runtime.signal);
    return { detail: result === 'absent' ? `Credential ${id} had no SSO authorisation left in ${config.organization}: nothing to revoke.` : `Revoked the SSO authorisation of credential ${id} in ${config.organization}: it can no longer reach the organisation.` };
  },
};
