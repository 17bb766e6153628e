import type { Action, Target } from '../../core/activity.js';
import { entraSignInResult } from '../../core/sign-in-outcomes.js';
import type { NormalizeContext, NormalizedActivity } from '../sdk/define-connector.js';
import {
  asRecord,
  baseActivity,
  bool,
  countryToIso2,
  hashText,
  lowerEmail,
  num,
  parseProviderTime,
  placeName,
  str,
  unreadableActivity,
  withAction,
  withOtherClass,
  withSourceIp,
  lookupTable,
} from '../sdk/normalize-helpers.js';
import { ENTRA_OPERATIONS, EXCHANGE_OPERATIONS, FILE_OPERATIONS, GENERAL_OPERATIONS, KNOWN_APPS, LEGACY_CLIENTS, WORKLOAD_APP, classOfRecordType } from './operations.js';
import { splitScopes } from './scopes.js';

type Raw = Record<string, unknown>;
type Actor = NormalizedActivity['actor'];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A provider time as whole epoch ms, or the ingest time when the record's own is missing or absurd. */
function eventTime(value: unknown, context: NormalizeContext): number {
  const ms = parseProviderTime(value);
  return ms !== null && Number.isSafeInteger(Math.trunc(ms)) ? Math.trunc(ms) : context.ingestedAt;
}

/** `Add user.` / `Add user` / `UserLoggedIn` -> `add user` / `userloggedin`. */
function operationKey(operation: string): string {
  return operation.trim().replace(/\.$/, '').toLowerCase();
}

/** `[{Name, Value}]` -> lower-cased name -> value text. */
function nameValues(list: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!Array.isArray(list)) return out;
  for (const item of list) {
    const entry = asRecord(item);
    const name = str(entry?.Name ?? entry?.name ?? entry?.Key ?? entry?.key);
    const value = entry?.Value ?? entry?.value;
    if (name !== null && value !== undefined && value !== null) out.set(name.toLowerCase(), typeof value === 'string' ? value : JSON.stringify(value));
  }
  return out;
}

/** `[{ID, Type}]` entries of UAL `Actor` / `Target`. */
function identities(list: unknown): { id: string; type: number | null }[] {
  if (!Array.isArray(list)) return [];
  const out: { id: string; type: number | null }[] = [];
  for (const item of list) {
    const entry = asRecord(item);
    const id = str(entry?.ID ?? entry?.Id ?? entry?.id);
    if (id !== null) out.push({ id, type: num(entry?.Type ?? entry?.type) });
  }
  return out;
}

/**
 * A modified property's value: UAL pretty-prints JSON arrays (`[\r\n  false\r\n]`), Graph writes compact
 * JSON (`[false]`, `"Global Administrator"`). One-element arrays become their element; text that is not
 * JSON stays text.
 */
export function propertyValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (text === '' || text === '[]') return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return parsed.length === 1 ? parsed[0] : parsed;
    return parsed;
  } catch {
    return value;
  }
}

interface Change {
  field: string;
  old: unknown;
  new: unknown;
}

function modifiedProperties(list: unknown): Change[] {
  if (!Array.isArray(list)) return [];
  const out: Change[] = [];
  for (const item of list) {
    const entry = asRecord(item);
    const field = str(entry?.Name ?? entry?.displayName);
    if (field === null || field === 'Included Updated Properties') continue;
    out.push({ field, old: propertyValue(entry?.OldValue ?? entry?.oldValue), new: propertyValue(entry?.NewValue ?? entry?.newValue) });
  }
  return out;
}

function change(changes: readonly Change[], field: string): Change | undefined {
  const lower = field.toLowerCase();
  return changes.find((c) => c.field.toLowerCase() === lower);
}

/** `Succeeded` / `Success` / `True` / `PartiallySucceeded` -> success; `Failed` / `False` -> failure. */
function resultOutcome(value: unknown): NormalizedActivity['outcome'] {
  // Azure Monitor rows can carry Graph's operationResult enum as its number: 0 success, 1 failure, 2 timeout.
  if (typeof value === 'number') return value === 0 ? 'success' : value === 1 || value === 2 ? 'failure' : 'unknown';
  const text = str(value)?.toLowerCase();
  if (!text) return 'unknown';
  if (['succeeded', 'success', 'true', 'partiallysucceeded'].includes(text)) return 'success';
  if (['failed', 'failure', 'false', 'timeout'].includes(text)) return 'failure';
  return 'unknown';
}

/** UAL `UserType` -> actor type (the record's own claim). */
function actorType(userType: number | null): Actor['type'] {
  switch (userType) {
    case 0:
    case 10:
      return 'user';
    case 2:
    case 3:
    case 9:
      return 'admin';
    case 1:
    case 4:
    case 7:
    case 8:
      return 'system';
    case 5:
      return 'app';
    case 6:
      return 'service';
    default:
      return 'unknown';
  }
}

const TARGET_TYPES: Record<string, Target['type']> = lookupTable({
  user: 'user',
  group: 'group',
  serviceprincipal: 'app',
  application: 'app',
  role: 'role',
  policy: 'policy',
  device: 'other',
  directory: 'setting',
});

function targetType(name: string | null): Target['type'] {
  return (name && TARGET_TYPES[name.toLowerCase()]) || 'other';
}

function auditActor(r: Raw, context: NormalizeContext): Actor {
  const userId = str(r.UserId);
  const entries = identities(r.Actor);
  const recordType = num(r.RecordType);
  const spMarker = entries.find((e) => /^ServicePrincipal_/i.test(e.id));
  let objectId: string | null = null;
  let appId: string | null = str(r.ApplicationId) ?? str(r.AppId) ?? str(r.ClientAppId);
  let appName: string | null = str(r.ApplicationDisplayName) ?? (appId ? (KNOWN_APPS[appId.toLowerCase()] ?? null) : null);
  if (spMarker) {
    objectId = spMarker.id.slice('ServicePrincipal_'.length);
    appName = entries.find((e) => e.type === 1)?.id ?? appName;
    appId = entries.find((e) => e.type === 2 && GUID.test(e.id) && e.id !== objectId)?.id ?? appId;
  } else {
    const marker = entries.find((e) => /^User_/i.test(e.id));
    objectId = marker ? marker.id.slice('User_'.length) : (entries.find((e) => (e.type === 0 || e.type === 2) && GUID.test(e.id))?.id ?? null);
  }
  const upn = entries.find((e) => e.type === 5)?.id ?? null;
  const email = userId?.includes('@') ? lowerEmail(userId) : lowerEmail(upn);
  let type = actorType(num(r.UserType));
  if (spMarker) type = 'app';
  else if (userId && /^(NT AUTHORITY\\|S-1-5-18|SHAREPOINT\\system)/i.test(userId)) type = 'system';
  else if (userId && /^app@sharepoint$/i.test(userId)) type = 'app';
  const account = objectId && !spMarker ? context.lookupAccount(objectId) : undefined;
  // Exchange marks everyone who runs a cmdlet as admin (UserType 2); trust the inventory there instead.
  const claimsAdmin = recordType !== 1 && type === 'admin' ? true : null;
  return {
    userId: spMarker ? null : objectId,
    email,
    name: account?.name ?? (email ? null : userId),
    type,
    isAdmin: account?.isAdmin ?? claimsAdmin,
    appId: appId && appId !== '' ? appId : null,
    appName,
  };
}

function logon(a: NormalizedActivity, r: Raw, operation: string): NormalizedActivity {
  const key = operationKey(operation);
  const errorNumber = str(r.ErrorNumber);
  const recordType = num(r.RecordType);
  const ext = nameValues(r.ExtendedProperties);
  const logonError = str(r.LogonError) ?? ext.get('loginerror') ?? null;
  const result = entraSignInResult(errorNumber, logonError);
  const interrupted = result?.outcome === 'interrupted';
  const failed =
    !interrupted &&
    (key === 'userloginfailed' || (errorNumber !== null && errorNumber !== '0') || (recordType === 9 && resultOutcome(r.ResultStatus) === 'failure'));
  const isLogon = key === 'userloggedin' || key === 'userloginfailed' || recordType === 9 || recordType === 15;
  let out = isLogon ? withAction(a, failed ? 'user.login_failed' : 'user.login') : a;
  const dev = nameValues(r.DeviceProperties);
  const requestType = ext.get('requesttype') ?? null;
  const protocol = requestType === null ? null : /^oauth2/i.test(requestType) ? 'oauth2' : /^saml/i.test(requestType) ? 'saml' : 'other';
  const resource = str(r.ObjectId) ?? identities(r.Target)[0]?.id ?? null;
  const deviceId = dev.get('id') ?? null;
  const deviceName = dev.get('displayname') ?? null;
  const compliant = bool(dev.get('iscompliant'));
  const managed = bool(dev.get('iscompliantandmanaged'));
  out = {
    ...out,
    outcome: isLogon ? (interrupted ? 'interrupted' : failed ? 'failure' : 'success') : out.outcome,
    outcomeCode: errorNumber && errorNumber !== '0' ? errorNumber : null,
    outcomeReason: result?.outcome === 'interrupted' ? result.reason : failed ? logonError : null,
    userAgent: ext.get('useragent') ?? null,
    ua: { os: dev.get('os') ?? null, browser: dev.get('browsertype') ?? null, device: null },
    device: deviceId || deviceName || compliant !== null || managed !== null ? { id: deviceId, name: deviceName, compliant, managed } : null,
    sessionId: dev.get('sessionid') ?? null,
    correlationId: str(r.InterSystemsId),
    service: resource ? { id: resource, name: KNOWN_APPS[resource.toLowerCase()] ?? null } : null,
    auth: { ...out.auth, protocol },
  };
  return out;
}

/** Scopes named in `ConsentAction.Permissions` (`... Scope:  User.Read Mail.Read offline_access, CreatedDateTime: ...`). */
function consentScopes(changes: readonly Change[]): string[] {
  const permissions = change(changes, 'ConsentAction.Permissions')?.new;
  const grantScope = change(changes, 'DelegatedPermissionGrant.Scope')?.new;
  const scopes = new Set<string>();
  if (typeof permissions === 'string') {
    for (const match of permissions.matchAll(/Scope:\s*([^,\]]*)/g)) for (const s of splitScopes(match[1])) scopes.add(s);
  }
  for (const s of splitScopes(grantScope)) scopes.add(s);
  return [...scopes];
}

function directoryAction(key: string, changes: readonly Change[], targets: readonly Target[]): Action {
  if (key === 'update user') {
    const enabled = change(changes, 'AccountEnabled');
    if (enabled?.new === false) return 'user.suspended';
    if (enabled?.new === true) return 'user.unsuspended';
    if (change(changes, 'StsRefreshTokensValidFrom')) return 'user.sessions_revoked';
    const methods = change(changes, 'StrongAuthenticationMethod');
    if (methods) {
      // `[{"MethodType":6,"Default":true},...]` before and after: fewer methods is a reset, more is a registration.
      const count = (v: unknown) => (Array.isArray(v) ? v.length : v && typeof v === 'object' ? 1 : 0);
      if (count(methods.new) < count(methods.old)) return 'mfa.disabled';
      if (count(methods.new) > count(methods.old)) return 'mfa.enabled';
    }
    return 'user.updated';
  }
  if (key === 'add user') {
    const guest = change(changes, 'UserType')?.new === 'Guest' || targets.some((t) => t.email?.includes('#ext#'));
    return guest ? 'user.invited' : 'user.created';
  }
  return ENTRA_OPERATIONS[key] ?? 'other';
}

function directoryTargets(r: Raw, changes: readonly Change[]): Target[] {
  const targets: Target[] = [];
  const entries = identities(r.Target);
  for (const entry of entries) {
    const marker = /^([A-Za-z]+)_(.+)$/.exec(entry.id);
    if (marker?.[1] && marker[2] && entry.type === 2 && GUID.test(marker[2])) targets.push({ type: targetType(marker[1]), id: marker[2], name: null });
  }
  for (const upn of entries.filter((e) => e.type === 5).map((e) => lowerEmail(e.id))) {
    const user = targets.find((t) => t.type === 'user' && !t.email);
    if (user) user.email = upn;
    else targets.push({ type: 'user', id: null, name: null, email: upn });
  }
  for (const name of entries.filter((e) => e.type === 1).map((e) => e.id)) {
    const unnamed = targets.find((t) => t.type !== 'user' && t.name === null);
    if (unnamed) unnamed.name = name;
  }
  if (targets.length === 0) {
    const objectId = str(r.ObjectId);
    if (objectId) targets.push(objectId.includes('@') ? { type: 'user', id: null, name: null, email: lowerEmail(objectId) } : { type: 'other', id: objectId, name: null });
  }
  const roleName = change(changes, 'Role.DisplayName')?.new;
  if (typeof roleName === 'string') {
    const id = change(changes, 'Role.TemplateId')?.new ?? change(changes, 'Role.ObjectID')?.new;
    targets.push({ type: 'role', id: typeof id === 'string' ? id : null, name: roleName });
  }
  const groupName = change(changes, 'Group.DisplayName')?.new;
  if (typeof groupName === 'string') {
    const id = change(changes, 'Group.ObjectID')?.new;
    const existing = targets.find((t) => t.type === 'group' && (t.id === id || t.name === null));
    if (existing) existing.name = groupName;
    else targets.push({ type: 'group', id: typeof id === 'string' ? id : null, name: groupName });
  }
  return targets;
}

function withChanges(targets: Target[], changes: readonly Change[], action: Action): Target[] {
  if (targets.length === 0 || changes.length === 0) return targets;
  const scopes = consentScopes(changes);
  const detailed = changes.map((c) => ({ field: c.field, old: c.old, new: c.new }));
  if (scopes.length > 0) {
    const app = targets.find((t) => t.type === 'app') ?? targets[0];
    if (app) app.changes = [{ field: 'scopes', new: scopes }, ...detailed];
    return targets;
  }
  // Role and group events carry the role/group as properties of the membership change: show them on it.
  const primary = (action === 'admin.role_assigned' || action === 'admin.role_removed' ? targets.find((t) => t.type === 'role') : undefined) ?? targets[0];
  if (primary) primary.changes = detailed;
  return targets;
}

function directory(a: NormalizedActivity, r: Raw, operation: string): NormalizedActivity {
  const key = operationKey(operation);
  const changes = modifiedProperties(r.ModifiedProperties);
  const targets = directoryTargets(r, changes);
  const action = directoryAction(key, changes, targets);
  return { ...withAction(a, action), targets: withChanges(targets, changes, action), correlationId: str(r.InterSystemsId) };
}

function parameters(list: unknown): { field: string; new: unknown }[] {
  if (!Array.isArray(list)) return [];
  const out: { field: string; new: unknown }[] = [];
  for (const item of list) {
    const entry = asRecord(item);
    const name = str(entry?.Name);
    if (name !== null) out.push({ field: name, new: entry?.Value ?? null });
  }
  return out;
}

/** Inbox-rule, mailbox and transport-rule parameters that send mail to someone else. */
const FORWARDING_PARAMETERS = ['forwardto', 'redirectto', 'forwardasattachmentto', 'forwardingsmtpaddress', 'forwardingaddress', 'redirectmessageto', 'blindcopyto', 'addtorecipients', 'copyto'];

function forwardAddresses(params: readonly { field: string; new: unknown }[]): string[] {
  const out: string[] = [];
  for (const p of params) {
    if (!FORWARDING_PARAMETERS.includes(p.field.toLowerCase())) continue;
    for (const part of String(p.new ?? '').split(/[;,]/)) {
      const address = part.trim().replace(/^smtp:/i, '').replace(/^"|"$/g, '');
      if (address && address !== '$null') out.push(address.toLowerCase());
    }
  }
  return out;
}

function exchange(a: NormalizedActivity, r: Raw, operation: string): NormalizedActivity {
  const key = operationKey(operation);
  const recordType = num(r.RecordType);
  // Outlook client rule changes (UpdateInboxRules) carry their rule in OperationProperties, cmdlets in Parameters.
  const params = [...parameters(r.Parameters), ...parameters(r.OperationProperties)];
  const forwards = forwardAddresses(params);
  let action: Action = EXCHANGE_OPERATIONS[key] ?? 'other';
  if (key === 'set-mailbox' && forwards.length > 0) action = 'mail.forwarding_set';
  else if (key === 'set-mailbox' && params.some((p) => /^(auditenabled|auditbypassenabled)$/i.test(p.field))) action = 'admin.setting_changed';
  const objectId = str(r.ObjectId);
  const targets: Target[] = [];
  // A cmdlet (admin record) acts on the object it names; a mailbox record acts on its mailbox.
  if (recordType === 1 || (Array.isArray(r.Parameters) && r.Parameters.length > 0) || !(str(r.MailboxGuid) || str(r.MailboxOwnerUPN))) {
    targets.push({ type: 'mailbox', id: objectId, name: objectId, ...(params.length ? { changes: params } : {}) });
  } else {
    const owner = lowerEmail(r.MailboxOwnerUPN);
    targets.push({ type: 'mailbox', id: str(r.MailboxGuid) ?? objectId, name: owner ?? objectId, ...(owner ? { email: owner } : {}), ...(params.length ? { changes: params } : {}) });
  }
  for (const address of forwards) targets.push({ type: 'other', id: null, name: 'forwarding address', email: address });
  let out: NormalizedActivity = { ...withAction(a, action), targets, sessionId: str(r.SessionId) };
  if (out.srcIp === null) out = withSourceIp(out, r.ClientIPAddress);
  const clientInfo = str(r.ClientInfoString);
  if (clientInfo) out.userAgent = clientInfo;
  return out;
}

function fileOperation(a: NormalizedActivity, r: Raw, operation: string): NormalizedActivity {
  const key = operationKey(operation);
  const action = FILE_OPERATIONS[key] ?? 'other';
  const objectId = str(r.ObjectId);
  const fileName = str(r.SourceFileName) ?? (objectId ? (decodeURIComponent(objectId.split('/').pop() ?? '') || null) : null);
  const itemType = str(r.ItemType)?.toLowerCase();
  const targets: Target[] = [{ type: itemType === 'file' || itemType === undefined || itemType === 'folder' ? 'file' : 'other', id: str(r.ListItemUniqueId) ?? objectId, name: fileName }];
  const sharedWith = str(r.TargetUserOrGroupName);
  if (sharedWith) {
    const kind = str(r.TargetUserOrGroupType)?.toLowerCase();
    targets.push({ type: kind === 'group' ? 'group' : 'user', id: null, name: sharedWith, ...(sharedWith.includes('@') ? { email: sharedWith.toLowerCase() } : {}) });
  }
  return { ...withAction(a, action), targets, userAgent: str(r.UserAgent), correlationId: str(r.CorrelationId) };
}

/** Teams records name the members an operation touched (`Members[]`) and the team itself. */
function teamsTargets(r: Raw): Target[] {
  const targets: Target[] = [];
  for (const item of Array.isArray(r.Members) ? r.Members : []) {
    const member = asRecord(item);
    const upn = lowerEmail(member?.UPN);
    if (upn || str(member?.DisplayName)) targets.push({ type: 'user', id: null, name: str(member?.DisplayName), email: upn });
  }
  const team = str(r.TeamGuid);
  if (team || str(r.TeamName)) targets.push({ type: 'group', id: team, name: str(r.TeamName) });
  return targets;
}

/**
 * DLP records (`DLPRuleMatch`, `DLPRuleUndo`): a policy matched content. The item (SharePoint file or
 * Exchange message) and each matched policy are the targets; the match is the provider's alert.
 */
function dlp(a: NormalizedActivity, r: Raw, key: string): NormalizedActivity {
  const sp = asRecord(r.SharePointMetaData);
  const ex = asRecord(r.ExchangeMetaData);
  const targets: Target[] = [];
  if (sp) targets.push({ type: 'file', id: str(sp.UniqueID) ?? str(sp.FilePathUrl), name: str(sp.FileName) });
  if (ex) targets.push({ type: 'other', id: str(ex.MessageID) ?? str(ex.UniqueID), name: str(ex.Subject) });
  if (!sp && !ex && str(r.ObjectId)) targets.push({ type: 'other', id: str(r.ObjectId), name: null });
  for (const item of Array.isArray(r.PolicyDetails) ? r.PolicyDetails : []) {
    const policy = asRecord(item);
    if (str(policy?.PolicyId) || str(policy?.PolicyName)) targets.push({ type: 'policy', id: str(policy?.PolicyId), name: str(policy?.PolicyName) });
  }
  const out = key === 'dlprulematch' ? withAction(a, 'provider.alert') : a;
  // The DLP engine is not the person: the record's UserId is whose content matched.
  return { ...out, targets, actor: { ...out.actor, type: out.actor.type === 'system' ? 'user' : out.actor.type } };
}

/** Management Activity API record (digest §2.8–2.10). */
function auditRecord(r: Raw, context: NormalizeContext): NormalizedActivity {
  const operation = str(r.Operation) ?? 'unknown';
  const key = operationKey(operation);
  const workload = str(r.Workload);
  const recordType = num(r.RecordType);
  const sourceId = str(r.Id) ?? `m365:${hashText(JSON.stringify(r))}`;
  let a = baseActivity({
    provider: 'microsoft365',
    app: (workload && WORKLOAD_APP[workload.toLowerCase()]) ?? workload ?? 'Microsoft 365',
    sourceId,
    time: eventTime(r.CreationTime, context),
    originalTime: typeof r.CreationTime === 'string' ? r.CreationTime : '',
    action: 'other',
    eventType: operation,
    raw: r,
  });
  // The audit log records operations that happened: one without a ResultStatus succeeded (the schema makes
  // the field optional); a stated status is kept.
  const outcome = str(r.ResultStatus) === null ? 'success' : resultOutcome(r.ResultStatus);
  a = { ...a, tenantId: str(r.OrganizationId), actor: auditActor(r, context), outcome };
  a = withSourceIp(a, r.ClientIP);
  if (a.srcIp === null) a = withSourceIp(a, r.ActorIpAddress);

  const lowerWorkload = workload?.toLowerCase() ?? '';
  if (recordType === 15 || recordType === 9 || key === 'userloggedin' || key === 'userloginfailed') a = logon(a, r, operation);
  else if (recordType === 8 || (lowerWorkload === 'azureactivedirectory' && recordType !== 15)) a = directory(a, r, operation);
  else if (recordType === 1 || recordType === 2 || recordType === 3 || recordType === 50 || lowerWorkload === 'exchange') a = exchange(a, r, operation);
  else if (recordType === 4 || recordType === 6 || recordType === 7 || recordType === 14 || FILE_OPERATIONS[key] || lowerWorkload === 'sharepoint' || lowerWorkload === 'onedrive') a = fileOperation(a, r, operation);
  else {
    a = withAction(a, GENERAL_OPERATIONS[key] ?? 'other');
    const ua = str(r.UserAgent);
    if (ua) a.userAgent = ua;
  }
  if (lowerWorkload === 'microsoftteams' || recordType === 25) a = { ...a, targets: teamsTargets(r) };
  if (key === 'dlprulematch' || key === 'dlpruleundo') a = dlp(a, r, key);
  return withOtherClass(a, classOfRecordType(recordType));
}

const RISK_SEVERITY: Record<string, number> = lookupTable({ low: 2, medium: 3, high: 4 });

/** Graph `signIn` (digest §3.5; ACTIVITY-SCHEMA.md §4). */
function signIn(r: Raw, context: NormalizeContext): NormalizedActivity {
  const status = asRecord(r.status);
  const errorCode = num(status?.errorCode);
  const result = entraSignInResult(errorCode, str(status?.failureReason));
  const interrupted = result?.outcome === 'interrupted';
  const failed = errorCode !== null && errorCode !== 0 && !interrupted;
  const interactive = bool(r.isInteractive);
  const userId = str(r.userId);
  const account = userId ? context.lookupAccount(userId) : undefined;
  let a = baseActivity({
    provider: 'microsoft365',
    app: 'Entra ID',
    sourceId: str(r.id) ?? `m365-signin:${hashText(JSON.stringify(r))}`,
    time: eventTime(r.createdDateTime, context),
    originalTime: typeof r.createdDateTime === 'string' ? r.createdDateTime : '',
    action: failed ? 'user.login_failed' : 'user.login',
    eventType: interactive === false ? 'nonInteractiveSignIn' : 'signIn',
    raw: r,
  });
  const location = asRecord(r.location);
  const coordinates = asRecord(location?.geoCoordinates);
  const country = countryToIso2(location?.countryOrRegion);
  const city = placeName(location?.city);
  const region = placeName(location?.state);
  const lat = num(coordinates?.latitude);
  const lon = num(coordinates?.longitude);
  const device = asRecord(r.deviceDetail);
  const riskTypes = [...(Array.isArray(r.riskEventTypes_v2) ? r.riskEventTypes_v2 : []), ...(Array.isArray(r.riskEventTypes) ? r.riskEventTypes : [])].map(String);
  const policies = Array.isArray(r.appliedConditionalAccessPolicies) ? r.appliedConditionalAccessPolicies.map(asRecord) : [];
  const mfaByPolicy = policies.some((p) => str(p?.result) === 'success' && Array.isArray(p?.enforcedGrantControls) && p.enforcedGrantControls.some((c) => String(c).toLowerCase() === 'mfa'));
  const clientApp = str(r.clientAppUsed);
  const deviceId = str(device?.deviceId);
  a = {
    ...a,
    tenantId: str(r.resourceTenantId) ?? str(r.homeTenantId),
    severityId: RISK_SEVERITY[str(r.riskLevelDuringSignIn)?.toLowerCase() ?? ''] ?? 1,
    outcome: errorCode === null ? 'unknown' : interrupted ? 'interrupted' : failed ? 'failure' : 'success',
    outcomeCode: errorCode !== null && errorCode !== 0 ? String(errorCode) : null,
    outcomeReason: result?.outcome === 'interrupted' ? result.reason : failed ? str(status?.failureReason) : null,
    actor: { userId, email: lowerEmail(r.userPrincipalName), name: str(r.userDisplayName) ?? account?.name ?? null, type: 'user', isAdmin: account?.isAdmin ?? null, appId: str(r.appId), appName: str(r.appDisplayName) },
    service: str(r.resourceId) || str(r.resourceDisplayName) ? { id: str(r.resourceId), name: str(r.resourceDisplayName) } : null,
    geo: country || city || lat !== null ? { country, region, city, lat, lon, source: 'provider' } : a.geo,
    ipFlags: riskTypes.includes('anonymizedIPAddress') ? { anonymous: true, source: 'provider' } : null,
    userAgent: str(r.userAgent),
    ua: { os: str(device?.operatingSystem), browser: str(device?.browser), device: null },
    device: device ? { id: deviceId, name: str(device.displayName), managed: bool(device.isManaged), compliant: bool(device.isCompliant) } : null,
    sessionId: str(r.sessionId),
    correlationId: str(r.correlationId),
    auth: {
      mfa: mfaByPolicy || (str(r.authenticationRequirement) === 'multiFactorAuthentication' && errorCode === 0) ? true : null,
      protocol: clientApp && LEGACY_CLIENTS.has(clientApp.toLowerCase()) ? 'basic' : null,
      interactive,
      method: null,
    },
  };
  return withSourceIp(a, r.ipAddress);
}

/** Graph `directoryAudit` (digest §3.6): the same changes as UAL RecordType 8, in Graph's shape. */
function directoryAudit(r: Raw, context: NormalizeContext, rowIdentity: string | null = null): NormalizedActivity {
  const operation = str(r.activityDisplayName) ?? 'unknown';
  const key = operationKey(operation);
  const initiatedBy = asRecord(r.initiatedBy);
  const user = asRecord(initiatedBy?.user);
  const app = asRecord(initiatedBy?.app);
  const targets: Target[] = [];
  const changes: Change[] = [];
  for (const item of Array.isArray(r.targetResources) ? r.targetResources : []) {
    const resource = asRecord(item);
    if (!resource) continue;
    const email = lowerEmail(resource.userPrincipalName);
    // Graph's beta samples name the kind only in `@odata.type` (`#microsoft.graph.targetResourceUser`).
    const odataKind = /targetResource(\w+)$/i.exec(str(resource['@odata.type']) ?? '')?.[1] ?? null;
    targets.push({ type: targetType(str(resource.type) ?? odataKind), id: str(resource.id), name: str(resource.displayName), ...(email ? { email } : {}) });
    changes.push(...modifiedProperties(resource.modifiedProperties));
  }
  const roleName = change(changes, 'Role.DisplayName')?.new;
  if (typeof roleName === 'string') {
    const roleId = change(changes, 'Role.TemplateId')?.new;
    targets.push({ type: 'role', id: typeof roleId === 'string' ? roleId : null, name: roleName });
  }
  const action = directoryAction(key, changes, targets);
  const userId = str(user?.id);
  const account = userId ? context.lookupAccount(userId) : undefined;
  let a = baseActivity({
    provider: 'microsoft365',
    app: 'Entra ID',
    sourceId: str(r.id) ?? `m365-audit:${hashText(JSON.stringify(r))}`,
    time: eventTime(r.activityDateTime, context),
    originalTime: typeof r.activityDateTime === 'string' ? r.activityDateTime : '',
    action,
    eventType: operation,
    raw: r,
  });
  a = {
    ...a,
    outcome: resultOutcome(r.result),
    outcomeReason: str(r.resultReason),
    actor: user
      ? { userId, email: lowerEmail(user.userPrincipalName), name: str(user.displayName) ?? account?.name ?? null, type: 'user', isAdmin: account?.isAdmin ?? null, appId: null, appName: null }
      : app
        ? { userId: null, email: null, name: null, type: 'app', isAdmin: null, appId: str(app.appId), appName: str(app.displayName) }
        : // Nobody in initiatedBy (a Microsoft service such as MS-PIM): the diagnostic row's `identity` names it.
          { userId: null, email: null, name: rowIdentity, type: 'unknown', isAdmin: null, appId: null, appName: null },
    targets: withChanges(targets, changes, action),
    correlationId: str(r.correlationId),
  };
  return withOtherClass(withSourceIp(a, user?.ipAddress), 3004);
}

const MONITOR_SIGN_IN_CATEGORIES = new Set(['signinlogs', 'noninteractiveusersigninlogs', 'serviceprincipalsigninlogs', 'managedidentitysigninlogs']);

/**
 * An Entra log exported through an Azure Monitor diagnostic setting (storage account, event hub): the
 * Graph resource sits in `properties`, beside the row's own `time` and `category`. The row's time stands
 * in when the resource lacks its own.
 */
function azureMonitorRow(r: Raw): { kind: 'signIn' | 'audit'; resource: Raw; identity: string | null } | null {
  const properties = asRecord(r.properties);
  const category = str(r.category)?.toLowerCase();
  if (!properties || !category || !('time' in r)) return null;
  if (MONITOR_SIGN_IN_CATEGORIES.has(category)) {
    const resource: Raw = { ...properties, createdDateTime: properties.createdDateTime ?? r.time };
    if (resource.isInteractive === undefined && category !== 'signinlogs') resource.isInteractive = false;
    return { kind: 'signIn', resource, identity: null };
  }
  if (category === 'auditlogs') {
    return {
      kind: 'audit',
      resource: { ...properties, activityDateTime: properties.activityDateTime ?? r.time, activityDisplayName: properties.activityDisplayName ?? r.operationName },
      identity: str(r.identity),
    };
  }
  return null;
}

/** A Log Analytics `dynamic` column: an object in the API's JSON, JSON text in a CSV export. */
function dynamicColumn(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (!text.startsWith('{') && !text.startsWith('[')) return value;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return value;
  }
}

const LOG_ANALYTICS_SIGN_IN_TABLES = new Set(['signinlogs', 'aadnoninteractiveusersigninlogs']);

/**
 * A row of the Log Analytics `SigninLogs` / `AADNonInteractiveUserSignInLogs` table (a Sentinel or Log
 * Analytics query exported as JSON): the signIn resource's properties as PascalCase columns, the nested ones
 * (`Status`, `LocationDetails`, `DeviceDetail`, ...) as `dynamic`. Renamed back to the Graph resource, it is
 * read by the same code, so the Activity is the one Graph would have given.
 */
function logAnalyticsSignIn(r: Raw): Raw | null {
  const table = str(r.Type)?.toLowerCase() ?? str(r.Category)?.toLowerCase();
  const looksLikeRow = 'TimeGenerated' in r && ('UserPrincipalName' in r || 'ResultType' in r) && ('IPAddress' in r || 'AppDisplayName' in r);
  if (!(table && LOG_ANALYTICS_SIGN_IN_TABLES.has(table)) && !looksLikeRow) return null;
  const status = asRecord(dynamicColumn(r.Status));
  // `ResultType` is the errorCode as text ("0", "50126"); `Status` carries it too when present.
  const errorCode = num(status?.errorCode) ?? num(r.ResultType);
  const interactive = bool(r.IsInteractive) ?? (table === 'aadnoninteractiveusersigninlogs' ? false : null);
  return {
    id: r.Id ?? r.OriginalRequestId,
    createdDateTime: r.CreatedDateTime ?? r.TimeGenerated,
    userDisplayName: r.UserDisplayName,
    userPrincipalName: r.UserPrincipalName,
    userId: r.UserId,
    appId: r.AppId,
    appDisplayName: r.AppDisplayName,
    ipAddress: r.IPAddress,
    status: { ...status, errorCode, failureReason: status?.failureReason ?? r.ResultDescription },
    clientAppUsed: r.ClientAppUsed,
    userAgent: r.UserAgent,
    deviceDetail: dynamicColumn(r.DeviceDetail),
    location: dynamicColumn(r.LocationDetails),
    correlationId: r.CorrelationId,
    conditionalAccessStatus: r.ConditionalAccessStatus,
    appliedConditionalAccessPolicies: dynamicColumn(r.ConditionalAccessPolicies),
    isInteractive: interactive,
    authenticationRequirement: r.AuthenticationRequirement,
    riskLevelDuringSignIn: r.RiskLevelDuringSignIn,
    riskEventTypes_v2: dynamicColumn(r.RiskEventTypes_V2),
    riskEventTypes: dynamicColumn(r.RiskEventTypes),
    resourceDisplayName: r.ResourceDisplayName,
    resourceId: r.ResourceIdentity ?? r.ResourceId,
    resourceTenantId: r.ResourceTenantId,
    homeTenantId: r.HomeTenantId ?? r.AADTenantId,
    sessionId: r.SessionId,
  };
}

/**
 * A row of the Log Analytics `AuditLogs` table: the directoryAudit resource as PascalCase columns
 * (`InitiatedBy`, `TargetResources` as `dynamic`).
 */
function logAnalyticsAudit(r: Raw): Raw | null {
  const table = str(r.Type)?.toLowerCase();
  if (table !== 'auditlogs' && !('TimeGenerated' in r && 'ActivityDisplayName' in r && 'InitiatedBy' in r)) return null;
  return {
    id: r.Id,
    category: r.Category,
    correlationId: r.CorrelationId,
    result: r.Result,
    resultReason: r.ResultReason ?? r.ResultDescription,
    activityDisplayName: r.ActivityDisplayName ?? r.OperationName,
    activityDateTime: r.ActivityDateTime ?? r.TimeGenerated,
    loggedByService: r.LoggedByService,
    operationType: r.AADOperationType,
    initiatedBy: dynamicColumn(r.InitiatedBy),
    targetResources: dynamicColumn(r.TargetResources),
    additionalDetails: dynamicColumn(r.AdditionalDetails),
  };
}

/**
 * Microsoft 365 record -> Activity. Accepts Management Activity API records (UAL), Graph signIns and
 * Graph directoryAudits, both Graph resources as Azure Monitor diagnostic rows (`properties`) and as Log
 * Analytics table rows (PascalCase columns), recognised by shape. Pure and total: unknown shapes become
 * `other` with `raw`.
 */
export function normalizeM365(record: unknown, context: NormalizeContext): NormalizedActivity {
  const r = asRecord(record);
  if (!r) return unreadableActivity('microsoft365', 'Microsoft 365', record, context.ingestedAt);
  try {
    const row = azureMonitorRow(r);
    if (row) {
      const inner = row.kind === 'signIn' ? signIn(row.resource, context) : directoryAudit(row.resource, context, row.identity);
      return { ...inner, raw: r };
    }
    const signInRow = logAnalyticsSignIn(r);
    if (signInRow) return { ...signIn(signInRow, context), raw: r };
    const auditRow = logAnalyticsAudit(r);
    if (auditRow) return { ...directoryAudit(auditRow, context), raw: r };
    if ('RecordType' in r || ('CreationTime' in r && 'Operation' in r)) return auditRecord(r, context);
    if ('createdDateTime' in r && ('status' in r || 'userPrincipalName' in r || 'appDisplayName' in r)) return signIn(r, context);
    if ('activityDateTime' in r && 'activityDisplayName' in r) return directoryAudit(r, context);
  } catch {
    // Unreachable by design; the record is still kept whole rather than dropped.
  }
  return unreadableActivity('microsoft365', 'Microsoft 365', r, context.ingestedAt);
}
