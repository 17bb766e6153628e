import { ConfigError, NotFoundError, ProviderError } from '../../../core/errors.js';
import type { ActionDefinition } from '../../sdk/define-connector.js';
import type { SlackConfig } from '../config.js';
import type { SlackSession } from '../session.js';

const codeOf = (error: unknown): string | null => (error instanceof ProviderError ? error.providerCode : null);

/**
 * Revokes an app across the Enterprise Grid org, in the two steps Slack's admin API has: `admin.apps.restrict`
 * for the whole org (no one can install or re-approve it; workspace approvals are voided) and then
 * `admin.apps.uninstall` for the whole org (every installation and its tokens go). Restricting alone leaves
 * existing installations working, so both are needed; both are safe to repeat.
 */
export const revokeOAuthAppAction: ActionDefinition<SlackConfig, SlackSession> = {
  id: 'revoke-oauth-app',
  title: 'Restrict and uninstall an app across the org',
  async run(session, runtime, { targetProviderId }) {
    const { client, config } = session;
    if (!/^A[A-Z0-9]+$/.test(targetProviderId)) throw new ConfigError(`"${targetProviderId}" is not a Slack app id: use the app's id from the inventory (A...).`);
    try {
      await client.web('admin.apps.restrict', { app_id: targetProviderId, enterprise_id: config.enterpriseId }, runtime.signal);
    } catch (error) {
      if (codeOf(error) === 'invalid_app_id') throw new NotFoundError(`Slack app ${targetProviderId} is not known to the org ${config.enterpriseId} (admin.apps.restrict: invalid_app_id). Check the app id in the inventory.`, { cause: error });
      if (codeOf(error) === 'app_management_app_not_installed_on_org') throw new ConfigError(`Slack refused to restrict ${targetProviderId}: app management through the API needs the Parapet app installed on the whole org with admin.apps:write (admin.apps.restrict: app_management_app_not_installed_on_org).`, { cause: error });
      throw error;
    }
    try {
      await client.web('admin.apps.uninstall', { app_id: targetProviderId, enterprise_id: config.enterpriseId }, runtime.signal);
    } catch (error) {
      if (codeOf(error) === 'app_not_found') return { detail: `Restricted app ${targetProviderId} across the org ${config.enterpriseId}; it was installed nowhere, so there was nothing to uninstall.` };
      if (codeOf(error) === 'can_not_uninstall') {
        throw new ConfigError(`Restricted app ${targetProviderId} across the org, but Slack does not let the API uninstall it (an admin app that uses SCIM or app management): its existing installations still work. Remove it in the org dashboard (Integrations > Installed apps) or through Slack support.`, { cause: error });
      }
      throw error;
    }
    return { detail: `Restricted app ${targetProviderId} across the org ${config.enterpriseId} and uninstalled it from every workspace: its tokens no longer work and it cannot be installed again.` };
  },
};
