import type { AnyConnector } from '../sdk/define-connector.js';
import { describeConnector } from '../sdk/descriptor.js';
import { GoogleWorkspaceConfigSchema, type GoogleWorkspaceConfig } from './config.js';
import { DELEGATION_SCOPE_LIST } from './scopes.js';

/**
 * Google Workspace: what listing commands and the connect wizard need (id, capabilities, settings, prerequisites).
 * The implementation (./index.ts: streams, normaliser, actions, checks) is imported only when a command uses it.
 */
export default describeConnector<GoogleWorkspaceConfig>(
  {
    id: 'google-workspace',
    displayName: 'Google Workspace',
    capabilities: ['accounts', 'groups', 'privileges', 'logOnActivity', 'userActivity', 'adminActivity', 'userGovernance', 'viewAppPermissions', 'revokeAppPermissions', 'sspm'],
    multiInstance: true,
    identityProvider: true,
    configSchema: GoogleWorkspaceConfigSchema,
    secretFields: ['privateKey'],
    prerequisites: [
      'A Google Cloud project with the Admin SDK API and the Cloud Identity API enabled.',
      'A service account in that project with a JSON key (its client_email and private_key fill this form).',
      `Domain-wide delegation for the service account's client id with the scopes ${DELEGATION_SCOPE_LIST} (Admin console > Security > API controls).`,
      'A super administrator for the service account to act as (the Policy API answers super administrators only).',
    ],
  },
  async (): Promise<AnyConnector> => (await import('./index.js')).default,
);
