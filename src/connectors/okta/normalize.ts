import type { Action, Outcome, Target } from '../../core/activity.js';
import type { NormalizeContext, NormalizedActivity } from '../sdk/define-connector.js';
import { asRecord, baseActivity, countryToIso2, EMPTY_GEO, lowerEmail, num, parseProviderTime, placeName, str, unreadableActivity, withSourceIp, lookupTable, textOf } from '../sdk/normalize-helpers.js';

/** Every System Log event type Parapet places (digest §4 and Okta's event-type catalogue); the rest are `other`. */
export const OKTA_EVENT_ACTIONS: Record<string, Action | ((result: Outcome) => Action)> = lookupTable({
  'user.session.start': (o) => (o === 'failure' ? 'user.login_failed' : 'user.login'),
  'user.authentication.sso': (o) => (o === 'failure' ? 'user.login_failed' : 'user.sso_login'),
  'user.authentication.auth_via_mfa': 'user.mfa_challenge',
  'user.authentication.verify': 'user.mfa_challenge',
  'user.authentication.authenticate': (o) => (o === 'failure' ? 'user.login_failed' : 'user.login'),
  'user.authentication.auth_via_social': (o) => (o === 'failure' ? 'user.login_failed' : 'user.login'),
  'user.authentication.auth_via_IDP': (o) => (o === 'failure' ? 'user.login_failed' : 'user.login'),
  'user.session.end': 'user.logout',
  'user.session.clear': 'user.sessions_revoked',
  'user.session.expire': 'user.logout',
  'user.session.impersonation.initiate': 'user.impersonation_started',
  'user.account.lock': 'user.locked_out',
  'user.account.lock.limit': 'user.locked_out',
  'user.account.unlock': 'user.updated',
  'user.account.unlock_by_admin': 'user.updated',
  'user.account.update_password': 'user.password_changed',
  'user.account.reset_password': 'user.password_reset',
  'user.account.update_profile': 'user.updated',
  'user.account.privilege.grant': 'admin.role_assigned',
  'user.account.privilege.revoke': 'admin.role_removed',
  'group.privilege.grant': 'admin.role_assigned',
  'group.privilege.revoke': 'admin.role_removed',
  'iam.role.assign': 'admin.role_assigned',
  'iam.role.unassign': 'admin.role_removed',
  'user.lifecycle.create': 'user.created',
  'user.lifecycle.activate': 'user.unsuspended',
  'user.lifecycle.reactivate': 'user.unsuspended',
  'user.lifecycle.suspend': 'user.suspended',
  'user.lifecycle.unsuspend': 'user.unsuspended',
  'user.lifecycle.deactivate': 'user.suspended',
  'user.lifecycle.delete.initiated': 'user.deleted',
  'user.lifecycle.delete.completed': 'user.deleted',
  'user.mfa.factor.activate': 'mfa.enabled',
  'user.mfa.factor.deactivate': 'mfa.disabled',
  'user.mfa.factor.reset_all': 'mfa.disabled',
  'user.mfa.factor.suspend': 'mfa.disabled',
  'group.user_membership.add': 'group.member_added',
  'group.user_membership.remove': 'group.member_removed',
  'group.lifecycle.create': 'group.created',
  'group.lifecycle.delete': 'group.deleted',
  'application.user_membership.add': 'app.user_assigned',
  'application.lifecycle.create': 'app.installed',
  'application.lifecycle.delete': 'app.removed',
  'system.api_token.create': 'credential.created',
  'system.api_token.revoke': 'credential.revoked',
  'app.oauth2.as.consent.grant': 'oauth.consent_granted',
  'app.oauth2.as.consent.revoke': 'oauth.consent_revoked',
  'app.oauth2.as.token.revoke': 'oauth.consent_revoked',
  'policy.lifecycle.create': 'security.policy_changed',
  'policy.lifecycle.update': 'security.policy_changed',
  'policy.lifecycle.delete': 'security.policy_changed',
  'policy.lifecycle.activate': 'security.policy_changed',
  'policy.lifecycle.deactivate': 'security.policy_changed',
  'policy.rule.create': 'security.policy_changed',
  'policy.rule.update': 'security.policy_changed',
  'policy.rule.delete': 'security.policy_changed',
  'policy.rule.activate': 'security.policy_changed',
  'policy.rule.deactivate': 'security.policy_changed',
  'system.idp.lifecycle.create': 'security.sso_changed',
  'system.idp.lifecycle.update': 'security.sso_changed',
  'system.idp.lifecycle.delete': 'security.sso_changed',
  'system.org.rate_limit.violation': 'provider.alert',
  'security.threat.detected': 'provider.alert',
  'security.request.blocked': 'provider.alert',
  'user.account.report_suspicious_activity_by_enduser': 'provider.alert',
});

const OUTCOMES: Record<string, Outcome> = lookupTable({ SUCCESS: 'success', ALLOW: 'success', FAILURE: 'failure', DENY: 'failure', CHALLENGE: 'interrupted', SKIPPED: 'unknown', UNKNOWN: 'unknown' });
const SEVERITY: Record<string, number> = lookupTable({ DEBUG: 1, INFO: 1, WARN: 3, ERROR: 4 });

/** Okta target types -> Parapet target types. `AppUser` repeats the user and the app, so it is left out. */
const TARGET_TYPES: Record<string, Target['type'] | null> = {
  User: 'user',
  UserGroup: 'group',
  AppInstance: 'app',
  PublicClientApp: 'app',
  AppUser: null,
  PolicyEntity: 'policy',
  PolicyRule: 'policy',
  Rule: 'policy',
  Token: 'token',
  ROLE: 'role',
  Role: 'role',
};

/** Sets `path` (dotted, with `{}` for arrays as Splunk writes them) in `into`. */
function setPath(into: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let cur: Record<string, unknown> = into;
  for (const [i, raw] of parts.entries()) {
    const isArray = raw.endsWith('{}');
    const name = isArray ? raw.slice(0, -2) : raw;
    const last = i === parts.length - 1;
    if (isArray) {
      // Splunk's multi-value field: `target{}.id: [a, b]` -> target[0].id = a, target[1].id = b.
      const rest = parts.slice(i + 1).join('.');
      const values = Array.isArray(value) ? value : [value];
      const list = (Array.isArray(cur[name]) ? cur[name] : []) as Record<string, unknown>[];
      values.forEach((v, n) => {
        list[n] ??= {};
        if (rest) setPath(list[n] as Record<string, unknown>, rest, v);
      });
      cur[name] = list;
      return;
    }
    if (last) cur[name] = value;
    else {
      const next = asRecord(cur[name]) ?? {};
      cur[name] = next;
      cur = next;
    }
  }
}

/**
 * The LogEvent inside the forms a record travels in: the API's own, Okta Log Streaming to Amazon
 * EventBridge (`detail`), Splunk's add-on (`_raw` text, or flattened `actor.alternateId` / `target{}.id`
 * keys), or a flattened CSV/JSON export with dotted column names.
 */
export function unwrapOktaRecord(record: Record<string, unknown>): Record<string, unknown> {
  const detail = asRecord(record.detail);
  if (detail && (str(detail.eventType) || str(detail.uuid))) return detail;
  if (typeof record._raw === 'string') {
    try {
      const parsed = asRecord(JSON.parse(record._raw));
      if (parsed && str(parsed.eventType)) return parsed;
    } catch {
      // not JSON: fall through to the fields themselves
    }
  }
  if (!Object.keys(record).some((k) => k.includes('.'))) return record;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key.includes('.') || key.endsWith('{}')) setPath(out, key, value);
    else out[key] = value;
  }
  return out;
}

function actionOf(eventType: string, outcome: Outcome): Action {
  const mapped = OKTA_EVENT_ACTIONS[eventType];
  if (!mapped) return 'other';
  return typeof mapped === 'function' ? mapped(outcome) : mapped;
}

/** The event's `target` entries (an array, or one object), each a record. */
function rawTargets(e: Record<string, unknown>): Record<string, unknown>[] {
  return (Array.isArray(e.target) ? e.target : [e.target]).map(asRecord).filter((t): t is Record<string, unknown> => t !== null);
}

function targetsOf(e: Record<string, unknown>, action: Action, context: NormalizeContext): Target[] {
  const targets: Target[] = [];
  for (const t of rawTargets(e)) {
    const type = TARGET_TYPES[str(t.type) ?? ''] ?? (str(t.type) === 'AppUser' ? null : 'other');
    if (type === null) continue;
    const id = str(t.id);
    const alternateId = str(t.alternateId);
    const ref = type === 'user' && id ? context.lookupAccount(id) : undefined;
    const email = type === 'user' ? (alternateId && alternateId.includes('@') ? alternateId.toLowerCase() : lowerEmail(ref?.email)) : null;
    const name = str(t.displayName) ?? (alternateId && alternateId !== 'unknown' ? alternateId : null) ?? ref?.name ?? null;
    targets.push(type === 'user' ? { type, id, name, email } : { type, id, name });
  }
  const debug = asRecord(asRecord(e.debugContext)?.debugData) ?? {};
  // Role grants name the role only in debugData (`privilegeGranted: "Super administrator"`).
  if (action === 'admin.role_assigned' || action === 'admin.role_removed') {
    const roles = str(debug.privilegeGranted) ?? str(debug.privilegeRevoked) ?? str(debug.roleName);
    for (const role of (roles ?? '').split(/,\s*(?![^()]*\))/).map((r) => r.trim()).filter(Boolean)) targets.push({ type: 'role', id: role, name: role });
  }
  // An API token is a credential of the Okta management API: detections of credentials added to an app key on it.
  if (action === 'credential.created' || action === 'credential.revoked') targets.push({ type: 'app', id: 'okta-management-api', name: 'Okta API (API tokens)' });
  return targets;
}

function actorTypeOf(type: string | null): NormalizedActivity['actor']['type'] {
  if (type === 'User') return 'user';
  if (type === 'SystemPrincipal') return 'system';
  if (type === 'PublicClientApp' || type === 'AppInstance' || type === 'Client') return 'app';
  return 'unknown';
}

/**
 * One System Log LogEvent (digest §4) -> Activity. Pure and total: a record with no `uuid` or time is
 * kept as `other` with its raw whole.
 */
export function normalizeOkta(input: unknown, context: NormalizeContext): NormalizedActivity {
  const outer = asRecord(input);
  if (!outer) return unreadableActivity('okta', 'Okta', input, context.ingestedAt);
  const e = unwrapOktaRecord(outer);
  const eventType = str(e.eventType) ?? str(e.legacyEventType) ?? 'unknown';
  const outcomeRecord = asRecord(e.outcome);
  const outcome = OUTCOMES[(str(outcomeRecord?.result) ?? '').toUpperCase()] ?? 'unknown';
  const parsed = parseProviderTime(e.published);
  const time = parsed === null || !Number.isSafeInteger(Math.trunc(parsed)) ? null : Math.trunc(parsed);
  const sourceId = str(e.uuid) ?? str(e.id) ?? null;
  if (time === null || sourceId === null) {
    const fallback = unreadableActivity('okta', 'Okta', input, context.ingestedAt);
    return { ...fallback, eventType: eventType === 'unknown' ? fallback.eventType : eventType };
  }
  const action = actionOf(eventType, outcome);
  const activity = baseActivity({ provider: 'okta', app: 'Okta', sourceId, time, originalTime: textOf(e.published), action, eventType, raw: outer });
  activity.message = str(e.displayMessage);
  activity.outcome = outcome;
  activity.outcomeReason = str(outcomeRecord?.reason);
  activity.severityId = SEVERITY[(str(e.severity) ?? '').toUpperCase()] ?? 1;

  const actor = asRecord(e.actor) ?? {};
  const actorType = str(actor.type);
  const alternateId = str(actor.alternateId);
  const actorId = str(actor.id);
  const ref = actorId ? context.lookupAccount(actorId) : undefined;
  activity.actor = {
    userId: actorType === 'User' ? actorId : null,
    email: actorType === 'User' ? (alternateId?.includes('@') ? alternateId.toLowerCase() : lowerEmail(ref?.email)) : null,
    name: str(actor.displayName) ?? ref?.name ?? null,
    type: actorTypeOf(actorType),
    isAdmin: ref?.isAdmin ?? null,
    appId: actorType === 'User' ? null : actorId,
    appName: actorType === 'User' ? null : str(actor.displayName),
  };
  activity.targets = targetsOf(e, action, context);

  const client = asRecord(e.client) ?? {};
  withSourceIp(activity, client.ipAddress);
  const geo = asRecord(client.geographicalContext);
  const point = asRecord(geo?.geolocation);
  if (geo) {
    const lat = num(point?.lat);
    const lon = num(point?.lon);
    activity.geo = {
      country: countryToIso2(geo.country),
      region: placeName(geo.state),
      city: placeName(geo.city),
      lat: lat !== null && Math.abs(lat) <= 90 ? lat : null,
      lon: lon !== null && Math.abs(lon) <= 180 ? lon : null,
      source: 'provider',
    };
  } else activity.geo = { ...EMPTY_GEO };
  const security = asRecord(e.securityContext);
  if (security) {
    const asn = num(security.asNumber);
    activity.asn = asn !== null && Number.isInteger(asn) ? asn : null;
    activity.asOrg = str(security.asOrg);
    activity.isp = str(security.isp);
    if (typeof security.isProxy === 'boolean') activity.ipFlags = { proxy: security.isProxy, source: 'okta' };
  }
  const ua = asRecord(client.userAgent);
  activity.userAgent = str(ua?.rawUserAgent);
  const browser = str(ua?.browser);
  activity.ua = { os: str(ua?.os), browser: browser && browser !== 'UNKNOWN' ? browser : null, device: str(client.device) };
  const device = asRecord(e.device);
  if (device) activity.device = { id: str(device.id), name: str(device.name), managed: typeof device.managed === 'boolean' ? device.managed : null };

  const authContext = asRecord(e.authenticationContext) ?? {};
  const session = str(authContext.rootSessionId) ?? str(authContext.externalSessionId);
  activity.sessionId = session && session !== 'unknown' ? session : null;
  activity.correlationId = str(asRecord(e.transaction)?.id) ?? str(asRecord(asRecord(e.debugContext)?.debugData)?.requestId);
  if (action === 'user.login' || action === 'user.login_failed' || action === 'user.sso_login' || action === 'user.mfa_challenge') {
    const credential = str(authContext.credentialType);
    const signOnMode = str(asRecord(raw0(e.target))?.detailEntry && asRecord(asRecord(raw0(e.target))?.detailEntry)?.signOnModeType);
    activity.auth = {
      mfa: action === 'user.mfa_challenge' ? outcome === 'success' : null,
      protocol: signOnMode === 'SAML_2_0' || signOnMode === 'SAML_1_1' ? 'saml' : signOnMode === 'OPENID_CONNECT' ? 'oidc' : null,
      interactive: str(asRecord(e.transaction)?.type) === 'WEB' ? true : null,
      method: credential,
    };
    // ACTIVITY-SCHEMA §4: the app signed into is the service (threshold "by app" groups and app suppressions read it).
    const app = rawTargets(e).find((t) => str(t.type) === 'AppInstance');
    if (app) activity.service = { id: str(app.id), name: str(app.displayName) ?? str(app.alternateId) };
  }
  return activity;
}

function raw0(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}
