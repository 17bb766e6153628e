import type { AnyConnector } from '../sdk/define-connector.js';
import { describeConnector } from '../sdk/descriptor.js';
import { OKTA_SCOPES } from './auth.js';
import { OktaConfigSchema, type OktaConfig } from './config.js';

/**
 * Okta: what listing commands and the connect wizard need (id, capabilities, settings, prerequisites).
 * The implementation (./index.ts: streams, normaliser, actions, checks) is imported only when a command uses it.
 */
export default describeConnector<OktaConfig>(
  {
    id: 'okta',
    displayName: 'Okta',
    capabilities: ['accounts', 'groups', 'privileges', 'logOnActivity', 'userActivity', 'adminActivity', 'userGovernance', 'viewAppPermissions', 'revokeAppPermissions', 'sspm'],
    multiInstance: true,
    identityProvider: true,
    configSchema: OktaConfigSchema,
    secretFields: ['apiToken', 'privateKey'],
    prerequisites: [
      'An Okta org and a super administrator to set up the connection.',
      `Recommended: an API Services app (Applications → Create App Integration → API Services) with client authentication "Public key / Private key", your public key added, the scopes ${OKTA_SCOPES.join(' ')} granted, and the Read-only Administrator plus Help Desk Administrator roles.`,
      'Or: an SSWS API token (Security → API → Tokens) created by an admin whose role covers what Parapet reads and does.',
      "The e-mail domains the org owns (for example acme.com), so its users anchor people's identities.",
    ],
  },
  async (): Promise<AnyConnector> => (await import('./index.js')).default,
);
