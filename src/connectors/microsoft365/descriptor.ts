import type { AnyConnector } from '../sdk/define-connector.js';
import { describeConnector } from '../sdk/descriptor.js';
import { Microsoft365ConfigSchema, type Microsoft365Config } from './config.js';

/**
 * Microsoft 365: what listing commands and the connect wizard need (id, capabilities, settings, prerequisites).
 * The implementation (./index.ts: streams, normaliser, actions, checks) is imported only when a command uses it.
 */
export default describeConnector<Microsoft365Config>(
  {
    id: 'microsoft365',
    displayName: 'Microsoft 365',
    capabilities: ['accounts', 'groups', 'privileges', 'logOnActivity', 'userActivity', 'adminActivity', 'userGovernance', 'viewAppPermissions', 'revokeAppPermissions', 'sspm'],
    multiInstance: true,
    identityProvider: true,
    configSchema: Microsoft365ConfigSchema,
    secretFields: ['clientSecret', 'certificate'],
    prerequisites: [
      'An Entra ID app registration (single tenant) with a client secret or a certificate.',
      'Application permissions ActivityFeed.Read (Office 365 Management APIs) and User.Read.All, Group.Read.All, Directory.Read.All, RoleManagement.Read.Directory, Application.Read.All, AuditLog.Read.All, Policy.Read.All, Domain.Read.All (Microsoft Graph), with admin consent.',
      'Unified audit logging turned on in Microsoft Purview.',
      'Entra ID P1 or P2 for sign-in logs (the rest works without).',
      'For governance actions (optional): User.EnableDisableAccount.All, User.RevokeSessions.All, DelegatedPermissionGrant.ReadWrite.All, AppRoleAssignment.ReadWrite.All and MailboxSettings.ReadWrite (remove inbox rules that forward mail) (Microsoft Graph), with admin consent.',
    ],
    consentUrlTemplate: 'https://login.microsoftonline.com/{tenantId}/adminconsent?client_id={clientId}&redirect_uri={redirectUri}',
  },
  async (): Promise<AnyConnector> => (await import('./index.js')).default,
);
