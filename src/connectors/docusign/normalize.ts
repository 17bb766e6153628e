import type { Action, IpFlags, Target } from '../../core/activity.js';
import type { NormalizeContext, NormalizedActivity } from '../sdk/define-connector.js';
import {
  EMPTY_GEO,
  asRecord,
  baseActivity,
  countryToIso2,
  hashText,
  lowerEmail,
  num,
  parseProviderTime,
  placeName,
  str,
  unreadableActivity,
  withSourceIp,
} from '../sdk/normalize-helpers.js';
import { isConnectMessage, normalizeConnect } from './connect.js';
import { isConnectLegacyJson, normalizeConnectLegacyJson, normalizeConnectXml } from './connect-legacy.js';

const APP = 'eSignature';
/** `integratorKey` values that mean "DocuSign's own web app", not a third-party integration. */
const INTERNAL_KEYS = new Set(['##DOCUSIGN_INTERNAL_NOT_USED##']);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Maps Monitor's `object`/`action` (+ `result`) to Parapet's closed action list. DocuSign publishes its
 * event names only on its "Events list" pages, so matching is case-insensitive and tolerant of variants.
 * `Envelope/Sent` is `file.shared`: sending an envelope hands its documents to the recipients, which is
 * what "share" means for detections (File Hosting Activity, Share).
 */
export function docusignAction(object: string, action: string, outcome: 'success' | 'failure' | 'unknown'): Action {
  const o = object.toLowerCase();
  const a = action.toLowerCase();
  if (o === 'alert') return 'provider.alert';
  if (['login', 'logon', 'signin', 'loggedin'].includes(a)) return outcome === 'failure' ? 'user.login_failed' : 'user.login';
  if (['loginfailed', 'logonfailed'].includes(a)) return 'user.login_failed';
  if (['logout', 'logoff', 'signout', 'loggedout'].includes(a)) return 'user.logout';
  if (a === 'useradded' || (o === 'user' && ['added', 'created'].includes(a))) return 'user.created';
  if (a === 'membershipclosed' || a === 'userclosed' || (o === 'user' && ['closed', 'deactivated', 'disabled'].includes(a))) return 'user.suspended';
  if (['membershipreactivated', 'membershipactivated', 'userreactivated', 'useractivated'].includes(a) || (o === 'user' && ['reactivated', 'activated', 'enabled'].includes(a))) {
    return 'user.unsuspended';
  }
  if (a === 'userdeleted' || (o === 'user' && a === 'deleted')) return 'user.deleted';
  if (a === 'passwordchanged') return 'user.password_changed';
  if (a === 'passwordreset') return 'user.password_reset';
  if (a.includes('permissionprofile') && !a.includes('removed')) return 'admin.role_assigned';
  if (a.includes('bulkdownload') || a.includes('export')) return 'data.exported';
  if (o === 'envelope' || o === 'document') {
    if (['downloaded', 'download', 'printed'].includes(a)) return 'file.downloaded';
    if (['viewed', 'opened'].includes(a)) return 'file.viewed';
    if (['sent', 'resent'].includes(a)) return 'file.shared';
    if (['deleted', 'purged'].includes(a)) return 'file.deleted';
    if (['created', 'uploaded'].includes(a)) return 'file.uploaded';
    if (['corrected', 'updated', 'modified'].includes(a)) return 'file.modified';
    return 'other';
  }
  if (o === 'account' && (a.includes('setting') || a === 'updated')) return 'admin.setting_changed';
  if (['permissionset', 'connect', 'brand', 'accountsettings', 'passwordrules'].includes(o) && ['updated', 'created', 'deleted', 'changed'].includes(a)) {
    return 'admin.setting_changed';
  }
  return 'other';
}

/** OCSF class for an `other` event, from what the object says (ACTIVITY-SCHEMA §5 rule 1). */
function otherClass(object: string): number {
  switch (object.toLowerCase()) {
    case 'envelope':
    case 'document':
      return 6006;
    case 'user':
      return 3001;
    case 'account':
    case 'permissionset':
    case 'connect':
      return 3004;
    default:
      return 6003;
  }
}

/** DocuSign's proxy reputation fields: any non-empty, non-negative value means a proxy. */
export function docusignIpFlags(status: unknown, type: unknown, level: unknown): IpFlags | null {
  const negative = /^(none|no|false|0|-|n\/a|notproxy|not_proxy|direct)$/i;
  const parts = [str(status), str(type), str(level)].map((p) => p?.trim() ?? '').filter((p) => p !== '' && !negative.test(p));
  if (!str(status)?.trim() && !str(type)?.trim()) return null;
  if (parts.length === 0) return null;
  const text = parts.join(' ').toLowerCase();
  const flags: IpFlags = { proxy: true, source: 'provider' };
  if (/\btor\b/.test(text)) flags.tor = true;
  if (/vpn|\btor\b|anonym|\bpub\b|public|\bweb\b|elite|\bhigh\b|\bres\b/.test(text)) flags.anonymous = true;
  if (/\bdch\b|hosting|data ?cent(er|re)/.test(text)) flags.hosting = true;
  return flags;
}

function latitude(value: unknown): number | null {
  const n = num(value);
  return n !== null && n >= -90 && n <= 90 ? n : null;
}

function longitude(value: unknown): number | null {
  const n = num(value);
  return n !== null && n >= -180 && n <= 180 ? n : null;
}

function severityOf(value: unknown): number | null {
  const s = str(value)?.toLowerCase();
  if (!s) return null;
  return { informational: 1, info: 1, low: 2, medium: 3, high: 4, critical: 5 }[s] ?? null;
}

function uaPart(value: unknown): string | null {
  const rec = asRecord(value);
  if (!rec) return str(value);
  const family = str(rec.family);
  if (!family || family.toLowerCase() === 'other') return null;
  const version = asRecord(rec.version);
  const major = version ? str(version.major) : null;
  return major ? `${family} ${major}` : family;
}

function stableText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Exports (AWS Glue, SIEM tables) carry Monitor's `data` map as JSON text. */
function parseJsonText(value: unknown): unknown {
  if (typeof value !== 'string' || !value.trimStart().startsWith('{')) return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return null;
  }
}

function mapRecord(record: unknown, context: NormalizeContext): NormalizedActivity {
  if (typeof record === 'string') return normalizeConnectXml(record, context) ?? unreadableActivity('docusign', APP, record, context.ingestedAt);
  const r = asRecord(record);
  if (!r) return unreadableActivity('docusign', APP, record, context.ingestedAt);
  if (isConnectMessage(r)) return normalizeConnect(r, context);
  if (isConnectLegacyJson(r)) return normalizeConnectLegacyJson(r, context);
  const data = asRecord(r.data) ?? asRecord(parseJsonText(r.data)) ?? {};
  const object = str(r.object) ?? '';
  const actionName = str(r.action) ?? '';
  const result = (str(r.result) ?? '').toLowerCase();
  const outcome = result === 'success' || result === 'succeeded' ? 'success' : result === 'failed' || result === 'failure' ? 'failure' : 'unknown';
  const action = docusignAction(object, actionName, outcome);
  const parsedTime = parseProviderTime(r.timestamp);
  const time = parsedTime !== null && Number.isSafeInteger(Math.trunc(parsedTime)) ? Math.trunc(parsedTime) : null;
  const sourceId = str(r.eventId) ?? `docusign:${hashText(stableText(r))}`;

  let activity = baseActivity({
    provider: 'docusign',
    app: APP,
    sourceId,
    time: time ?? context.ingestedAt,
    originalTime: typeof r.timestamp === 'string' ? r.timestamp : '',
    action,
    eventType: object || actionName ? `${object}/${actionName}` : 'unknown',
    raw: r,
  });
  if (action === 'other') {
    const classUid = otherClass(object);
    activity.ocsf = { classUid, activityId: 99, categoryUid: Math.floor(classUid / 1000) };
  }

  activity.tenantId = str(r.organizationId);
  activity.outcome = outcome;
  if (outcome === 'failure') {
    activity.outcomeReason = str(data.FailureReason) ?? str(data.Reason) ?? str(data.ErrorMessage);
    activity.outcomeCode = str(data.ErrorCode) ?? str(data.FailureReason);
  }
  activity.severityId = severityOf(data.Severity) ?? 1;

  // Monitor carries no e-mail: who the actor is comes from the account inventory at ingest time.
  const userId = str(r.userId);
  const ref = userId ? context.lookupAccount(userId) : undefined;
  const integratorKey = str(r.integratorKey) ?? str(r.IntegratorKey);
  activity.actor = {
    userId,
    email: lowerEmail(ref?.email),
    name: ref?.name ?? null,
    type: userId ? (ref?.isAdmin ? 'admin' : 'user') : object.toLowerCase() === 'alert' ? 'system' : 'unknown',
    isAdmin: ref?.isAdmin ?? null,
    appId: integratorKey && !INTERNAL_KEYS.has(integratorKey) ? integratorKey : null,
    appName: null,
  };

  activity.targets = targetsOf(r, data, context);
  activity = withSourceIp(activity, r.ipAddress);
  if (activity.srcPort !== null && !(activity.srcPort >= 0 && activity.srcPort <= 65535)) activity.srcPort = null;

  const location = asRecord(r.ipAddressLocation) ?? {};
  const countryText = str(location.country) ?? str(r.country);
  const geo = {
    country: countryToIso2(countryText),
    region: placeName(str(location.state) ?? str(r.state)),
    city: placeName(str(location.city) ?? str(r.city)),
    lat: latitude(location.latitude ?? r.latitude),
    lon: longitude(location.longitude ?? r.longitude),
  };
  const anyGeo = countryText !== null || geo.region !== null || geo.city !== null || geo.lat !== null || geo.lon !== null;
  activity.geo = anyGeo ? { ...geo, source: 'provider' } : { ...EMPTY_GEO };

  activity.ipFlags = docusignIpFlags(r.proxyStatus, r.proxyType, r.proxyLevel);
  activity.userAgent = str(r.userAgent);
  const client = asRecord(r.userAgentClientInfo);
  activity.ua = {
    os: uaPart(client?.os) ?? str(r.os),
    browser: uaPart(client?.browser) ?? str(r.browser),
    device: uaPart(client?.device) ?? str(r.device),
  };
  activity.correlationId = str(r.traceToken);
  if (activity.action === 'user.login' || activity.action === 'user.login_failed') {
    const source = (str(r.source) ?? '').toLowerCase();
    activity.auth = { ...activity.auth, interactive: source === 'web' ? true : source === 'api' ? false : null };
  }
  return activity;
}

function targetsOf(r: Record<string, unknown>, data: Record<string, unknown>, context: NormalizeContext): Target[] {
  const targets: Target[] = [];
  const userTarget = (id: string) => {
    if (targets.some((t) => t.type === 'user' && t.id === id)) return;
    const ref = context.lookupAccount(id);
    targets.push({ type: 'user', id, name: ref?.name ?? null, email: lowerEmail(ref?.email) });
  };
  const referenced = str(r.referencedUserId) ?? str(r.affectedUserId);
  if (referenced) userTarget(referenced);
  const affected = str(data.AffectedUserId);
  if (affected && GUID.test(affected)) userTarget(affected);

  const profileId = str(data.PermissionProfileId);
  if (profileId) targets.push({ type: 'role', id: profileId, name: str(data.PermissionProfileName) });

  const envelopeId = str(data.EnvelopeId);
  if (envelopeId) targets.push({ type: 'envelope', id: envelopeId, name: str(data.EnvelopeSubject) ?? str(data.Subject) });

  if (Array.isArray(data.EventIds)) {
    for (const id of data.EventIds) {
      const text = str(id);
      if (text) targets.push({ type: 'other', id: text, name: null });
    }
  }

  const property = str(r.property);
  const field = str(r.field);
  if (property || field) {
    const hasChange = 'OldValue' in data || 'NewValue' in data;
    targets.push({
      type: 'setting',
      id: field ?? property,
      name: property,
      ...(hasChange ? { changes: [{ field: field ?? property ?? '', old: data.OldValue, new: data.NewValue }] } : {}),
    });
  }
  return targets;
}

/**
 * DocuSign Monitor record, Connect JSON SIM message, or Connect legacy message (the XML document as text,
 * or the JSON envelope object) -> Activity (ACTIVITY-SCHEMA.md §4). Pure and total: a record it cannot read
 * becomes an `other` activity with the record whole in `raw`.
 */
export function normalizeDocusign(record: unknown, context: NormalizeContext): NormalizedActivity {
  try {
    return mapRecord(record, context);
  } catch {
    return unreadableActivity('docusign', APP, record, context.ingestedAt);
  }
}
