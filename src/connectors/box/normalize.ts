import type { Action, Target } from '../../core/activity.js';
import type { NormalizeContext, NormalizedActivity } from '../sdk/define-connector.js';
import { asRecord, baseActivity, hashText, lookupTable, lowerEmail, parseProviderTime, str, unreadableActivity, withOtherClass, withSourceIp, textOf } from '../sdk/normalize-helpers.js';

const APP = 'Box';

/** Box's anonymous / unknown user (digest §4): shared-link visitors and the like. */
const ANONYMOUS_ID = '2';

/** Enterprise event types -> Parapet's closed action list (developer.box.com events/for-enterprise). */
const ACTIONS: Record<string, Action> = lookupTable({
  LOGIN: 'user.login',
  FAILED_LOGIN: 'user.login_failed',
  ADMIN_LOGIN: 'user.impersonation_started',
  REMOVE_LOGIN_ACTIVITY_DEVICE: 'user.sessions_revoked',
  NEW_USER: 'user.created',
  EDIT_USER: 'user.updated',
  DELETE_USER: 'user.deleted',
  CHANGE_ADMIN_ROLE: 'admin.role_assigned',
  GROUP_ADD_USER: 'group.member_added',
  GROUP_REMOVE_USER: 'group.member_removed',
  GROUP_CREATION: 'group.created',
  GROUP_DELETION: 'group.deleted',
  COLLABORATION_INVITE: 'file.shared',
  COLLABORATION_ROLE_CHANGE: 'file.shared',
  COLLABORATION_REMOVE: 'file.unshared',
  SHARE: 'file.shared',
  ITEM_SHARED_UPDATE: 'file.shared',
  SHARED_LINK_SEND: 'file.shared',
  UNSHARE: 'file.unshared',
  DOWNLOAD: 'file.downloaded',
  FILE_WATERMARKED_DOWNLOAD: 'file.downloaded',
  ITEM_SYNC: 'file.synced',
  PREVIEW: 'file.viewed',
  ITEM_OPEN: 'file.viewed',
  CONTENT_ACCESS: 'file.viewed',
  UPLOAD: 'file.uploaded',
  EDIT: 'file.modified',
  ITEM_MODIFY: 'file.modified',
  DELETE: 'file.deleted',
  USER_AUTHENTICATE_OAUTH2_ACCESS_TOKEN_CREATE: 'oauth.consent_granted',
  OAUTH2_ACCESS_TOKEN_REVOKE: 'oauth.consent_revoked',
  ENTERPRISE_APP_AUTHORIZATION_UPDATE: 'app.installed',
  APPLICATION_CREATED: 'app.installed',
  APPLICATION_PUBLIC_KEY_ADDED: 'credential.created',
  APPLICATION_PUBLIC_KEY_DELETED: 'credential.revoked',
  ENABLE_TWO_FACTOR_AUTH: 'mfa.enabled',
  DISABLE_MULTI_FACTOR_AUTH: 'mfa.disabled',
  EXTERNAL_COLLAB_SECURITY_SETTINGS: 'admin.setting_changed',
  CHANGE_FOLDER_PERMISSION: 'admin.setting_changed',
  SHIELD_ALERT: 'provider.alert',
  FILE_MARKED_MALICIOUS: 'provider.alert',
  CONTENT_WORKFLOW_ABNORMAL_DOWNLOAD_ACTIVITY: 'provider.alert',
  CONTENT_WORKFLOW_SHARING_POLICY_VIOLATION: 'provider.alert',
  // The user event stream's names, which enterprise feeds exported by other tools also carry.
  ITEM_DOWNLOAD: 'file.downloaded',
  ITEM_PREVIEW: 'file.viewed',
  ITEM_UPLOAD: 'file.uploaded',
  ITEM_CREATE: 'file.uploaded',
  ITEM_TRASH: 'file.deleted',
  ITEM_RENAME: 'file.modified',
  COLLAB_ADD_COLLABORATOR: 'file.shared',
  COLLAB_INVITE_COLLABORATOR: 'file.shared',
  COLLAB_REMOVE_COLLABORATOR: 'file.unshared',
  ITEM_SHARED_CREATE: 'file.shared',
  ITEM_SHARED_UNSHARE: 'file.unshared',
});

/** OCSF class of an `other` activity, from what its type names (ACTIVITY-SCHEMA §5 rule 1). */
function otherClass(type: string): number {
  if (/LOGIN|DEVICE|SESSION/.test(type)) return 3002;
  if (type.startsWith('ACCESS_')) return 3005;
  if (/USER|GROUP/.test(type)) return 3004;
  if (/COLLAB|SHARE|ITEM|FILE|FOLDER|COPY|MOVE|RENAME|LOCK|UNDELETE|COMMENT|TASK|ANNOTATION|WATERMARK/.test(type)) return 6006;
  return 6003;
}

/** Roles a CHANGE_ADMIN_ROLE event may report as the new one; `user` means the admin role was taken away. */
const NOT_ADMIN = /^(user|none|regular|member)$/i;

/** EDIT_USER that deactivates or reactivates the account (the `status` it set, when Box reports it). */
function editUserAction(details: Record<string, unknown> | null): Action {
  const status = str(details?.status) ?? str(details?.new_status);
  if (status === 'inactive') return 'user.suspended';
  if (status === 'active') return 'user.unsuspended';
  return 'user.updated';
}

/** A shared link opened to anyone (`access: open`) is a public link; company/collaborators links are shares. */
function shareAction(details: Record<string, unknown> | null): Action {
  const access = str(details?.shared_link_access) ?? str(details?.access) ?? str(asRecord(details?.shared_link)?.access);
  return access?.toLowerCase() === 'open' ? 'file.public_link_created' : 'file.shared';
}

export function boxAction(type: string, details: Record<string, unknown> | null): Action {
  if (type === 'EDIT_USER') return editUserAction(details);
  if (type === 'SHARE' || type === 'ITEM_SHARED_UPDATE' || type === 'ITEM_SHARED_CREATE') return shareAction(details);
  if (type === 'CHANGE_ADMIN_ROLE') {
    const role = str(details?.new_role) ?? str(details?.role);
    return role && NOT_ADMIN.test(role) ? 'admin.role_removed' : 'admin.role_assigned';
  }
  return ACTIONS[type] ?? 'other';
}

function userTarget(value: Record<string, unknown> | null): Target | null {
  if (!value) return null;
  const id = str(value.id) ?? str(value.user_id);
  const email = lowerEmail(value.login) ?? lowerEmail(value.user_login);
  const name = str(value.name) ?? str(value.user_name);
  if (!id && !email) return null;
  return { type: 'user', id, name, email };
}

/** What an event acted on: its `source` (item, user or group) and, for collaborations, who got access. */
function targetsOf(r: Record<string, unknown>, type: string, action: Action, details: Record<string, unknown> | null): Target[] {
  const targets: Target[] = [];
  const appId = str(details?.service_id);
  if (appId && (action.startsWith('oauth.') || action.startsWith('app.'))) targets.push({ type: 'app', id: appId, name: str(details?.service_name) });
  const source = asRecord(r.source);
  const sourceType = str(source?.type) ?? str(source?.item_type);
  if (source) {
    if (sourceType === 'user') {
      const t = userTarget(source);
      if (t) targets.push(t);
    } else if (sourceType === 'group') {
      targets.push({ type: 'group', id: str(source.id), name: str(source.name) });
    } else if (str(source.item_id) || str(source.file_id) || str(source.folder_id) || sourceType === 'file' || sourceType === 'folder') {
      const id = str(source.item_id) ?? str(source.file_id) ?? str(source.folder_id) ?? str(source.id);
      targets.push({ type: 'file', id, name: str(source.item_name) ?? str(source.file_name) ?? str(source.folder_name) ?? str(source.name) });
    } else if (str(source.group_id)) {
      targets.push({ type: 'group', id: str(source.group_id), name: str(source.group_name) });
      const t = userTarget({ id: source.user_id, login: source.user_login, name: source.user_name });
      if (t) targets.push(t);
    } else if (str(source.user_id)) {
      const t = userTarget({ id: source.user_id, login: source.user_login, name: source.user_name });
      if (t) targets.push(t);
    } else if (str(source.id)) {
      targets.push({ type: 'other', id: str(source.id), name: str(source.name) });
    }
  }
  const grantee = asRecord(r.accessible_by);
  if (grantee) {
    const granteeType = str(grantee.type);
    if (granteeType === 'group') targets.push({ type: 'group', id: str(grantee.id), name: str(grantee.name) });
    else {
      const t = userTarget(grantee);
      if (t) targets.push(t);
    }
  }
  if (action === 'admin.role_assigned' || action === 'admin.role_removed') {
    const role = str(details?.new_role) ?? str(details?.role);
    if (role) targets.push({ type: 'role', id: role.toLowerCase(), name: role, changes: [{ field: 'role', old: details?.old_role ?? null, new: role }] });
  }
  if (type.startsWith('COLLABORATION_') && str(details?.role)) {
    const item = targets.find((t) => t.type === 'file');
    if (item) item.changes = [{ field: 'collaboration_role', new: str(details?.role) }];
  }
  return targets;
}

function mapEvent(record: unknown, context: NormalizeContext): NormalizedActivity {
  const r = asRecord(record);
  const type = r ? str(r.event_type) : null;
  const time = r ? parseProviderTime(r.created_at) : null;
  if (!r || !type || time === null || !Number.isSafeInteger(Math.floor(time))) return unreadableActivity('box', APP, record, context.ingestedAt);
  const details = asRecord(r.additional_details);
  const action = boxAction(type, details);
  let activity = baseActivity({
    provider: 'box',
    app: APP,
    sourceId: str(r.event_id) ?? `box:${hashText(JSON.stringify(r))}`,
    time: Math.floor(time),
    originalTime: textOf(r.created_at),
    action,
    eventType: type,
    raw: r,
  });
  activity.outcome = type.startsWith('FAILED_') || type.includes('BLOCKED') ? 'failure' : 'success';

  const creator = asRecord(r.created_by);
  const userId = str(creator?.id);
  if (creator && userId) {
    const ref = context.lookupAccount(userId);
    const anonymous = userId === ANONYMOUS_ID;
    activity.actor = {
      ...activity.actor,
      userId: anonymous ? null : userId,
      email: anonymous ? null : (lowerEmail(creator.login) ?? lowerEmail(ref?.email)),
      name: str(creator.name) ?? ref?.name ?? null,
      type: anonymous ? 'unknown' : ref?.isAdmin ? 'admin' : 'user',
      isAdmin: ref ? ref.isAdmin : null,
    };
  }
  const appId = str(details?.service_id);
  if (appId) activity.actor = { ...activity.actor, appId, appName: str(details?.service_name) };
  // `action_by`: the admin (or Box support, id `box_support`) who acted in the user's name.
  const actedBy = asRecord(r.action_by);
  if (actedBy && str(actedBy.id) && str(actedBy.id) !== userId) activity.impersonator = { userId: str(actedBy.id), email: lowerEmail(actedBy.login), name: str(actedBy.name) };
  activity.targets = targetsOf(r, type, action, details);
  activity = withSourceIp(activity, r.ip_address);
  activity.sessionId = str(r.session_id);
  activity.tenantId = str(asRecord(asRecord(creator)?.enterprise)?.id);
  if (action === 'user.login' || action === 'user.login_failed') activity.auth = { ...activity.auth, interactive: true };
  if (action === 'provider.alert') activity.severityId = 3;
  activity.message = `${type}${activity.targets[0]?.name ? ` ${activity.targets[0].name}` : ''}`;
  if (action === 'other') activity = withOtherClass(activity, otherClass(type));
  return activity;
}

/**
 * One Box enterprise event -> Activity. Accepts an event as the API serves it, and a one-event page
 * (`{chunk_size, next_stream_position, entries:[...]}`) a user may paste. Pure and total.
 */
export function normalizeBox(record: unknown, context: NormalizeContext): NormalizedActivity {
  try {
    const r = asRecord(record);
    const only = r && !('event_type' in r) && Array.isArray(r.entries) && r.entries.length === 1 ? r.entries[0] : null;
    if (only) return { ...mapEvent(only, context), raw: r as Record<string, unknown> };
    return mapEvent(record, context);
  } catch {
    return unreadableActivity('box', APP, record, context.ingestedAt);
  }
}
