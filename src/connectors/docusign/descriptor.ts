import type { AnyConnector } from '../sdk/define-connector.js';
import { describeConnector } from '../sdk/descriptor.js';
import { DocusignConfigSchema, type DocusignConfig } from './config.js';

/**
 * DocuSign: what listing commands and the connect wizard need (id, capabilities, settings, prerequisites).
 * The implementation (./index.ts: streams, normaliser, actions, checks) is imported only when a command uses it.
 */
export default describeConnector<DocusignConfig>(
  {
    id: 'docusign',
    displayName: 'DocuSign',
    capabilities: ['accounts', 'logOnActivity', 'userActivity', 'adminActivity', 'userGovernance', 'sspm'],
    multiInstance: true,
    configSchema: DocusignConfigSchema,
    secretFields: ['privateKey'],
    prerequisites: [
      'A DocuSign organisation (DocuSign Admin) with Monitor on the plan.',
      'An organisation administrator whose user id (a GUID, not the e-mail) the integration impersonates.',
      'An integration key (Apps and Keys) with an RSA key pair; keep its private key for this form.',
      'Consent for the scopes signature impersonation organization_read user_read user_write account_read (the "Connect in DocuSign" step).',
    ],
    consentUrlTemplate:
      'https://account.docusign.com/oauth/auth?response_type=code&scope=signature%20impersonation%20organization_read%20user_read%20user_write%20account_read&client_id={integrationKey}&redirect_uri={redirectUri}',
  },
  async (): Promise<AnyConnector> => (await import('./index.js')).default,
);
