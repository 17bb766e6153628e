import type { Action, Target } from '../../core/activity.js';
import type { NormalizeContext, NormalizedActivity } from '../sdk/define-connector.js';
import { asRecord, baseActivity, isSwitchedOff, lowerEmail, lookupTable, str, unreadableActivity, withOtherClass, withSourceIp, textOf } from '../sdk/normalize-helpers.js';
import { recordTime, zoomRecordId } from './record-id.js';

const APP = 'Zoom';
const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** Setting names whose change is a security policy change. */
const SECURITY_SETTING = /passcode|password|waiting ?room|recording|authenticat|encrypt|e2ee|sign.?in|security|disclaimer|join before host|screen ?shar|domain|inactivity|session/i;
const MFA_SETTING = /two.?factor|2fa|multi.?factor|mfa/i;
const SSO_SETTING = /\bsso\b|single sign.?on|saml/i;

/** `category_type` + `action` of the operation log -> Parapet's action (both lower-cased, spaces as `_`). */
const OPERATIONS: Record<string, Action> = lookupTable({
  'user:add': 'user.created',
  'user:create': 'user.created',
  'user:invite': 'user.invited',
  'user:delete': 'user.deleted',
  'user:deactivate': 'user.suspended',
  'user:activate': 'user.unsuspended',
  'user:reactivate': 'user.unsuspended',
  'user:update': 'user.updated',
  'user:sign_out': 'user.sessions_revoked',
  'user:revoke_sso_token': 'user.sessions_revoked',
  'user:change_password': 'user.password_changed',
  'user:reset_password': 'user.password_reset',
  'role:add_member': 'admin.role_assigned',
  'role:assign': 'admin.role_assigned',
  'role:remove_member': 'admin.role_removed',
  'role:unassign': 'admin.role_removed',
  'role:add': 'admin.setting_changed',
  'role:update': 'admin.setting_changed',
  'role:delete': 'admin.setting_changed',
  'group:add_member': 'group.member_added',
  'group:remove_member': 'group.member_removed',
  'group:add': 'group.created',
  'group:delete': 'group.deleted',
  'recording:delete': 'file.deleted',
  'recording:download': 'file.downloaded',
  'recording:share': 'file.shared',
});

/**
 * The verb an operation detail starts with, for the user category: Zoom logs (de)activation as action `Update`
 * with the detail `Deactivate User jane@…` (its published sample), so the detail decides.
 */
const USER_VERBS: readonly [RegExp, Action][] = [
  [/^deactivate\b/i, 'user.suspended'],
  [/^(re)?activate\b/i, 'user.unsuspended'],
  [/^delete\b/i, 'user.deleted'],
  [/^(add|create)\b/i, 'user.created'],
  [/^invite\b/i, 'user.invited'],
  [/^(sign out|log ?out|revoke sso token)\b/i, 'user.sessions_revoked'],
];

const key = (text: string | null): string => (text ?? '').trim().toLowerCase().replace(/[\s-]+/g, '_');

/** `Some Setting: from X to Y` in an operation detail: the setting's name and its old and new values. */
export function settingChange(detail: string): { name: string; old: string; new: string } | null {
  const match = /^(?:.*? - )?(.+?):\s*from\s+(.*?)\s+to\s+(.*?)\.?$/i.exec(detail.trim());
  if (!match) return null;
  return { name: (match[1] as string).trim(), old: (match[2] as string).trim(), new: (match[3] as string).trim() };
}

/** A settings change: SSO and MFA changes are security events, security settings policies, the rest settings. */
export function settingAction(name: string, newValue: string): Action {
  if (SSO_SETTING.test(name)) return 'security.sso_changed';
  if (MFA_SETTING.test(name)) return isSwitchedOff(newValue) ? 'security.mfa_requirement_disabled' : 'security.policy_changed';
  if (SECURITY_SETTING.test(name)) return 'security.policy_changed';
  return 'admin.setting_changed';
}

/** The role a role operation names: `Role: Admin - Add member ...`, or a user's `Role: from Member to Admin`. */
function roleOf(detail: string): string | null {
  return /role:\s*([^-–:]+?)\s*[-–]/i.exec(detail)?.[1]?.trim() ?? /role\s+"?([^"]+?)"?\s+(?:to|from)\s/i.exec(detail)?.[1]?.trim() ?? null;
}

function operationAction(category: string, action: string, detail: string): { action: Action; targets: Target[] } {
  const emails = [...new Set((detail.match(EMAIL) ?? []).map((e) => e.toLowerCase()))];
  const users: Target[] = emails.map((email) => ({ type: 'user', id: null, name: null, email }));
  const change = settingChange(detail);
  const op = `${category}:${action}`;
  // A user's role changed through the user's profile: `Role: from Member to Admin`.
  if (change && /^role$/i.test(change.name.split(/[:>]|\s-\s/).pop()?.trim() ?? '')) {
    const granted = !/^member$/i.test(change.new);
    const role = granted ? change.new : change.old;
    return { action: granted ? 'admin.role_assigned' : 'admin.role_removed', targets: [...users, { type: 'role', id: role.toLowerCase(), name: role, changes: [{ field: 'role', old: change.old, new: change.new }] }] };
  }
  const verb = category === 'user' ? USER_VERBS.find(([re]) => re.test(detail.trim()))?.[1] : undefined;
  const mapped = verb ?? OPERATIONS[op];
  if (mapped === 'admin.role_assigned' || mapped === 'admin.role_removed') {
    const role = roleOf(detail);
    return { action: mapped, targets: [...users, ...(role ? [{ type: 'role' as const, id: role.toLowerCase(), name: role, changes: [{ field: 'role', new: mapped === 'admin.role_assigned' ? role : null, old: mapped === 'admin.role_removed' ? role : null }] }] : [])] };
  }
  if (mapped) {
    const targets: Target[] = category === 'recording' ? [{ type: 'file', id: null, name: detail.replace(/^[^-]*-\s*/, '') || null }] : users;
    return { action: mapped, targets };
  }
  if (change && (action === 'update' || action === 'edit')) {
    return { action: settingAction(change.name, change.new), targets: [{ type: 'setting', id: change.name, name: change.name, changes: [{ field: change.name, old: change.old, new: change.new }] }, ...users] };
  }
  return { action: action === 'update' && category !== 'user' ? 'admin.setting_changed' : 'other', targets: users };
}

function mapOperation(r: Record<string, unknown>, time: number, context: NormalizeContext): NormalizedActivity {
  const category = key(str(r.category_type));
  const op = key(str(r.action));
  const detail = str(r.operation_detail) ?? '';
  const { action, targets } = operationAction(category, op, detail);
  let activity = baseActivity({ provider: 'zoom', app: APP, sourceId: zoomRecordId(r), time, originalTime: textOf(r.time), action, eventType: `${str(r.category_type) ?? '?'}: ${str(r.action) ?? '?'}`, raw: r });
  const operator = lowerEmail(r.operator);
  activity.actor = { ...activity.actor, email: operator, userId: null, type: operator ? 'user' : 'unknown', isAdmin: null };
  void context;
  activity.targets = targets;
  activity.outcome = 'success';
  activity.message = detail || null;
  if (action === 'other') activity = withOtherClass(activity, category === 'user' ? 3001 : category === 'recording' ? 6006 : 6003);
  return activity;
}

/** `client_type` -> the device family Zoom's client ran on. */
function clientParts(client: string | null, version: string | null): NormalizedActivity['ua'] {
  const c = (client ?? '').toLowerCase();
  if (/ios|iphone|ipad/.test(c)) return { os: 'iOS', browser: 'Zoom', device: 'mobile' };
  if (/android/.test(c)) return { os: 'Android', browser: 'Zoom', device: 'mobile' };
  if (/mac/.test(c)) return { os: 'macOS', browser: 'Zoom', device: 'desktop' };
  if (/win/.test(c)) return { os: 'Windows', browser: 'Zoom', device: 'desktop' };
  if (/browser|web/.test(c)) return { os: null, browser: null, device: null };
  return { os: null, browser: version && version !== '-' ? 'Zoom' : null, device: null };
}

function mapSignIn(r: Record<string, unknown>, time: number, context: NormalizeContext): NormalizedActivity {
  const type = (str(r.type) ?? '').toLowerCase().replace(/[\s_-]+/g, ' ');
  const action: Action = type === 'sign in' ? 'user.login' : type === 'sign out' ? 'user.logout' : 'other';
  let activity = baseActivity({ provider: 'zoom', app: APP, sourceId: zoomRecordId(r), time, originalTime: textOf(r.time), action, eventType: str(r.type) ?? 'unknown', raw: r });
  const email = lowerEmail(r.email);
  activity.actor = { ...activity.actor, email, type: email ? 'user' : 'unknown' };
  void context;
  activity.outcome = 'success';
  activity = withSourceIp(activity, r.ip_address);
  const client = str(r.client_type);
  const version = str(r.version);
  activity.userAgent = client ? `${client}${version && version !== '-' ? ` ${version}` : ''}` : null;
  activity.ua = clientParts(client, version);
  if (action === 'user.login') activity.auth = { ...activity.auth, interactive: true };
  activity.message = `${str(r.type) ?? 'Activity'}${client ? ` (${client})` : ''}`;
  if (action === 'other') activity = withOtherClass(activity, 3002);
  return activity;
}

function mapRecord(record: unknown, context: NormalizeContext): NormalizedActivity {
  const r = asRecord(record);
  const time = r ? recordTime(r) : null;
  if (!r || time === null) return unreadableActivity('zoom', APP, record, context.ingestedAt);
  if ('operator' in r || 'operation_detail' in r || 'category_type' in r) return mapOperation(r, time, context);
  if ('type' in r || 'email' in r) return mapSignIn(r, time, context);
  return unreadableActivity('zoom', APP, record, context.ingestedAt);
}

/**
 * One Zoom report record -> Activity. Accepts a sign-in/out record (`/report/activities`) and an operation
 * log record (`/report/operationlogs`) as the API serves them, and either inside the one-record page a user
 * may paste (`{activity_logs:[...]}` / `{operation_logs:[...]}`). Pure and total.
 */
export function normalizeZoom(record: unknown, context: NormalizeContext): NormalizedActivity {
  try {
    const r = asRecord(record);
    const list = r && !('time' in r) ? (Array.isArray(r.activity_logs) ? r.activity_logs : Array.isArray(r.operation_logs) ? r.operation_logs : null) : null;
    if (list && list.length === 1) return { ...mapRecord(list[0], context), raw: r as Record<string, unknown> };
    return mapRecord(record, context);
  } catch {
    return unreadableActivity('zoom', APP, record, context.ingestedAt);
  }
}
