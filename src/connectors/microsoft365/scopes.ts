/**
 * Delegated scopes and application permissions that let an app read or change data at scale or act as an
 * administrator. Consent to any of these is what an illicit-consent (OAuth phishing) attack asks for.
 */
export const HIGH_RISK_SCOPES: ReadonlySet<string> = new Set(
  [
    'Mail.Read',
    'Mail.ReadBasic',
    'Mail.ReadWrite',
    'Mail.Send',
    'Mail.Read.Shared',
    'Mail.ReadWrite.Shared',
    'Mail.Send.Shared',
    'MailboxSettings.ReadWrite',
    'EWS.AccessAsUser.All',
    'full_access_as_user',
    'full_access_as_app',
    'IMAP.AccessAsUser.All',
    'POP.AccessAsUser.All',
    'SMTP.Send',
    'Files.Read.All',
    'Files.ReadWrite.All',
    'Sites.Read.All',
    'Sites.ReadWrite.All',
    'Sites.FullControl.All',
    'Notes.Read.All',
    'Notes.ReadWrite.All',
    'Contacts.Read',
    'Contacts.ReadWrite',
    'Chat.Read',
    'Chat.ReadWrite',
    'ChannelMessage.Read.All',
    'Directory.ReadWrite.All',
    'Directory.AccessAsUser.All',
    'User.ReadWrite.All',
    'Group.ReadWrite.All',
    'RoleManagement.ReadWrite.Directory',
    'AppRoleAssignment.ReadWrite.All',
    'Application.ReadWrite.All',
    'DelegatedPermissionGrant.ReadWrite.All',
    'user_impersonation',
  ].map((s) => s.toLowerCase()),
);

export function isHighRiskScope(scope: string): boolean {
  return HIGH_RISK_SCOPES.has(scope.toLowerCase());
}

/** Splits a space-separated scope string (`" User.Read Mail.Read offline_access"`). */
export function splitScopes(scope: unknown): string[] {
  return typeof scope === 'string' ? scope.split(/\s+/).filter(Boolean) : [];
}
