import type { AnyConnector } from '../sdk/define-connector.js';
import { describeConnector } from '../sdk/descriptor.js';
import { GithubConfigSchema, type GithubConfig } from './config.js';

/**
 * GitHub: what listing commands and the connect wizard need (id, capabilities, settings, prerequisites).
 * The implementation (./index.ts: streams, normaliser, actions, checks) is imported only when a command uses it.
 */
export default describeConnector<GithubConfig>(
  {
    id: 'github',
    displayName: 'GitHub',
    capabilities: ['accounts', 'groups', 'privileges', 'logOnActivity', 'userActivity', 'adminActivity', 'userGovernance', 'viewAppPermissions', 'revokeAppPermissions', 'sspm'],
    multiInstance: true,
    configSchema: GithubConfigSchema,
    secretFields: ['privateKey', 'token'],
    prerequisites: [
      'A GitHub Enterprise Cloud organisation (the audit log API needs it) with SAML SSO for log-on activity.',
      'A GitHub App installed on the organisation with organisation permissions Administration (read), Members (read; write for remove-from-org) and, for credential authorisations, an owner — or a fine-grained token of an owner.',
      'The App ID, the installation id and a private key (.pem) of the App.',
    ],
  },
  async (): Promise<AnyConnector> => (await import('./index.js')).default,
);
