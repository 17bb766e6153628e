import type { AnyConnector } from '../sdk/define-connector.js';
import { describeConnector } from '../sdk/descriptor.js';
import { DROPBOX_SCOPES } from './auth.js';
import { DropboxConfigSchema, type DropboxConfig } from './config.js';

/**
 * Dropbox: what listing commands and the connect wizard need (id, capabilities, settings, prerequisites).
 * The implementation (./index.ts: streams, normaliser, actions, checks) is imported only when a command uses it.
 */
export default describeConnector<DropboxConfig>(
  {
    id: 'dropbox',
    displayName: 'Dropbox',
    capabilities: ['accounts', 'groups', 'privileges', 'logOnActivity', 'userActivity', 'adminActivity', 'userGovernance', 'viewAppPermissions', 'revokeAppPermissions', 'sspm'],
    multiInstance: true,
    configSchema: DropboxConfigSchema,
    secretFields: ['appSecret', 'refreshToken'],
    prerequisites: [
      'A Dropbox team on a Business / Advanced (or higher) plan; file events in the team log need a plan with them (Advanced, Business Plus, Enterprise).',
      `A team-scoped app in the Dropbox App Console (Scoped access, Full Dropbox) with the scopes ${DROPBOX_SCOPES.join(', ')}.`,
      'A refresh token from authorising that app as a Team admin with token_access_type=offline, and the app key and secret.',
    ],
  },
  async (): Promise<AnyConnector> => (await import('./index.js')).default,
);
