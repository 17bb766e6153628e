import type { Action, Target } from '../../core/activity.js';
import type { NormalizeContext, NormalizedActivity } from '../sdk/define-connector.js';
import {
  asRecord,
  baseActivity,
  hashText,
  lowerEmail,
  parseProviderTime,
  str,
  unreadableActivity,
  withOtherClass,
  withSourceIp,
  lookupTable,
} from '../sdk/normalize-helpers.js';
import { paramList, paramText, readParameters, type ParamValue } from './parameters.js';

type Params = Record<string, ParamValue>;

/** The Reports application each product shows up as in Parapet's `app` column. */
const APP_NAMES: Record<string, string> = lookupTable({
  login: 'Google Sign-in',
  admin: 'Admin console',
  token: 'OAuth tokens',
  drive: 'Drive',
  user_accounts: 'Google Account',
  saml: 'SAML SSO',
  groups: 'Groups',
  calendar: 'Calendar',
  meet: 'Meet',
  chat: 'Chat',
  mobile: 'Mobile devices',
  rules: 'Rules',
  gcp: 'Google Cloud',
});

/** The one record shape the mapping reads, whatever form it arrived in. */
interface ReportsEvent {
  application: string;
  time: number | null;
  originalTime: string;
  uniqueQualifier: string | null;
  customerId: string | null;
  actorEmail: string | null;
  actorProfileId: string | null;
  callerType: string | null;
  actorKey: string | null;
  ip: string | null;
  region: string | null;
  type: string | null;
  name: string | null;
  params: Params;
  /** Other events of the same item (an item may hold several). */
  more: number;
}

/** Cloud Logging export (`protoPayload` of type AuditLog, "share data with Google Cloud"): service -> application. */
function applicationOfService(service: string | null): string | null {
  if (!service) return null;
  const m = /^([a-z_]+)\.googleapis\.com$/.exec(service.toLowerCase());
  const name = m?.[1] ?? null;
  if (name === 'oauth2' || name === 'token') return 'token';
  return name;
}

/** Reads any of the accepted shapes (API item, one-event-per-record export, Cloud Logging AuditLog). */
function readEvent(record: Record<string, unknown>): ReportsEvent | null {
  const proto = asRecord(record.protoPayload);
  if (proto) {
    const metadata = asRecord(proto.metadata) ?? {};
    const events = Array.isArray(metadata.event) ? metadata.event : [];
    const first = asRecord(events[0]) ?? {};
    const activityId = asRecord(metadata.activityId) ?? {};
    const auth = asRecord(proto.authenticationInfo) ?? {};
    const request = asRecord(proto.requestMetadata) ?? {};
    const usec = Number(activityId.timeUsec);
    const originalTime = str(record.timestamp) ?? (Number.isFinite(usec) ? new Date(usec / 1000).toISOString() : '');
    return {
      application: applicationOfService(str(proto.serviceName)) ?? 'unknown',
      time: parseProviderTime(originalTime),
      originalTime,
      uniqueQualifier: str(activityId.uniqQualifier) ?? str(record.insertId),
      customerId: str(asRecord(asRecord(record.resource)?.labels)?.customer_id),
      actorEmail: lowerEmail(auth.principalEmail),
      actorProfileId: null,
      callerType: null,
      actorKey: null,
      ip: str(request.callerIp),
      region: null,
      type: str(first.eventType),
      name: str(first.eventName) ?? str(proto.methodName)?.split('.').pop() ?? null,
      params: readParameters(first.parameter ?? first.parameters),
      more: Math.max(0, events.length - 1),
    };
  }
  const id = asRecord(record.id);
  const actor = asRecord(record.actor) ?? {};
  const events = Array.isArray(record.events) ? record.events : null;
  const first = events ? (asRecord(events[0]) ?? {}) : record;
  const originalTime = str(id?.time) ?? str(record.time) ?? str(record['id.time']) ?? '';
  const application = str(id?.applicationName) ?? str(record.applicationName) ?? str(record['id.applicationName']);
  if (!application && !originalTime) return null;
  const network = asRecord(record.networkInfo);
  return {
    application: application?.toLowerCase() ?? 'unknown',
    time: parseProviderTime(originalTime),
    originalTime,
    uniqueQualifier: str(id?.uniqueQualifier) ?? str(record.uniqueQualifier) ?? str(record['id.uniqueQualifier']),
    customerId: str(id?.customerId) ?? str(record.customerId),
    actorEmail: lowerEmail(actor.email ?? record['actor.email']),
    actorProfileId: str(actor.profileId),
    callerType: str(actor.callerType),
    actorKey: str(actor.key),
    ip: str(record.ipAddress),
    region: str(network?.regionCode),
    type: str(first.type),
    name: str(first.name),
    params: readParameters(first.parameters),
    more: events ? Math.max(0, events.length - 1) : 0,
  };
}

/** `id.time/uniqueQualifier/applicationName` (ACTIVITY-SCHEMA §2): unique per Reports item. */
export function googleSourceId(record: unknown): string | null {
  const r = asRecord(record);
  if (!r) return null;
  const e = readEvent(r);
  if (!e || !e.originalTime || !e.uniqueQualifier) return null;
  const time = e.time !== null ? new Date(e.time).toISOString() : e.originalTime;
  return `${time}/${e.uniqueQualifier}/${e.application}`;
}

interface Mapping {
  action: Action;
  outcome?: 'success' | 'failure' | 'unknown';
  targets?: Target[];
}

const userTarget = (email: string | null): Target[] => (email ? [{ type: 'user', id: email, name: email, email }] : []);

/** Events of the `login` application (and the account events of `user_accounts`). */
function loginMapping(name: string, p: Params): Mapping | null {
  switch (name) {
    case 'login_success':
      return { action: 'user.login', outcome: 'success' };
    case 'login_failure':
      return { action: 'user.login_failed', outcome: 'failure' };
    case 'logout':
      return { action: 'user.logout', outcome: 'success' };
    case 'login_challenge':
    case 'login_verification': {
      const status = paramText(p, 'login_challenge_status')?.toLowerCase() ?? '';
      return { action: 'user.mfa_challenge', outcome: /passed|success/.test(status) ? 'success' : /fail/.test(status) ? 'failure' : 'unknown' };
    }
    case 'suspicious_login':
    case 'suspicious_login_less_secure_app':
    case 'suspicious_programmatic_login':
    case 'gov_attack_warning':
    case 'risky_sensitive_action_blocked':
    case 'risky_sensitive_action_allowed':
    case 'user_signed_out_due_to_suspicious_session_cookie':
      return { action: 'provider.alert', outcome: name.endsWith('blocked') || name.startsWith('suspicious') ? 'failure' : 'unknown' };
    case 'account_disabled_password_leak':
    case 'account_disabled_generic':
    case 'account_disabled_hijacked':
    case 'account_disabled_spamming':
    case 'account_disabled_spamming_through_relay':
      return { action: 'provider.alert', outcome: 'success' };
    case '2sv_enroll':
    case 'titanium_enroll':
      return { action: 'mfa.enabled', outcome: 'success' };
    case '2sv_disable':
    case 'titanium_unenroll':
      return { action: 'mfa.disabled', outcome: 'success' };
    case 'password_edit':
    case 'password_change':
      return { action: 'user.password_changed', outcome: 'success' };
    case 'recovery_email_edit':
    case 'recovery_phone_edit':
    case 'recovery_secret_qa_edit':
      return { action: 'user.updated', outcome: 'success' };
    case 'email_forwarding_out_of_domain': {
      const to = paramText(p, 'email_forwarding_destination_address');
      return { action: 'mail.forwarding_set', outcome: 'success', targets: to ? [{ type: 'mailbox', id: null, name: null, changes: [{ field: 'forwarding_address', new: to }] }] : [] };
    }
    default:
      return null;
  }
}

const ADMIN_ACTIONS: Record<string, Action> = lookupTable({
  CREATE_USER: 'user.created',
  DELETE_USER: 'user.deleted',
  SUSPEND_USER: 'user.suspended',
  UNSUSPEND_USER: 'user.unsuspended',
  UNDELETE_USER: 'user.unsuspended',
  CHANGE_PASSWORD: 'user.password_reset',
  CHANGE_USER_NAME: 'user.updated',
  CHANGE_FIRST_NAME: 'user.updated',
  CHANGE_LAST_NAME: 'user.updated',
  GRANT_ADMIN_PRIVILEGE: 'admin.role_assigned',
  GRANT_DELEGATED_ADMIN_PRIVILEGES: 'admin.role_assigned',
  ASSIGN_ROLE: 'admin.role_assigned',
  REVOKE_ADMIN_PRIVILEGE: 'admin.role_removed',
  REVOKE_DELEGATED_ADMIN_PRIVILEGES: 'admin.role_removed',
  UNASSIGN_ROLE: 'admin.role_removed',
  TURN_OFF_2_STEP_VERIFICATION: 'mfa.disabled',
  ADD_GROUP_MEMBER: 'group.member_added',
  REMOVE_GROUP_MEMBER: 'group.member_removed',
  CREATE_GROUP: 'group.created',
  DELETE_GROUP: 'group.deleted',
  AUTHORIZE_API_CLIENT_ACCESS: 'oauth.consent_granted',
  REMOVE_API_CLIENT_ACCESS: 'oauth.consent_revoked',
  ADD_APPLICATION: 'app.installed',
  REMOVE_APPLICATION: 'app.removed',
  CHANGE_EMAIL_SETTING: 'admin.setting_changed',
  CHANGE_APPLICATION_SETTING: 'admin.setting_changed',
  CREATE_APPLICATION_SETTING: 'admin.setting_changed',
  DELETE_APPLICATION_SETTING: 'admin.setting_changed',
  CHANGE_ALLOWED_TWO_STEP_VERIFICATION_METHODS: 'security.policy_changed',
  CHANGE_TWO_STEP_VERIFICATION_ENROLLMENT_PERIOD_DURATION: 'security.policy_changed',
  CHANGE_SSO_SETTINGS: 'security.sso_changed',
  TOGGLE_SSO_ENABLED: 'security.sso_changed',
});

function adminMapping(name: string, type: string | null, p: Params): Mapping | null {
  const user = paramText(p, 'USER_EMAIL')?.toLowerCase() ?? null;
  const group = paramText(p, 'GROUP_EMAIL')?.toLowerCase() ?? null;
  const role = paramText(p, 'ROLE_NAME');
  const setting = paramText(p, 'SETTING_NAME');
  if (name === 'ENFORCE_STRONG_AUTHENTICATION') {
    const off = /^(false|off|0)$/i.test(paramText(p, 'NEW_VALUE') ?? '');
    return { action: off ? 'security.mfa_requirement_disabled' : 'security.policy_changed', outcome: 'success', targets: [{ type: 'policy', id: name, name: '2-step verification enforcement', changes: [{ field: 'enforced', old: paramText(p, 'OLD_VALUE'), new: paramText(p, 'NEW_VALUE') }] }] };
  }
  const action = ADMIN_ACTIONS[name] ?? (type && /SETTINGS?$/.test(type) ? 'admin.setting_changed' : null);
  if (!action) return null;
  const targets: Target[] = [...userTarget(user)];
  if (group) targets.push({ type: 'group', id: group, name: group, email: group });
  if (role) targets.push({ type: 'role', id: role, name: role });
  if (action.startsWith('oauth.') || action.startsWith('app.')) {
    const client = paramText(p, 'API_CLIENT_NAME', 'APPLICATION_NAME', 'APP_ID');
    const scopes = paramList(p, 'API_SCOPES');
    targets.push({ type: 'app', id: client, name: client, ...(scopes.length ? { changes: [{ field: 'scope', new: scopes.join(' ') }] } : {}) });
  }
  if (action === 'admin.setting_changed' || action.startsWith('security.')) {
    targets.push({ type: 'setting', id: setting ?? name, name: setting ?? name, changes: [{ field: setting ?? name, old: paramText(p, 'OLD_VALUE'), new: paramText(p, 'NEW_VALUE') }] });
  }
  return { action, outcome: 'success', targets };
}

function tokenMapping(name: string, p: Params): Mapping | null {
  const clientId = paramText(p, 'client_id');
  const appName = paramText(p, 'app_name') ?? clientId;
  const scopes = paramList(p, 'scope');
  const app: Target = { type: 'app', id: clientId, name: appName, ...(scopes.length ? { changes: [{ field: 'scope', new: scopes.join(' ') }] } : {}) };
  if (name === 'authorize') return { action: 'oauth.consent_granted', outcome: 'success', targets: [app] };
  if (name === 'revoke') return { action: 'oauth.consent_revoked', outcome: 'success', targets: [app] };
  return null;
}

const DRIVE_ACTIONS: Record<string, Action> = lookupTable({
  download: 'file.downloaded',
  view: 'file.viewed',
  preview: 'file.viewed',
  edit: 'file.modified',
  rename: 'file.modified',
  upload: 'file.uploaded',
  create: 'file.uploaded',
  delete: 'file.deleted',
  trash: 'file.deleted',
  change_user_access: 'file.shared',
  add_to_folder: 'other',
});

function driveMapping(name: string, p: Params): Mapping | null {
  let action = DRIVE_ACTIONS[name] ?? null;
  if (name === 'change_document_visibility') {
    const visibility = paramText(p, 'visibility')?.toLowerCase() ?? '';
    action = /public|people_with_link|anyone/.test(visibility) ? 'file.public_link_created' : visibility === 'private' ? 'file.unshared' : 'file.shared';
  }
  if (!action) return null;
  const file: Target = { type: 'file', id: paramText(p, 'doc_id'), name: paramText(p, 'doc_title') };
  const targets: Target[] = [file];
  const shareWith = paramText(p, 'target_user')?.toLowerCase() ?? null;
  if (shareWith) targets.push({ type: 'user', id: shareWith, name: shareWith, email: shareWith });
  return { action, outcome: 'success', targets };
}

function samlMapping(name: string, p: Params): Mapping | null {
  if (name === 'login_success') return { action: 'user.sso_login', outcome: 'success' };
  if (name === 'login_failure') return { action: 'user.login_failed', outcome: 'failure', targets: userTarget(null) };
  void p;
  return null;
}

function mappingFor(e: ReportsEvent): Mapping | null {
  const name = e.name ?? '';
  switch (e.application) {
    case 'login':
    case 'user_accounts':
      return loginMapping(name, e.params);
    case 'admin':
      return adminMapping(name, e.type, e.params);
    case 'token':
      return tokenMapping(name, e.params);
    case 'drive':
      return driveMapping(name, e.params);
    case 'saml':
      return samlMapping(name, e.params);
    default:
      return null;
  }
}

/** Factors Google names in `login_challenge_method`: anything past a password means a second factor. */
function mfaUsed(params: Params): { mfa: boolean | null; method: string | null } {
  const methods = paramList(params, 'login_challenge_method');
  if (methods.length === 0) return { mfa: null, method: paramText(params, 'login_type') };
  const second = methods.filter((m) => !/^(password|none|unknown)$/i.test(m));
  return { mfa: second.length > 0, method: (second[0] ?? methods[0]) as string };
}

/**
 * Google Workspace Reports items into Activities: the API's items (`id`, `actor`, `events[]` with
 * `parameters[]`), one-event-per-record exports (`type`/`name`/`parameters` at the top, parameters as a
 * list or an object) and Cloud Logging's AuditLog entries (`protoPayload.metadata.event[]`). The first event
 * of an item decides the action; the whole item stays in `raw`. Pure and total.
 */
export function normalizeGoogle(record: unknown, context: NormalizeContext): NormalizedActivity {
  const raw = asRecord(record);
  if (!raw) return unreadableActivity('google-workspace', 'Google Workspace', record, context.ingestedAt);
  const e = readEvent(raw);
  if (!e) return unreadableActivity('google-workspace', 'Google Workspace', record, context.ingestedAt);
  const mapping = mappingFor(e);
  const eventType = [e.application, e.name ?? e.type ?? 'unknown'].join('.');
  const sourceId = googleSourceId(raw) ?? `google:${hashText(JSON.stringify(raw))}`;
  let activity = baseActivity({
    provider: 'google-workspace',
    app: APP_NAMES[e.application] ?? 'Google Workspace',
    sourceId,
    time: e.time ?? context.ingestedAt,
    originalTime: e.originalTime,
    action: mapping?.action ?? 'other',
    eventType,
    raw,
  });
  if (!mapping) activity = withOtherClass(activity, e.application === 'drive' ? 6006 : e.application === 'login' ? 3002 : 6003);
  activity.tenantId = e.customerId;
  // The Admin console log records changes an administrator made (and pages they viewed): an event there
  // happened, so one no mapping knows is still a success; other applications' unknown events stay unknown.
  activity.outcome = mapping?.outcome ?? (e.application === 'admin' ? 'success' : 'unknown');
  if (activity.outcome === 'failure') {
    activity.outcomeReason = paramText(e.params, 'login_failure_type', 'saml_status_code', 'failure_type');
    activity.outcomeCode = activity.outcomeReason;
  }
  activity.targets = mapping?.targets ?? [];
  const known = e.actorProfileId ? context.lookupAccount(e.actorProfileId) : e.actorEmail ? context.lookupAccount(e.actorEmail) : undefined;
  const isKey = e.callerType?.toUpperCase() === 'KEY';
  activity.actor = {
    userId: e.actorProfileId,
    email: e.actorEmail ?? known?.email ?? null,
    name: known?.name ?? null,
    type: isKey ? 'app' : e.application === 'admin' ? 'admin' : e.actorEmail || e.actorProfileId ? 'user' : 'unknown',
    isAdmin: e.application === 'admin' ? true : (known?.isAdmin ?? null),
    appId: isKey ? e.actorKey : null,
    appName: null,
  };
  // Admin events concern the user they name; sign-in events concern the actor themselves.
  if (activity.targets.length === 0 && (e.application === 'login' || e.application === 'user_accounts') && e.actorEmail) activity.targets = userTarget(e.actorEmail);
  withSourceIp(activity, e.ip);
  if (e.region) {
    activity.geo.country = e.region.toUpperCase();
    activity.geo.source = 'provider';
  }
  if (e.application === 'login' || e.application === 'saml') {
    const { mfa, method } = mfaUsed(e.params);
    activity.auth = { mfa, protocol: e.application === 'saml' ? 'saml' : null, interactive: true, method };
    if (e.application === 'saml') {
      const app = paramText(e.params, 'application_name');
      activity.service = app ? { id: app, name: app } : null;
    }
    if (e.params.is_suspicious === true) activity.severityId = 3;
  }
  if (activity.action === 'provider.alert') activity.severityId = 4;
  activity.message = e.more > 0 ? `${e.name ?? 'event'} (+${e.more} more event${e.more > 1 ? 's' : ''} in this item)` : null;
  return activity;
}
