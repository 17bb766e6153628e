import type { Action } from '../../core/activity.js';
import { lookupTable } from '../sdk/normalize-helpers.js';

/**
 * Operation name -> Parapet action, for the operations whose meaning does not depend on the record's
 * details. Keys are lower-case without the trailing dot Entra puts on UAL operations (`Add user.`), so the
 * same table serves UAL records and Graph directoryAudits (`Add user`). Operations decided by their
 * details (`Update user.`, `Set-Mailbox`, sign-ins) are handled in normalize.ts.
 */
export const ENTRA_OPERATIONS: Readonly<Record<string, Action>> = lookupTable({
  'add user': 'user.created',
  'invite external user': 'user.invited',
  'delete user': 'user.deleted',
  'hard delete user': 'user.deleted',
  'disable account': 'user.suspended',
  'enable account': 'user.unsuspended',
  'reset user password': 'user.password_reset',
  'set force change user password': 'user.password_reset',
  'reset password (self-service)': 'user.password_reset',
  'change user password': 'user.password_changed',
  'change password (self-service)': 'user.password_changed',
  'update stsrefreshtokenvalidfrom timestamp': 'user.sessions_revoked',
  'add member to role': 'admin.role_assigned',
  'add eligible member to role': 'admin.role_assigned',
  'add member to role completed (pim activation)': 'admin.role_assigned',
  'add member to role in pim completed (permanent)': 'admin.role_assigned',
  'remove member from role': 'admin.role_removed',
  'remove eligible member from role': 'admin.role_removed',
  'add member to group': 'group.member_added',
  'remove member from group': 'group.member_removed',
  'add group': 'group.created',
  'delete group': 'group.deleted',
  'consent to application': 'oauth.consent_granted',
  'add delegated permission grant': 'app.permissions_expanded',
  'add app role assignment to service principal': 'app.permissions_expanded',
  'remove delegated permission grant': 'oauth.consent_revoked',
  'remove app role assignment from service principal': 'oauth.consent_revoked',
  'revoke consent': 'oauth.consent_revoked',
  'add app role assignment grant to user': 'app.user_assigned',
  'add service principal': 'app.installed',
  'remove service principal': 'app.removed',
  'add service principal credentials': 'credential.created',
  'remove service principal credentials': 'credential.revoked',
  'update application – certificates and secrets management': 'credential.created',
  'update application - certificates and secrets management': 'credential.created',
  'add policy': 'security.policy_changed',
  'update policy': 'security.policy_changed',
  'delete policy': 'security.policy_changed',
  'add conditional access policy': 'security.policy_changed',
  'update conditional access policy': 'security.policy_changed',
  'delete conditional access policy': 'security.policy_changed',
  'update authorization policy': 'security.policy_changed',
  'update authentication methods policy': 'security.policy_changed',
  'set company information': 'admin.setting_changed',
  'update company settings': 'admin.setting_changed',
  'set domain authentication': 'security.sso_changed',
  'set federation settings on domain': 'security.sso_changed',
  'set domain federation settings': 'security.sso_changed',
  'add identity provider': 'security.sso_changed',
  'update identity provider': 'security.sso_changed',
  'delete identity provider': 'security.sso_changed',
  'user registered security info': 'mfa.enabled',
  'admin registered security info': 'mfa.enabled',
  'user deleted security info': 'mfa.disabled',
  'admin deleted security info': 'mfa.disabled',
  'disable strong authentication': 'mfa.disabled',
});

export const EXCHANGE_OPERATIONS: Readonly<Record<string, Action>> = lookupTable({
  'new-inboxrule': 'mail.inbox_rule_created',
  'set-inboxrule': 'mail.inbox_rule_changed',
  'enable-inboxrule': 'mail.inbox_rule_changed',
  updateinboxrules: 'mail.inbox_rule_changed',
  'add-mailboxpermission': 'mail.permission_granted',
  'add-recipientpermission': 'mail.permission_granted',
  'add-mailboxfolderpermission': 'mail.permission_granted',
  'set-mailboxfolderpermission': 'mail.permission_granted',
  'add-rolegroupmember': 'admin.role_assigned',
  'new-managementroleassignment': 'admin.role_assigned',
  'remove-rolegroupmember': 'admin.role_removed',
  'new-transportrule': 'security.policy_changed',
  'set-transportrule': 'security.policy_changed',
  'set-organizationconfig': 'admin.setting_changed',
  'set-adminauditlogconfig': 'admin.setting_changed',
  'set-mailboxauditbypassassociation': 'admin.setting_changed',
  'new-mailboxexportrequest': 'data.exported',
});

export const FILE_OPERATIONS: Readonly<Record<string, Action>> = lookupTable({
  fileaccessed: 'file.viewed',
  fileaccessedextended: 'file.viewed',
  filepreviewed: 'file.viewed',
  filedownloaded: 'file.downloaded',
  filesyncdownloadedfull: 'file.synced',
  filesyncdownloadedpartial: 'file.synced',
  fileuploaded: 'file.uploaded',
  filesyncuploadedfull: 'file.uploaded',
  filemodified: 'file.modified',
  filemodifiedextended: 'file.modified',
  filedeleted: 'file.deleted',
  filerecycled: 'file.deleted',
  filedeletedfirststagerecyclebin: 'file.deleted',
  filedeletedsecondstagerecyclebin: 'file.deleted',
  sharingset: 'file.shared',
  sharinginvitationcreated: 'file.shared',
  addedtosecurelink: 'file.shared',
  securelinkcreated: 'file.shared',
  companylinkcreated: 'file.shared',
  anonymouslinkcreated: 'file.public_link_created',
  anonymouslinkupdated: 'file.public_link_created',
  sharingrevoked: 'file.unshared',
  anonymouslinkremoved: 'file.unshared',
  companylinkremoved: 'file.unshared',
  removedfromsecurelink: 'file.unshared',
});

export const GENERAL_OPERATIONS: Readonly<Record<string, Action>> = lookupTable({
  memberadded: 'group.member_added',
  memberremoved: 'group.member_removed',
  teamcreated: 'group.created',
  teamdeleted: 'group.deleted',
  exportreport: 'data.exported',
  exportartifact: 'data.exported',
  exporttile: 'data.exported',
  downloadreport: 'data.exported',
  searchexported: 'data.exported',
  searchexportdownloaded: 'data.exported',
  alerttriggered: 'provider.alert',
  alertentitygenerated: 'provider.alert',
});

/** UAL RecordType -> the OCSF class an unmapped operation of that family belongs to. */
export function classOfRecordType(recordType: number | null): number {
  switch (recordType) {
    case 9:
    case 15:
      return 3002;
    case 8:
      return 3004;
    case 4:
    case 6:
    case 7:
    case 14:
      return 6006;
    default:
      return 6003;
  }
}

/** Product names for `Workload`. */
export const WORKLOAD_APP: Readonly<Record<string, string>> = lookupTable({
  azureactivedirectory: 'Entra ID',
  exchange: 'Exchange',
  sharepoint: 'SharePoint',
  onedrive: 'OneDrive',
  microsoftteams: 'Teams',
  powerbi: 'Power BI',
  securitycompliancecenter: 'Purview',
  microsoftforms: 'Forms',
  microsoftflow: 'Power Automate',
  powerapps: 'Power Apps',
  yammer: 'Viva Engage',
});

/** Names of well-known first-party resources, for `service.name` of UAL sign-ins (which carry only ids). */
export const KNOWN_APPS: Readonly<Record<string, string>> = lookupTable({
  '00000002-0000-0000-c000-000000000000': 'Windows Azure Active Directory',
  '00000003-0000-0000-c000-000000000000': 'Microsoft Graph',
  '00000002-0000-0ff1-ce00-000000000000': 'Office 365 Exchange Online',
  '00000003-0000-0ff1-ce00-000000000000': 'Office 365 SharePoint Online',
  '00000004-0000-0ff1-ce00-000000000000': 'Skype for Business Online',
  '1fec8e78-bce4-4aaf-ab1b-5451cc387264': 'Microsoft Teams',
  '4765445b-32c6-49b0-83e6-1d93765276ca': 'OfficeHome',
  'd3590ed6-52b3-4102-aeff-aad2292ab01c': 'Microsoft Office',
  'c44b4083-3bb0-49c1-b47d-974e53cbdf3c': 'Azure Portal',
  'ab9b8c07-8f02-4f72-87fa-80105867a763': 'OneDrive SyncEngine',
  '27922004-5251-4030-b22d-91ecd9a37ea4': 'Outlook Mobile',
  'c5393580-f805-4401-95e8-94b7a6ef2fc2': 'Office 365 Management APIs',
});

/** Graph `clientAppUsed` values that are legacy (basic) authentication. */
export const LEGACY_CLIENTS: ReadonlySet<string> = new Set(
  ['Exchange ActiveSync', 'IMAP4', 'POP3', 'SMTP', 'Authenticated SMTP', 'Other clients', 'MAPI Over HTTP', 'Exchange Web Services', 'AutoDiscover', 'Offline Address Book', 'Exchange Online PowerShell', 'Outlook Anywhere (RPC over HTTP)', 'Reporting Web Services', 'Universal Outlook'].map((c) => c.toLowerCase()),
);
