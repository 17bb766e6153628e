import type { AnyConnector } from '../sdk/define-connector.js';
import { describeConnector } from '../sdk/descriptor.js';
import { SlackConfigSchema, type SlackConfig } from './config.js';

/**
 * Slack: what listing commands and the connect wizard need (id, capabilities, settings, prerequisites).
 * The implementation (./index.ts: streams, normaliser, actions, checks) is imported only when a command uses it.
 */
export default describeConnector<SlackConfig>(
  {
    id: 'slack',
    displayName: 'Slack',
    capabilities: ['accounts', 'groups', 'privileges', 'logOnActivity', 'userActivity', 'adminActivity', 'userGovernance', 'viewAppPermissions', 'revokeAppPermissions', 'sspm'],
    multiInstance: true,
    configSchema: SlackConfigSchema,
    secretFields: ['auditToken', 'adminToken'],
    prerequisites: [
      'A Slack Enterprise Grid org (the Audit Logs API and SCIM are Grid features).',
      'A Slack app installed on the org by an org owner, with the user token scopes auditlogs:read, admin, admin.users:read, admin.users:write, admin.apps:read, admin.apps:write, admin.teams:read, users:read and users:read.email.',
      'The org id (E...), shown in the org dashboard under About this org.',
    ],
  },
  async (): Promise<AnyConnector> => (await import('./index.js')).default,
);
