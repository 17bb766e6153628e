import type { AnyConnector } from '../sdk/define-connector.js';
import { describeConnector } from '../sdk/descriptor.js';
import { AtlassianConfigSchema, type AtlassianConfig } from './config.js';

/**
 * Atlassian: what listing commands and the connect wizard need (id, capabilities, settings, prerequisites).
 * The implementation (./index.ts: streams, normaliser, actions, checks) is imported only when a command uses it.
 */
export default describeConnector<AtlassianConfig>(
  {
    id: 'atlassian',
    displayName: 'Atlassian',
    capabilities: ['accounts', 'groups', 'privileges', 'logOnActivity', 'adminActivity', 'userGovernance', 'sspm'],
    multiInstance: true,
    configSchema: AtlassianConfigSchema,
    secretFields: ['apiKey'],
    prerequisites: [
      'An Atlassian Cloud organisation with Atlassian Guard (Standard or Premium) or an Enterprise plan: the audit-log API needs it.',
      'A verified domain (Atlassian Administration → Settings → Domains): only its users are managed accounts, and only they can be suspended.',
      'An organisation API key created by an organisation admin (Atlassian Administration → Settings → API keys), without scopes or with the admin read and user-management scopes, and the organisation id shown with it. Keys expire (a week by default, a year at most): set the expiry you want and renew it in time.',
    ],
  },
  async (): Promise<AnyConnector> => (await import('./index.js')).default,
);
