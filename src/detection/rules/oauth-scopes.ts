import type { Activity } from '../../core/activity.js';

/**
 * OAuth scopes that let an app act on an organisation's data at large. `critical` alone is enough to worry
 * about; `sensitive` reads a person's mail or files, which matters most with `offline_access` (the app
 * keeps access after the user signs out). Names are the providers' own (Microsoft Graph, EWS, Google).
 */
export const CRITICAL_SCOPES: readonly string[] = [
  'Directory.ReadWrite.All',
  'RoleManagement.ReadWrite.Directory',
  'Application.ReadWrite.All',
  'AppRoleAssignment.ReadWrite.All',
  'User.ReadWrite.All',
  'Group.ReadWrite.All',
  'Files.ReadWrite.All',
  'Sites.FullControl.All',
  'Sites.ReadWrite.All',
  'Mail.ReadWrite',
  'Mail.ReadWrite.Shared',
  'Mail.Send',
  'Mail.Send.Shared',
  'MailboxSettings.ReadWrite',
  'full_access_as_user',
  'EWS.AccessAsUser.All',
  'https://mail.google.com/',
  'https://www.googleapis.com/auth/gmail.modify',
  'https://www.googleapis.com/auth/gmail.send',
  'https://www.googleapis.com/auth/drive',
  'https://www.googleapis.com/auth/admin.directory.user',
  // GitHub classic token scopes that administer the organisation or delete its code.
  'admin:org',
  'admin:enterprise',
  'admin:org_hook',
  'delete_repo',
  // Slack user-token scopes: write any file as the user, administer the org's users.
  'files:write',
  'admin.users:write',
  // Salesforce: everything the authorising user can see and do (`api` alone is the common, routine grant).
  'full',
];

export const SENSITIVE_SCOPES: readonly string[] = [
  'Mail.Read',
  'Mail.Read.Shared',
  'Mail.ReadBasic',
  'Files.Read.All',
  'Files.ReadWrite',
  'Sites.Read.All',
  'Notes.Read.All',
  'Contacts.Read',
  'Calendars.ReadWrite',
  'Directory.Read.All',
  'User.Read.All',
  'Chat.Read',
  'ChannelMessage.Read.All',
  'https://www.googleapis.com/auth/gmail.readonly',
  'https://www.googleapis.com/auth/drive.readonly',
  'https://www.googleapis.com/auth/contacts.readonly',
  // Slack: read private channels, DMs and files, everyone's e-mail.
  'groups:history',
  'im:history',
  'mpim:history',
  'files:read',
  'users:read.email',
];

/** Scopes that keep an app's access after the user signs out (Salesforce names it `refresh_token`). */
export const OFFLINE_SCOPES: readonly string[] = ['offline_access', 'refresh_token'];

const KNOWN = new Map([...CRITICAL_SCOPES, ...SENSITIVE_SCOPES, ...OFFLINE_SCOPES].map((s) => [s.toLowerCase(), s]));

/**
 * The known scopes an OAuth activity grants, wherever the connector put them: role/privilege targets,
 * target changes (Entra's `ConsentAction.Permissions`, Slack's scope lists) or, failing those, the raw
 * record (unless `raw: false`). Unknown scopes are ignored: only the ones that matter are classified.
 */
export function grantedScopes(activity: Activity, options: { raw?: boolean } = {}): string[] {
  const texts: string[] = [];
  for (const t of activity.targets) {
    if (t.type === 'role' && t.name) texts.push(t.name);
    for (const c of t.changes ?? []) texts.push(stringify(c.new));
  }
  let found = scan(texts.join(' '));
  if (found.length === 0 && options.raw !== false) found = scan(stringify(activity.raw));
  return found;
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function scan(text: string): string[] {
  const out = new Set<string>();
  for (const token of text.split(/[\s,;"'[\]()=>]+/)) {
    const hit = KNOWN.get(token.toLowerCase());
    if (hit) out.add(hit);
  }
  return [...out];
}

export type ScopeRisk = 'critical' | 'sensitive-offline' | 'sensitive' | 'none';

/** How much a set of scopes lets an app do without the user. */
export function scopeRisk(scopes: readonly string[]): ScopeRisk {
  if (scopes.some((s) => CRITICAL_SCOPES.includes(s))) return 'critical';
  const sensitive = scopes.some((s) => SENSITIVE_SCOPES.includes(s));
  if (sensitive && scopes.some((s) => OFFLINE_SCOPES.includes(s))) return 'sensitive-offline';
  return sensitive ? 'sensitive' : 'none';
}
