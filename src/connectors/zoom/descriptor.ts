import type { AnyConnector } from '../sdk/define-connector.js';
import { describeConnector } from '../sdk/descriptor.js';
import { ZoomConfigSchema, type ZoomConfig } from './config.js';

/**
 * Zoom: what listing commands and the connect wizard need (id, capabilities, settings, prerequisites).
 * The implementation (./index.ts: streams, normaliser, actions, checks) is imported only when a command uses it.
 */
export default describeConnector<ZoomConfig>(
  {
    id: 'zoom',
    displayName: 'Zoom',
    capabilities: ['accounts', 'groups', 'privileges', 'logOnActivity', 'adminActivity', 'userGovernance', 'sspm'],
    multiInstance: true,
    configSchema: ZoomConfigSchema,
    secretFields: ['clientSecret'],
    prerequisites: [
      'A Zoom account on the Pro plan or higher (reports and account settings are paid features).',
      'A Server-to-Server OAuth app, created in the Zoom App Marketplace (Develop → Build App) by an admin whose role may view reports, users, roles and account settings, with the scopes report:read:admin, user:read:admin, user:write:admin, group:read:admin, role:read:admin and account:read:admin, and activated.',
      'The app’s Account ID, Client ID and Client secret (App Credentials page).',
    ],
  },
  async (): Promise<AnyConnector> => (await import('./index.js')).default,
);
