import type { AnyConnector } from '../sdk/define-connector.js';
import { describeConnector } from '../sdk/descriptor.js';
import { SalesforceConfigSchema, type SalesforceConfig } from './config.js';

/**
 * Salesforce: what listing commands and the connect wizard need (id, capabilities, settings, prerequisites).
 * The implementation (./index.ts: streams, normaliser, actions, checks) is imported only when a command uses it.
 */
export default describeConnector<SalesforceConfig>(
  {
    id: 'salesforce',
    displayName: 'Salesforce',
    capabilities: ['accounts', 'groups', 'privileges', 'logOnActivity', 'userActivity', 'adminActivity', 'userGovernance', 'viewAppPermissions', 'revokeAppPermissions', 'sspm'],
    multiInstance: true,
    configSchema: SalesforceConfigSchema,
    secretFields: ['privateKey'],
    prerequisites: [
      'An edition with API access (Enterprise, Unlimited, Performance or Developer); Event Monitoring (Shield or the add-on) for user activity from Event Log Files.',
      'A connected app with OAuth enabled, "Use digital signatures" (the certificate of the key pair Parapet signs with) and the scopes api and refresh_token (offline access); "Admin approved users are pre-authorized".',
      'An integration user (API Only profile is enough) pre-authorised on the app, with a permission set granting API Enabled, View Setup and Configuration, View All Users, Manage Users (governance and other users\' log-ins), View Event Log Files.',
    ],
  },
  async (): Promise<AnyConnector> => (await import('./index.js')).default,
);
