import type { Action, Outcome, Target } from '../../core/activity.js';
import type { NormalizeContext, NormalizedActivity } from '../sdk/define-connector.js';
import { asRecord, baseActivity, hashText, isSwitchedOff, lowerEmail, parseProviderTime, str, unreadableActivity, withOtherClass, withSourceIp, lookupTable, textOf } from '../sdk/normalize-helpers.js';

const APP = 'Slack';

/** Audit Logs actions -> Parapet's closed action list (digest §4; unknown actions are `other`). */
const ACTIONS: Record<string, Action> = lookupTable({
  user_login: 'user.login',
  user_login_failed: 'user.login_failed',
  user_logout: 'user.logout',
  user_session_reset_by_admin: 'user.sessions_revoked',
  user_session_invalidated: 'user.sessions_revoked',
  user_created: 'user.created',
  guest_created: 'user.created',
  user_deactivated: 'user.suspended',
  guest_deactivated: 'user.suspended',
  user_reactivated: 'user.unsuspended',
  guest_reactivated: 'user.unsuspended',
  user_email_updated: 'user.updated',
  role_change_to_admin: 'admin.role_assigned',
  role_change_to_owner: 'admin.role_assigned',
  role_change_to_user: 'admin.role_removed',
  role_change_to_guest: 'admin.role_removed',
  app_installed: 'app.installed',
  app_uninstalled: 'app.removed',
  app_scopes_expanded: 'app.permissions_expanded',
  app_approved: 'admin.setting_changed',
  app_restricted: 'admin.setting_changed',
  file_downloaded: 'file.downloaded',
  file_uploaded: 'file.uploaded',
  file_shared: 'file.shared',
  file_public_link_created: 'file.public_link_created',
  file_public_link_revoked: 'file.unshared',
  file_deleted: 'file.deleted',
  usergroup_created: 'group.created',
  usergroup_member_added: 'group.member_added',
  usergroup_member_removed: 'group.member_removed',
  manual_export_started: 'data.exported',
  scheduled_export_started: 'data.exported',
  manual_export_downloaded: 'data.exported',
  corporate_exports_enabled: 'admin.setting_changed',
  corporate_exports_approved: 'admin.setting_changed',
});

/** The role a `role_change_to_*` action gives, as its role target names it. */
const ROLE_NAMES: Record<string, string> = lookupTable({
  role_change_to_admin: 'Admin',
  role_change_to_owner: 'Owner',
  role_change_to_user: 'Member',
  role_change_to_guest: 'Guest',
});

/** `pref.*` actions: SSO and 2FA changes are security events; session and password rules policies; the rest settings. */
export function prefAction(action: string, newValue: unknown): Action {
  const name = action.toLowerCase();
  if (name.includes('sso')) return 'security.sso_changed';
  if (name.includes('two_factor') || name.includes('2fa')) return isSwitchedOff(newValue) ? 'security.mfa_requirement_disabled' : 'security.policy_changed';
  if (name.includes('session') || name.includes('password')) return 'security.policy_changed';
  return 'admin.setting_changed';
}

export function slackAction(action: string, details: Record<string, unknown> | null): Action {
  if (action.startsWith('pref.')) return prefAction(action, details?.new_value);
  return ACTIONS[action] ?? 'other';
}

const FAILED = /_failed$|_blocked$|_denied$/;

/** OCSF class of an `other` activity, from the entity type (ACTIVITY-SCHEMA §5 rule 1). */
function otherClass(entityType: string | null): number {
  switch (entityType) {
    case 'file':
      return 6006;
    case 'user':
      return 3001;
    case 'workspace':
    case 'enterprise':
    case 'app':
      return 3004;
    default:
      return 6003;
  }
}

function entityTarget(entity: Record<string, unknown> | null, action: string, details: Record<string, unknown> | null): Target[] {
  if (!entity) return [];
  const type = str(entity.type);
  const value = type ? asRecord(entity[type]) : null;
  if (!type || !value) return [];
  const id = str(value.id);
  const name = str(value.name) ?? str(value.title);
  switch (type) {
    case 'user': {
      const targets: Target[] = [{ type: 'user', id, name, email: lowerEmail(value.email) }];
      const role = ROLE_NAMES[action];
      if (role) targets.push({ type: 'role', id: role.toLowerCase(), name: role, changes: [{ field: 'role', old: details?.previous_role, new: details?.new_role ?? role.toLowerCase() }] });
      return targets;
    }
    case 'app': {
      const scopes = Array.isArray(value.scopes) ? value.scopes.filter((s): s is string => typeof s === 'string') : str(details?.scopes)?.split(',') ?? [];
      return [{ type: 'app', id, name, ...(scopes.length ? { changes: [{ field: 'scopes', new: scopes.join(' ') }] } : {}) }];
    }
    case 'file':
      return [{ type: 'file', id, name }];
    case 'workspace':
    case 'enterprise':
      if (action.startsWith('pref.')) {
        return [{ type: 'setting', id: action.slice('pref.'.length), name: action, changes: [{ field: action.slice('pref.'.length), old: details?.previous_value, new: details?.new_value }] }, { type: 'other', id, name }];
      }
      return [{ type: 'other', id, name }];
    default:
      return [{ type: 'other', id, name }];
  }
}

function mapEntry(record: unknown, context: NormalizeContext): NormalizedActivity {
  const r = asRecord(record);
  const action = r ? str(r.action) : null;
  const parsed = r ? parseProviderTime(r.date_create) : null;
  const time = parsed === null ? null : Math.floor(parsed);
  if (!r || !action || time === null || !Number.isSafeInteger(time)) return unreadableActivity('slack', APP, record, context.ingestedAt);
  const details = asRecord(r.details);
  const entity = asRecord(r.entity);
  const ctx = asRecord(r.context) ?? {};
  const location = asRecord(ctx.location);
  const mapped = slackAction(action, details);
  const outcome: Outcome = FAILED.test(action) ? 'failure' : 'success';
  let activity = baseActivity({
    provider: 'slack',
    app: APP,
    sourceId: str(r.id) ?? `slack:${hashText(JSON.stringify(r))}`,
    time,
    originalTime: textOf(r.date_create),
    action: mapped,
    eventType: action,
    raw: r,
  });
  activity.outcome = outcome;
  activity.tenantId = str(location?.id);
  if (location && str(location.type) === 'workspace') activity.service = { id: str(location.id), name: str(location.name) };

  const actor = asRecord(r.actor);
  const actorType = str(actor?.type);
  if (actorType === 'app' || actorType === 'workflow') {
    const app = asRecord(actor?.app) ?? asRecord(actor?.workflow);
    activity.actor = { ...activity.actor, type: 'app', appId: str(app?.id), appName: str(app?.name) };
  } else if (actor) {
    const user = asRecord(actor.user);
    const userId = str(user?.id);
    const ref = userId ? context.lookupAccount(userId) : undefined;
    const email = lowerEmail(user?.email) ?? lowerEmail(ref?.email);
    activity.actor = {
      ...activity.actor,
      userId,
      email,
      name: str(user?.name) ?? ref?.name ?? null,
      type: userId === 'USLACKUSER' || userId === 'USLACKBOT' ? 'system' : ref?.isAdmin ? 'admin' : 'user',
      isAdmin: ref ? ref.isAdmin : null,
    };
  }
  activity.targets = entityTarget(entity, action, details);
  activity = withSourceIp(activity, ctx.ip_address);
  activity.userAgent = str(ctx.ua);
  activity.ua = uaParts(activity.userAgent);
  activity.sessionId = str(ctx.session_id);
  if (mapped === 'user.login' || mapped === 'user.login_failed') activity.auth = { ...activity.auth, interactive: true };
  activity.message = `${action}${activity.targets[0]?.name ? ` ${activity.targets[0].name}` : ''}`;
  if (mapped === 'other') activity = withOtherClass(activity, otherClass(str(entity?.type)));
  return activity;
}

/** Slack's own apps name the platform in the user agent; browsers are left to the enrichment's parser. */
function uaParts(ua: string | null): NormalizedActivity['ua'] {
  if (!ua) return { os: null, browser: null, device: null };
  if (/iPhone|iPad|iOS/.test(ua)) return { os: 'iOS', browser: 'Slack', device: 'mobile' };
  if (/Android/.test(ua)) return { os: 'Android', browser: 'Slack', device: 'mobile' };
  return { os: null, browser: null, device: null };
}

/**
 * One Slack record -> Activity. Accepts an Audit Logs entry as the API serves it, and the same entry inside
 * the `{entries:[...]}` page a user may paste (the first entry is taken). Pure and total.
 */
export function normalizeSlack(record: unknown, context: NormalizeContext): NormalizedActivity {
  try {
    const r = asRecord(record);
    const entries = r && !('action' in r) && Array.isArray(r.entries) && r.entries.length === 1 ? r.entries[0] : null;
    if (entries) {
      const activity = mapEntry(entries, context);
      return { ...activity, raw: r as Record<string, unknown> };
    }
    return mapEntry(record, context);
  } catch {
    return unreadableActivity('slack', APP, record, context.ingestedAt);
  }
}
