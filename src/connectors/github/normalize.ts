import type { Action, Target } from '../../core/activity.js';
import type { NormalizeContext, NormalizedActivity } from '../sdk/define-connector.js';
import { asRecord, baseActivity, hashText, lowerEmail, parseProviderTime, str, withOtherClass, withSourceIp, lookupTable, textOf } from '../sdk/normalize-helpers.js';

export const GITHUB_APP = 'GitHub';

/** GitHub audit `action` → Parapet action, for the events with a fixed meaning (the rest depend on fields). */
const FIXED: Readonly<Record<string, Action>> = lookupTable({
  'org.sso_response': 'user.sso_login',
  'business.sso_response': 'user.sso_login',
  'org.invite_member': 'user.invited',
  'org.remove_member': 'user.deleted',
  'org.add_outside_collaborator': 'user.created',
  'org.remove_outside_collaborator': 'user.deleted',
  'team.add_member': 'group.member_added',
  'team.remove_member': 'group.member_removed',
  'team.create': 'group.created',
  'team.destroy': 'group.deleted',
  'repo.add_member': 'group.member_added',
  'repo.remove_member': 'group.member_removed',
  'org.disable_two_factor_requirement': 'security.mfa_requirement_disabled',
  'org.enable_two_factor_requirement': 'security.policy_changed',
  'org.enable_saml': 'security.sso_changed',
  'org.disable_saml': 'security.sso_changed',
  'org.update_saml_provider_settings': 'security.sso_changed',
  'business.disable_saml': 'security.sso_changed',
  'org.update_default_repository_permission': 'admin.setting_changed',
  'org.update_member_repository_creation_permission': 'admin.setting_changed',
  'members_can_create_public_repositories.disable': 'admin.setting_changed',
  'members_can_create_public_repositories.enable': 'admin.setting_changed',
  'org.oauth_app_access_approved': 'oauth.consent_granted',
  'org_credential_authorization.grant': 'oauth.consent_granted',
  'org_credential_authorization.revoke': 'oauth.consent_revoked',
  'org_credential_authorization.deauthorized': 'oauth.consent_revoked',
  'personal_access_token.access_granted': 'oauth.consent_granted',
  'personal_access_token.access_revoked': 'oauth.consent_revoked',
  'integration_installation.create': 'app.installed',
  'integration_installation.destroy': 'app.removed',
  'integration_installation.repositories_added': 'app.permissions_expanded',
  'integration_installation.version_updated': 'app.permissions_expanded',
  'oauth_application.create': 'app.installed',
  'oauth_application.destroy': 'app.removed',
  'business.add_admin': 'admin.role_assigned',
  'business.remove_admin': 'admin.role_removed',
  'protected_branch.destroy': 'security.policy_changed',
  'protected_branch.policy_override': 'security.policy_changed',
  'repo.destroy': 'file.deleted',
  'repo.download_zip': 'file.downloaded',
  'git.clone': 'file.downloaded',
  'git.push': 'file.modified',
});

/** OCSF class of an unmapped event, by its category (the part before the dot). */
function otherClass(category: string): number {
  if (category === 'git' || category === 'repo') return 6006;
  if (category === 'team') return 3006;
  if (category === 'org' || category === 'business') return 3004;
  return 6003;
}

/** The action an event means, reading the fields that decide it (role changes, visibility). */
export function githubAction(event: Record<string, unknown>): Action {
  const action = str(event.action) ?? '';
  const permission = str(event.permission)?.toLowerCase();
  const oldPermission = str(event.old_permission)?.toLowerCase();
  if (action === 'org.update_member') {
    if (permission === 'admin' && oldPermission !== 'admin') return 'admin.role_assigned';
    if (oldPermission === 'admin' && permission !== 'admin') return 'admin.role_removed';
    return 'other';
  }
  if (action === 'org.add_member') return permission === 'admin' ? 'admin.role_assigned' : 'user.created';
  if (action === 'repo.access') {
    const visibility = str(event.visibility)?.toLowerCase();
    if (visibility === 'public') return 'file.public_link_created';
    if (visibility === 'private' || visibility === 'internal') return 'file.unshared';
    return 'other';
  }
  return FIXED[action] ?? 'other';
}

function outcomeOf(event: Record<string, unknown>, action: Action): NormalizedActivity['outcome'] {
  const explicit = str(event.outcome ?? event.result)?.toLowerCase();
  if (explicit) return /fail|error|denied/.test(explicit) ? 'failure' : /success|ok/.test(explicit) ? 'success' : 'unknown';
  // The audit log records what happened: a mapped event is a done change; an unknown one says nothing.
  return action === 'other' ? 'unknown' : 'success';
}

function scopesOf(event: Record<string, unknown>): string[] {
  const scopes = event.scopes ?? event.oauth_scopes ?? event.permissions;
  if (Array.isArray(scopes)) return scopes.filter((s): s is string => typeof s === 'string');
  if (typeof scopes === 'string') return scopes.split(/[\s,]+/).filter(Boolean);
  const record = asRecord(scopes);
  return record ? Object.entries(record).map(([k, v]) => `${k}:${textOf(v)}`) : [];
}

function targetsOf(event: Record<string, unknown>, action: Action, context: NormalizeContext): Target[] {
  const targets: Target[] = [];
  const user = str(event.user);
  const userId = str(event.user_id);
  if (user || userId) {
    const known = userId ? context.lookupAccount(userId) : undefined;
    targets.push({ type: 'user', id: userId, name: user, email: known?.email ?? null });
  }
  const team = str(event.team);
  if (team) targets.push({ type: 'group', id: str(event.team_id) ?? team, name: team });
  const repo = str(event.repo ?? event.repository);
  if (repo) {
    const visibility = str(event.visibility);
    const previous = str(event.previous_visibility ?? event.old_visibility);
    targets.push({
      type: action.startsWith('file.') ? 'file' : 'other',
      id: str(event.repo_id ?? event.repository_id) ?? repo,
      name: repo,
      ...(visibility ? { changes: [{ field: 'visibility', ...(previous ? { old: previous } : {}), new: visibility }] } : {}),
    });
  }
  const appName = str(event.oauth_application_name ?? event.integration ?? event.name);
  const credentialId = str(event.credential_id);
  // An SSO-authorised credential is its own grant: its id is the inventory's (`credential:<id>`).
  const appId = str(event.oauth_application_id ?? event.integration_id ?? event.installation_id) ?? (credentialId ? `credential:${credentialId}` : null);
  if ((action.startsWith('app.') || action.startsWith('oauth.')) && (appName || appId)) targets.push({ type: 'app', id: appId, name: appName });
  const tokenId = str(event.token_id ?? event.credential_id ?? event.personal_access_token_id);
  if (tokenId && action.startsWith('oauth.')) {
    const scopes = scopesOf(event);
    targets.push({ type: 'token', id: tokenId, name: str(event.credential_type ?? event.programmatic_access_type), ...(scopes.length ? { changes: [{ field: 'scopes', new: scopes }] } : {}) });
  }
  if (action === 'admin.role_assigned' || action === 'admin.role_removed') {
    const role = action === 'admin.role_assigned' ? str(event.permission) : str(event.old_permission);
    targets.push({ type: 'role', id: role ?? 'admin', name: role === 'admin' || role === null ? 'Organization owner' : role, changes: [{ field: 'permission', old: event.old_permission, new: event.permission }] });
  }
  if (action === 'admin.setting_changed' || action.startsWith('security.')) {
    const changes = Object.entries(event)
      .filter(([k]) => k.startsWith('old_') && k.slice(4) in event)
      .map(([k, v]) => ({ field: k.slice(4), old: v, new: event[k.slice(4)] }));
    targets.push({ type: action === 'admin.setting_changed' ? 'setting' : 'policy', id: str(event.action), name: str(event.org) ?? str(event.business), ...(changes.length ? { changes } : {}) });
  }
  return targets;
}

/**
 * One GitHub audit-log event (REST `GET /orgs/{org}/audit-log`, the streaming export's JSON/JSONL, or the
 * web UI's JSON export) → Activity. Times are epoch ms in `@timestamp`/`created_at`; exports may carry
 * ISO text, with or without a zone or a `T`. Pure and total.
 */
export function normalizeGithub(record: unknown, context: NormalizeContext): NormalizedActivity {
  const event = asRecord(record) ?? { value: record as unknown };
  const eventType = str(event.action) ?? 'unknown';
  const rawTime = event['@timestamp'] ?? event.created_at ?? event.timestamp;
  const parsed = parseProviderTime(rawTime);
  // Epoch ms is an integer; a fractional or out-of-range value is not a time GitHub wrote.
  const time = parsed !== null && Number.isSafeInteger(Math.trunc(parsed)) && Math.abs(parsed) < 8.64e15 ? Math.trunc(parsed) : context.ingestedAt;
  const action = githubAction(event);
  const text = JSON.stringify(event) ?? '';
  const activity = baseActivity({
    provider: 'github',
    app: GITHUB_APP,
    sourceId: str(event._document_id) ?? `gh:${hashText(`${eventType}|${textOf(rawTime)}|${text}`)}`,
    time,
    originalTime: typeof rawTime === 'string' || typeof rawTime === 'number' ? String(rawTime) : '',
    action,
    eventType,
    raw: event,
  });
  activity.tenantId = str(event.org_id) ?? str(event.org) ?? str(event.business_id) ?? null;
  activity.outcome = outcomeOf(event, action);
  const actorLogin = str(event.actor);
  const actorId = str(event.actor_id);
  const known = actorId ? context.lookupAccount(actorId) : undefined;
  const bot = event.actor_is_bot === true || /\[bot\]$/.test(actorLogin ?? '');
  const programmatic = str(event.programmatic_access_type);
  activity.actor = {
    userId: actorId,
    email: known?.email ?? lowerEmail(event.actor_email) ?? null,
    name: actorLogin,
    type: bot ? 'app' : known?.isAdmin ? 'admin' : actorLogin ? 'user' : 'unknown',
    isAdmin: known?.isAdmin ?? null,
    appId: str(event.oauth_application_id ?? event.integration_id) ?? (programmatic ? str(event.token_id) : null),
    appName: programmatic ?? null,
  };
  withSourceIp(activity, event.actor_ip);
  const country = str(asRecord(event.actor_location)?.country_code);
  if (country && /^[A-Za-z]{2}$/.test(country)) activity.geo = { ...activity.geo, country: country.toUpperCase(), source: 'provider' };
  activity.userAgent = str(event.user_agent);
  activity.correlationId = str(event.request_id);
  activity.targets = targetsOf(event, action, context);
  if (action === 'user.sso_login') {
    activity.auth = { mfa: null, protocol: 'saml', interactive: true, method: null };
    activity.service = { id: str(event.org_id) ?? str(event.org), name: str(event.org) ?? str(event.business) };
  }
  const category = eventType.split('.')[0] ?? '';
  return withOtherClass(activity, otherClass(category));
}
