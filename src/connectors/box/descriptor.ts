import type { AnyConnector } from '../sdk/define-connector.js';
import { describeConnector } from '../sdk/descriptor.js';
import { BOX_SCOPES } from './auth.js';
import { BoxConfigSchema, type BoxConfig } from './config.js';

/**
 * Box: what listing commands and the connect wizard need (id, capabilities, settings, prerequisites).
 * The implementation (./index.ts: streams, normaliser, actions, checks) is imported only when a command uses it.
 */
export default describeConnector<BoxConfig>(
  {
    id: 'box',
    displayName: 'Box',
    capabilities: ['accounts', 'groups', 'privileges', 'logOnActivity', 'userActivity', 'adminActivity', 'userGovernance', 'viewAppPermissions', 'sspm'],
    multiInstance: true,
    configSchema: BoxConfigSchema,
    secretFields: ['clientSecret', 'privateKey'],
    prerequisites: [
      'A Box Business plan or higher, and a Box admin to authorise the app.',
      `A Platform App (Developer Console → Create Platform App → Server Authentication, Client Credentials Grant or JWT) with "App + Enterprise Access" and the scopes: ${BOX_SCOPES.join(', ')}.`,
      "The app authorised by an admin: Admin Console → Integrations → Platform Apps Manager → Add Platform App (its Client ID); re-authorise after any scope change.",
      "The app's Service Account made a co-admin with \"Run new reports and access existing reports\" and \"Manage users\" (Admin Console → Users & Groups), for the enterprise events and the user actions.",
    ],
  },
  async (): Promise<AnyConnector> => (await import('./index.js')).default,
);
