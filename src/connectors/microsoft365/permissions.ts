/**
 * The application permissions the connector's app registration needs, what each is for, and which Graph
 * calls fail without it. testConnection reads the tokens' `roles` claim against this list; the error mapper
 * names the missing one when Graph answers 403.
 */
export interface RequiredPermission {
  /** Permission value as the Entra portal shows it. */
  value: string;
  api: 'Microsoft Graph' | 'Office 365 Management APIs';
  /** What Parapet uses it for, in plain words. */
  purpose: string;
  /** Other permissions that also satisfy the need (a broader one). */
  alternatives?: readonly string[];
  /** Only governance actions need it: its absence does not fail the connection test. */
  actionsOnly?: boolean;
}

export const REQUIRED_PERMISSIONS: readonly RequiredPermission[] = [
  { value: 'ActivityFeed.Read', api: 'Office 365 Management APIs', purpose: 'read the unified audit log (Entra ID, Exchange, SharePoint and other workloads)' },
  { value: 'User.Read.All', api: 'Microsoft Graph', purpose: 'list users and their aliases', alternatives: ['Directory.Read.All', 'User.ReadWrite.All'] },
  { value: 'Group.Read.All', api: 'Microsoft Graph', purpose: 'list groups and their members', alternatives: ['GroupMember.Read.All', 'Directory.Read.All'] },
  { value: 'Directory.Read.All', api: 'Microsoft Graph', purpose: 'read directory settings (password lockout and consent settings)' },
  { value: 'RoleManagement.Read.Directory', api: 'Microsoft Graph', purpose: 'list directory role assignments (who is an administrator)', alternatives: ['Directory.Read.All'] },
  { value: 'Application.Read.All', api: 'Microsoft Graph', purpose: 'list enterprise apps (service principals) and the permissions granted to them', alternatives: ['Directory.Read.All'] },
  { value: 'AuditLog.Read.All', api: 'Microsoft Graph', purpose: 'read sign-in logs and users\' last sign-in' },
  { value: 'Policy.Read.All', api: 'Microsoft Graph', purpose: 'read Conditional Access, security defaults, authentication-method and consent policies (posture checks)' },
  { value: 'Domain.Read.All', api: 'Microsoft Graph', purpose: 'read which domains the tenant has verified (identity anchors) and their password expiry (posture checks)', alternatives: ['Directory.Read.All'] },
  { value: 'User.EnableDisableAccount.All', api: 'Microsoft Graph', purpose: 'suspend and re-enable users (governance action)', alternatives: ['User.ReadWrite.All'], actionsOnly: true },
  { value: 'User.RevokeSessions.All', api: 'Microsoft Graph', purpose: 'require users to sign in again (governance action)', alternatives: ['User.ReadWrite.All'], actionsOnly: true },
  { value: 'DelegatedPermissionGrant.ReadWrite.All', api: 'Microsoft Graph', purpose: 'revoke users\' consents to OAuth apps (governance action)', actionsOnly: true },
  { value: 'AppRoleAssignment.ReadWrite.All', api: 'Microsoft Graph', purpose: 'revoke application permissions granted to OAuth apps (governance action)', actionsOnly: true },
  { value: 'MailboxSettings.ReadWrite', api: 'Microsoft Graph', purpose: 'list and remove inbox rules that forward or redirect mail (governance action)', actionsOnly: true },
];

/** Which Graph permission each Graph operation of the connector needs (for 403 messages). */
export const PERMISSION_FOR_OPERATION: Readonly<Record<string, string>> = {
  'microsoft365.graph.users': 'User.Read.All',
  'microsoft365.graph.user': 'User.Read.All',
  'microsoft365.graph.users.sign-in-activity': 'AuditLog.Read.All',
  'microsoft365.graph.groups': 'Group.Read.All',
  'microsoft365.graph.group-members': 'Group.Read.All',
  'microsoft365.graph.role-definitions': 'RoleManagement.Read.Directory',
  'microsoft365.graph.role-assignments': 'RoleManagement.Read.Directory',
  'microsoft365.graph.service-principals': 'Application.Read.All',
  'microsoft365.graph.app-role-assignments': 'Application.Read.All',
  'microsoft365.graph.oauth2-permission-grants': 'Directory.Read.All',
  'microsoft365.graph.sign-ins': 'AuditLog.Read.All',
  'microsoft365.graph.policies': 'Policy.Read.All',
  'microsoft365.graph.domains': 'Domain.Read.All',
  'microsoft365.graph.contacts': 'Directory.Read.All',
  'microsoft365.graph.group-settings': 'Directory.Read.All',
  'microsoft365.graph.organization': 'User.Read.All',
  'microsoft365.graph.suspend-user': 'User.EnableDisableAccount.All',
  'microsoft365.graph.revoke-sessions': 'User.RevokeSessions.All',
  'microsoft365.graph.delete-grant': 'DelegatedPermissionGrant.ReadWrite.All',
  'microsoft365.graph.delete-app-role-assignment': 'AppRoleAssignment.ReadWrite.All',
  'microsoft365.graph.message-rules': 'MailboxSettings.ReadWrite',
  'microsoft365.graph.delete-message-rule': 'MailboxSettings.ReadWrite',
};

/** Plain-words instructions to add one application permission and consent to it. */
export function grantInstructions(permission: string, api: RequiredPermission['api'] = 'Microsoft Graph'): string {
  return `In the Microsoft Entra admin center open App registrations → (the Parapet app) → API permissions, choose Add a permission → ${api === 'Microsoft Graph' ? 'Microsoft Graph' : 'APIs my organization uses → Office 365 Management APIs'} → Application permissions → ${permission}, then click "Grant admin consent for <your organization>".`;
}
