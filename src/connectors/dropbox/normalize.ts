import type { Action, Target } from '../../core/activity.js';
import type { NormalizeContext, NormalizedActivity } from '../sdk/define-connector.js';
import { asRecord, baseActivity, countryToIso2, lookupTable, lowerEmail, parseProviderTime, str, unreadableActivity, withOtherClass, withSourceIp, textOf } from '../sdk/normalize-helpers.js';
import { dropboxEventId } from './event-id.js';

const APP = 'Dropbox';

/** Event types whose action does not depend on their details (digest §4; unknown types are `other`). */
const ACTIONS: Record<string, Action> = lookupTable({
  login_success: 'user.login',
  login_fail: 'user.login_failed',
  sso_error: 'user.login_failed',
  logout: 'user.logout',
  sign_in_as_session_start: 'user.impersonation_started',
  password_change: 'user.password_changed',
  password_reset: 'user.password_reset',
  password_reset_all: 'user.password_reset',
  member_change_email: 'user.updated',
  member_change_name: 'user.updated',
  member_change_membership_type: 'user.updated',
  member_add_name: 'user.created',
  member_delete_name: 'user.updated',
  tfa_add_security_key: 'mfa.enabled',
  tfa_add_backup_phone: 'mfa.enabled',
  tfa_remove_security_key: 'mfa.disabled',
  tfa_remove_backup_phone: 'mfa.disabled',
  tfa_reset: 'mfa.disabled',
  sso_change_policy: 'security.sso_changed',
  sso_add_cert: 'security.sso_changed',
  sso_remove_cert: 'security.sso_changed',
  sso_change_cert: 'security.sso_changed',
  sso_change_login_url: 'security.sso_changed',
  sso_change_logout_url: 'security.sso_changed',
  sso_change_saml_identity_mode: 'security.sso_changed',
  sso_add_login_url: 'security.sso_changed',
  sso_remove_login_url: 'security.sso_changed',
  app_link_user: 'oauth.consent_granted',
  app_unlink_user: 'oauth.consent_revoked',
  app_link_team: 'app.installed',
  app_unlink_team: 'app.removed',
  device_unlink: 'user.sessions_revoked',
  group_add_member: 'group.member_added',
  group_remove_member: 'group.member_removed',
  group_create: 'group.created',
  group_delete: 'group.deleted',
  file_download: 'file.downloaded',
  file_preview: 'file.viewed',
  file_add: 'file.uploaded',
  file_edit: 'file.modified',
  file_delete: 'file.deleted',
  file_permanently_delete: 'file.deleted',
  shared_content_download: 'file.downloaded',
  shared_link_download: 'file.downloaded',
  shared_link_view: 'file.viewed',
  shared_content_view: 'file.viewed',
  shared_link_create: 'file.public_link_created',
  shared_link_remove: 'file.unshared',
  shared_content_add_member: 'file.shared',
  shared_content_add_invitees: 'file.shared',
  shared_content_remove_member: 'file.unshared',
  shared_content_remove_invitees: 'file.unshared',
  shared_folder_transfer_ownership: 'file.shared',
  export_members_report: 'data.exported',
  team_activity_create_report: 'data.exported',
  paper_admin_export_start: 'data.exported',
  admin_alerting_triggered_alert: 'provider.alert',
  admin_alerting_alert_state_changed: 'provider.alert',
});

/** The legacy AdminRole tags of `member_change_admin_role`, as the console names them. */
const ROLE_NAMES: Record<string, string> = lookupTable({
  team_admin: 'Team admin',
  user_management_admin: 'User management admin',
  support_admin: 'Support admin',
  billing_admin: 'Billing admin',
  limited_admin: 'Limited admin',
  compliance_admin: 'Compliance admin',
  content_admin: 'Content admin',
  reporting_admin: 'Reporting admin',
  security_admin: 'Security admin',
  member_only: 'Member',
});

/** OCSF class of an `other` event, from its category (ACTIVITY-SCHEMA §5 rule 1). */
const CATEGORY_CLASS: Record<string, number> = lookupTable({
  file_operations: 6006,
  sharing: 6006,
  file_requests: 6006,
  logins: 3002,
  members: 3001,
  passwords: 3001,
  tfa: 3001,
  groups: 3006,
  apps: 3004,
  devices: 3004,
  sso: 3004,
  team_policies: 3004,
  team_profile: 3004,
});

const tagOf = (value: unknown): string | null => str(asRecord(value)?.['.tag']) ?? str(value);

/** The action an event type and its details say (status and role changes read their new value). */
export function dropboxAction(type: string, category: string | null, details: Record<string, unknown> | null): Action {
  const newValue = tagOf(details?.new_value);
  const previous = tagOf(details?.previous_value);
  switch (type) {
    case 'member_change_status':
      if (newValue === 'suspended') return 'user.suspended';
      if (newValue === 'removed') return 'user.deleted';
      if (newValue === 'invited') return 'user.invited';
      if (newValue === 'active') return previous === 'suspended' ? 'user.unsuspended' : 'user.created';
      return 'other';
    case 'member_change_admin_role':
      return newValue === null || newValue === 'member_only' ? 'admin.role_removed' : 'admin.role_assigned';
    case 'tfa_change_status':
      return newValue === 'disabled' ? 'mfa.disabled' : 'mfa.enabled';
    case 'tfa_change_policy':
      return newValue === 'allow' || newValue === 'require_tfa_disable' || newValue === 'disabled' ? 'security.mfa_requirement_disabled' : 'security.policy_changed';
    case 'shared_link_change_visibility':
    case 'shared_link_settings_change_audience':
      return newValue === 'public' ? 'file.public_link_created' : 'file.shared';
  }
  const mapped = ACTIONS[type];
  if (mapped) return mapped;
  if (category === 'team_policies') return /session|password|device_approvals|emm/.test(type) ? 'security.policy_changed' : 'admin.setting_changed';
  return 'other';
}

interface Who {
  userId: string | null;
  email: string | null;
  name: string | null;
}

/** A UserLogInfo (`team_member` | `non_team_member` | `trusted_non_team_member`). */
function userOf(value: unknown): Who | null {
  const u = asRecord(value);
  if (!u) return null;
  const userId = str(u.team_member_id) ?? str(u.account_id);
  const email = lowerEmail(u.email);
  if (!userId && !email) return null;
  return { userId, email, name: str(u.display_name) };
}

function targetsOf(r: Record<string, unknown>, type: string, details: Record<string, unknown> | null, actorId: string | null): Target[] {
  const targets: Target[] = [];
  const seen = new Set<string>();
  // A member event (status, role, name) is about its context member, even when they acted on themselves.
  const aboutMember = str(asRecord(r.event_category)?.['.tag']) === 'members';
  const addUser = (who: Who | null) => {
    if (!who) return;
    const key = who.userId ?? who.email ?? '';
    if (seen.has(key) || (!aboutMember && actorId !== null && key === actorId)) return;
    seen.add(key);
    targets.push({ type: 'user', id: who.userId, name: who.name, email: who.email });
  };
  const context = asRecord(r.context);
  if (str(context?.['.tag']) === 'team_member' || str(context?.['.tag']) === 'non_team_member') addUser(userOf(context));
  for (const p of Array.isArray(r.participants) ? r.participants : []) {
    const part = asRecord(p);
    const tag = str(part?.['.tag']);
    if (tag === 'user') addUser(userOf(part?.user));
    else if (tag === 'group') targets.push({ type: 'group', id: str(part?.group_id), name: str(part?.display_name) });
  }
  for (const a of Array.isArray(r.assets) ? r.assets : []) {
    const asset = asRecord(a);
    const tag = str(asset?.['.tag']);
    if (tag !== 'file' && tag !== 'folder') continue;
    const path = asRecord(asset?.path);
    targets.push({ type: 'file', id: str(asset?.file_id) ?? str(path?.contextual), name: str(asset?.display_name) ?? str(path?.contextual) });
  }
  const appInfo = asRecord(details?.app_info);
  if (appInfo) targets.push({ type: 'app', id: str(appInfo.app_id), name: str(appInfo.display_name) });
  const newValue = tagOf(details?.new_value);
  const previous = tagOf(details?.previous_value);
  if (type === 'member_change_admin_role') {
    const role = newValue && newValue !== 'member_only' ? newValue : previous;
    if (role) targets.push({ type: 'role', id: role, name: ROLE_NAMES[role] ?? role, changes: [{ field: 'role', old: previous === null ? null : (ROLE_NAMES[previous] ?? previous), new: newValue === null ? null : (ROLE_NAMES[newValue] ?? newValue) }] });
  } else if (details && ('new_value' in details || 'previous_value' in details) && targets.length === 0) {
    targets.push({ type: /policy/.test(type) ? 'policy' : 'setting', id: type, name: type, changes: [{ field: type.replace(/^.*?_change_/, ''), old: previous, new: newValue }] });
  }
  return targets;
}

function mapEvent(record: unknown, context: NormalizeContext): NormalizedActivity {
  const r = asRecord(record);
  const type = r ? tagOf(r.event_type) : null;
  const parsed = r ? parseProviderTime(r.timestamp) : null;
  const time = parsed === null ? null : Math.floor(parsed);
  if (!r || !type || time === null || !Number.isSafeInteger(time)) return unreadableActivity('dropbox', APP, record, context.ingestedAt);
  const details = asRecord(r.details);
  const category = tagOf(r.event_category);
  const action = dropboxAction(type, category, details);
  let activity = baseActivity({ provider: 'dropbox', app: APP, sourceId: dropboxEventId(r), time, originalTime: textOf(r.timestamp), action, eventType: type, raw: r });
  activity.message = str(asRecord(r.event_type)?.description);
  const failed = type === 'login_fail' || type === 'sso_error' || type.endsWith('_fail') || type.endsWith('_failed');
  activity.outcome = failed ? 'failure' : 'success';
  if (failed) {
    const error = asRecord(details?.error_details);
    activity.outcomeReason = str(error?.user_friendly_message);
    activity.outcomeCode = str(error?.technical_error_message);
  }

  const actor = asRecord(r.actor);
  const actorTag = str(actor?.['.tag']);
  let actorId: string | null = null;
  if (actorTag === 'user' || actorTag === 'admin') {
    const who = userOf(actor?.[actorTag]);
    actorId = who?.userId ?? who?.email ?? null;
    const ref = who?.userId ? context.lookupAccount(who.userId) : undefined;
    const isAdmin = actorTag === 'admin' ? true : (ref?.isAdmin ?? null);
    activity.actor = { ...activity.actor, userId: who?.userId ?? null, email: who?.email ?? lowerEmail(ref?.email), name: who?.name ?? ref?.name ?? null, type: isAdmin ? 'admin' : 'user', isAdmin };
  } else if (actorTag === 'app') {
    const app = asRecord(actor?.app);
    activity.actor = { ...activity.actor, type: 'app', appId: str(app?.app_id), appName: str(app?.display_name) };
  } else if (actorTag === 'dropbox' || actorTag === 'reseller') {
    activity.actor = { ...activity.actor, type: 'system', name: actorTag === 'dropbox' ? 'Dropbox' : str(asRecord(actor?.reseller)?.reseller_name) };
  }
  activity.targets = targetsOf(r, type, details, actorId);

  const origin = asRecord(r.origin);
  const geo = asRecord(origin?.geo_location);
  activity = withSourceIp(activity, geo?.ip_address);
  const country = countryToIso2(geo?.country);
  if (country) activity.geo = { ...activity.geo, country, region: str(geo?.region), city: str(geo?.city), source: 'provider' };
  const access = asRecord(origin?.access_method);
  const accessTag = str(access?.['.tag']);
  const session = accessTag === 'end_user' ? asRecord(access?.end_user) : access;
  activity.sessionId = str(session?.session_id) ?? str(session?.request_id);
  const client = accessTag === 'end_user' ? str(session?.['.tag']) : null;
  if (client === 'mobile') activity.ua = { ...activity.ua, device: 'mobile' };
  else if (client === 'desktop') activity.ua = { ...activity.ua, device: 'desktop', browser: 'Dropbox desktop app' };
  if (accessTag === 'admin_console' && activity.actor.type === 'user') activity.actor = { ...activity.actor, type: 'admin', isAdmin: true };
  if (accessTag === 'sign_in_as') activity.impersonator = { userId: null, email: null, name: 'a team admin (sign in as)' };
  if (action === 'user.login' || action === 'user.login_failed') {
    const method = tagOf(details?.login_method);
    activity.auth = { ...activity.auth, interactive: accessTag === 'end_user', method, protocol: method === 'saml' ? 'saml' : method === 'google_oauth' ? 'oidc' : null, mfa: method === 'two_factor_authentication' ? true : null };
  }
  if (action === 'other') activity = withOtherClass(activity, (category && CATEGORY_CLASS[category]) || 6003);
  return activity;
}

/**
 * One Dropbox record -> Activity. Accepts a TeamEvent as `team_log/get_events` serves it, and a pasted
 * page of one event (`{events:[…]}`). Pure and total.
 */
export function normalizeDropbox(record: unknown, context: NormalizeContext): NormalizedActivity {
  try {
    const r = asRecord(record);
    const single = r && !('event_type' in r) && Array.isArray(r.events) && r.events.length === 1 ? r.events[0] : null;
    if (single) return { ...mapEvent(single, context), raw: r as Record<string, unknown> };
    return mapEvent(record, context);
  } catch {
    return unreadableActivity('dropbox', APP, record, context.ingestedAt);
  }
}
