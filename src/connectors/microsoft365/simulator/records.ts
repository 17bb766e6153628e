import type { SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { APP_IDS, hex } from './ids.js';
import type { Place } from '../../sdk/simulator/places.js';
import { microsoftPlaceName } from './places.js';
import type { SimServicePrincipal, SimUser, Tenant } from './tenant.js';

/** A Management Activity API record (digest §2.8): a plain JSON object. */
export type AuditRecord = Record<string, unknown>;
/** A Graph record (signIn, directoryAudit). */
export type GraphRecord = Record<string, unknown>;

export type ContentType = 'Audit.AzureActiveDirectory' | 'Audit.Exchange' | 'Audit.SharePoint' | 'Audit.General';

export interface RecordContext {
  tenant: Tenant;
  random: SeededRandom;
}

/** `CreationTime`: UTC, no zone, no fraction (`2020-02-10T15:13:13`). */
export function creationTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** Graph timestamps: UTC with Z and seven fractional digits (`2020-03-13T19:15:41.6195833Z`). */
export function graphTimestamp(ms: number, random?: SeededRandom): string {
  const base = new Date(ms).toISOString().slice(0, 23);
  const extra = random ? String(random.int(0, 9999)).padStart(4, '0') : '0000';
  return `${base}${extra}Z`;
}

function common(ctx: RecordContext, fields: { time: number; operation: string; recordType: number; workload: string; userId: string; userKey: string; userType?: number; objectId?: string; clientIp?: string | null; resultStatus?: string }): AuditRecord {
  const record: AuditRecord = {
    CreationTime: creationTime(fields.time),
    Id: ctx.random.uuid(),
    Operation: fields.operation,
    OrganizationId: ctx.tenant.id,
    RecordType: fields.recordType,
  };
  if (fields.resultStatus !== undefined) record.ResultStatus = fields.resultStatus;
  Object.assign(record, { UserKey: fields.userKey, UserType: fields.userType ?? 0, Version: 1, Workload: fields.workload });
  if (fields.clientIp !== undefined && fields.clientIp !== null) record.ClientIP = fields.clientIp;
  if (fields.objectId !== undefined) record.ObjectId = fields.objectId;
  record.UserId = fields.userId;
  return record;
}

export interface SignInSpec {
  user: SimUser;
  /** Attempted UPN when it is not the user's (a spray against a non-existent account). */
  attemptedUpn?: string;
  time: number;
  ip: string;
  place: Place;
  /** 0 = success; else the AADSTS code. */
  errorCode: number;
  failureReason?: string;
  logonError?: string;
  app: { id: string; name: string };
  resource: { id: string; name: string };
  userAgent: string;
  os: string;
  browser: string;
  deviceId?: string;
  managed?: boolean;
  compliant?: boolean;
  clientAppUsed?: string;
  interactive: boolean;
  riskEventTypes?: string[];
  riskLevel?: 'none' | 'low' | 'medium' | 'high';
  /** A CA policy requiring MFA applied (admins). */
  mfaPolicy?: { id: string; displayName: string } | null;
  /** The sign-in session (Graph `sessionId`, UAL `DeviceProperties.SessionId`): one per device and day. @default a new one */
  sessionId?: string;
}

/** One sign-in as both feeds report it: an Entra STS logon record and a Graph signIn (different ids). */
export function signIn(ctx: RecordContext, spec: SignInSpec): { audit: AuditRecord; graph: GraphRecord } {
  const { tenant, random } = ctx;
  const upn = spec.attemptedUpn ?? spec.user.userPrincipalName;
  const success = spec.errorCode === 0;
  // Drawn even when the spec names the session, so naming one leaves every later random value as it was.
  const drawnSession = random.uuid();
  const sessionId = spec.sessionId ?? drawnSession;
  const correlationId = random.uuid();
  const audit = common(ctx, {
    time: spec.time,
    operation: success ? 'UserLoggedIn' : 'UserLoginFailed',
    recordType: 15,
    workload: 'AzureActiveDirectory',
    userId: upn,
    userKey: `${spec.user.puid}@${tenant.initialDomain}`,
    resultStatus: success ? 'Succeeded' : 'Failed',
    clientIp: spec.ip,
    objectId: spec.resource.id,
  });
  Object.assign(audit, {
    AzureActiveDirectoryEventType: 1,
    ExtendedProperties: [
      { Name: 'ResultStatusDetail', Value: success ? 'Success' : 'Redirect' },
      { Name: 'UserAgent', Value: spec.userAgent },
      { Name: 'UserAuthenticationMethod', Value: '1' },
      { Name: 'RequestType', Value: 'OAuth2:Authorize' },
      ...(success ? [{ Name: 'KeepMeSignedIn', Value: 'False' }] : []),
    ],
    ModifiedProperties: [],
    Actor: [
      { ID: spec.attemptedUpn ? random.uuid() : spec.user.id, Type: 0 },
      { ID: upn, Type: 5 },
    ],
    ActorContextId: tenant.id,
    ActorIpAddress: spec.ip,
    InterSystemsId: correlationId,
    IntraSystemId: random.uuid(),
    SupportTicketId: '',
    Target: [{ ID: spec.resource.id, Type: 0 }],
    TargetContextId: tenant.id,
    ApplicationId: spec.app.id,
    DeviceProperties: [
      { Name: 'OS', Value: spec.os },
      { Name: 'BrowserType', Value: spec.browser.split(' ')[0] ?? spec.browser },
      ...(spec.deviceId ? [{ Name: 'Id', Value: spec.deviceId }] : []),
      { Name: 'IsCompliant', Value: spec.compliant ? 'True' : 'False' },
      { Name: 'IsCompliantAndManaged', Value: spec.compliant && spec.managed ? 'True' : 'False' },
      { Name: 'SessionId', Value: sessionId },
    ],
    ErrorNumber: String(spec.errorCode),
  });
  if (!success) audit.LogonError = spec.logonError ?? 'InvalidUserNameOrPassword';

  const risk = spec.riskLevel ?? 'none';
  const graph: GraphRecord = {
    id: random.uuid(),
    createdDateTime: graphTimestamp(spec.time, random),
    userDisplayName: spec.attemptedUpn ? null : spec.user.displayName,
    userPrincipalName: upn,
    userId: spec.attemptedUpn ? '00000000-0000-0000-0000-000000000000' : spec.user.id,
    appId: spec.app.id,
    appDisplayName: spec.app.name,
    ipAddress: spec.ip,
    clientAppUsed: spec.clientAppUsed ?? 'Browser',
    correlationId,
    sessionId,
    conditionalAccessStatus: spec.mfaPolicy && success ? 'success' : 'notApplied',
    isInteractive: spec.interactive,
    riskDetail: 'none',
    riskLevelAggregated: risk,
    riskLevelDuringSignIn: risk,
    riskState: risk === 'none' ? 'none' : 'atRisk',
    riskEventTypes: spec.riskEventTypes ?? [],
    riskEventTypes_v2: spec.riskEventTypes ?? [],
    resourceDisplayName: spec.resource.name,
    resourceId: spec.resource.id,
    resourceTenantId: tenant.id,
    homeTenantId: tenant.id,
    servicePrincipalId: '',
    status: {
      errorCode: spec.errorCode,
      failureReason: success ? 'Other.' : (spec.failureReason ?? 'Invalid username or password or Invalid on-premise username or password.'),
      additionalDetails: spec.errorCode === 50126 ? 'The user didn\'t enter the right credentials.  It\'s expected to see some number of these errors in your logs due to users making mistakes.' : null,
    },
    deviceDetail: {
      deviceId: spec.deviceId ?? '',
      displayName: spec.deviceId ? `${spec.user.givenName.toUpperCase()}-${spec.os === 'MacOs' ? 'MBP' : 'LT'}` : null,
      operatingSystem: spec.os === 'Windows10' ? 'Windows 10' : spec.os,
      browser: spec.browser,
      isCompliant: spec.compliant ?? null,
      isManaged: spec.managed ?? null,
      trustType: spec.managed ? 'Azure AD joined' : null,
    },
    location: {
      city: microsoftPlaceName(spec.place.city),
      state: microsoftPlaceName(spec.place.state),
      countryOrRegion: spec.place.countryIso,
      geoCoordinates: { altitude: null, latitude: spec.place.latitude, longitude: spec.place.longitude },
    },
    appliedConditionalAccessPolicies: spec.mfaPolicy
      ? [{ id: spec.mfaPolicy.id, displayName: spec.mfaPolicy.displayName, enforcedGrantControls: ['Mfa'], enforcedSessionControls: [], result: success ? 'success' : 'notApplied' }]
      : [],
    userAgent: spec.userAgent,
  };
  if (!spec.interactive) graph.signInEventTypes = ['nonInteractiveUser'];
  else graph.signInEventTypes = ['interactiveUser'];
  return { audit, graph };
}

export type DirectoryActor =
  | { kind: 'user'; user: SimUser; ip: string | null }
  | { kind: 'app'; app: SimServicePrincipal };

export interface DirectoryTarget {
  kind: 'user' | 'group' | 'servicePrincipal' | 'application' | 'role' | 'policy' | 'domain';
  id: string;
  name: string | null;
  upn?: string;
  puid?: string;
}

export interface ModifiedProperty {
  Name: string;
  NewValue: string;
  OldValue: string;
}

export interface DirectoryChangeSpec {
  time: number;
  /** UAL operation with its trailing dot (`Add member to role.`); Graph drops the dot. */
  operation: string;
  category: 'UserManagement' | 'GroupManagement' | 'RoleManagement' | 'ApplicationManagement' | 'Policy' | 'DirectoryManagement';
  operationType: 'Add' | 'Update' | 'Delete' | 'Assign' | 'Unassign';
  actor: DirectoryActor;
  targets: DirectoryTarget[];
  modified: ModifiedProperty[];
  /** Which target carries the modified properties in Graph. @default 0 */
  modifiedOn?: number;
  result?: 'success' | 'failure';
}

const TARGET_TYPE: Record<DirectoryTarget['kind'], string> = { user: 'User', group: 'Group', servicePrincipal: 'ServicePrincipal', application: 'Application', role: 'Role', policy: 'Policy', domain: 'Domain' };

/** One directory change as both feeds report it: a UAL RecordType 8 record and a Graph directoryAudit. */
export function directoryChange(ctx: RecordContext, spec: DirectoryChangeSpec): { audit: AuditRecord; graph: GraphRecord } {
  const { tenant, random } = ctx;
  const correlationId = random.uuid();
  const actor = spec.actor;
  const actorUpn = actor.kind === 'user' ? actor.user.userPrincipalName : `ServicePrincipal_${actor.app.id}`;
  const audit = common(ctx, {
    time: spec.time,
    operation: spec.operation,
    recordType: 8,
    workload: 'AzureActiveDirectory',
    userId: actor.kind === 'user' ? actorUpn : actor.app.displayName,
    userKey: actor.kind === 'user' ? `${actor.user.puid}@${tenant.initialDomain}` : `Not Available`,
    userType: actor.kind === 'user' ? 0 : 5,
    resultStatus: spec.result === 'failure' ? 'Failure' : 'Success',
    objectId: spec.targets[0]?.upn ?? spec.targets[0]?.id ?? '',
  });
  if (actor.kind === 'user' && actor.ip) audit.ClientIP = actor.ip;
  const targetEntries: { ID: string; Type: number }[] = [];
  for (const t of spec.targets) {
    const type = TARGET_TYPE[t.kind];
    targetEntries.push({ ID: `${type}_${t.id}`, Type: 2 }, { ID: t.id, Type: 2 }, { ID: type, Type: 2 });
    if (t.upn) targetEntries.push({ ID: t.upn, Type: 5 });
    if (t.puid) targetEntries.push({ ID: t.puid, Type: 3 });
    if (t.name && !t.upn) targetEntries.push({ ID: t.name, Type: 1 });
  }
  Object.assign(audit, {
    AzureActiveDirectoryEventType: 1,
    ExtendedProperties: [
      { Name: 'additionalDetails', Value: '{}' },
      { Name: 'extendedAuditEventCategory', Value: TARGET_TYPE[spec.targets[0]?.kind ?? 'user'] },
    ],
    ModifiedProperties: spec.modified,
    Actor:
      actor.kind === 'user'
        ? [
            { ID: `User_${actor.user.id}`, Type: 2 },
            { ID: actor.user.id, Type: 2 },
            { ID: 'User', Type: 2 },
            { ID: actorUpn, Type: 5 },
            { ID: actor.user.puid, Type: 3 },
          ]
        : [
            { ID: actor.app.displayName, Type: 1 },
            { ID: `ServicePrincipal_${actor.app.id}`, Type: 2 },
            { ID: actor.app.id, Type: 2 },
            { ID: 'ServicePrincipal', Type: 2 },
            { ID: actor.app.appId, Type: 2 },
          ],
    ActorContextId: tenant.id,
    ...(actor.kind === 'user' && actor.ip ? { ActorIpAddress: actor.ip } : {}),
    InterSystemsId: correlationId,
    IntraSystemId: random.uuid(),
    SupportTicketId: '',
    Target: targetEntries,
    TargetContextId: tenant.id,
  });

  const modifiedOn = spec.modifiedOn ?? 0;
  const graph: GraphRecord = {
    id: `Directory_${correlationId}_${hex(random, 5).toUpperCase()}_${random.int(10000000, 99999999)}`,
    category: spec.category,
    correlationId,
    result: spec.result ?? 'success',
    resultReason: '',
    activityDisplayName: spec.operation.replace(/\.$/, ''),
    activityDateTime: graphTimestamp(spec.time, random),
    loggedByService: 'Core Directory',
    operationType: spec.operationType,
    initiatedBy:
      actor.kind === 'user'
        ? { app: null, user: { id: actor.user.id, displayName: null, userPrincipalName: actor.user.userPrincipalName, ipAddress: actor.ip ?? '', userType: null, homeTenantId: null, homeTenantName: null } }
        : { user: null, app: { appId: actor.app.appId, displayName: actor.app.displayName, servicePrincipalId: actor.app.id, servicePrincipalName: null } },
    targetResources: spec.targets.map((t, index) => ({
      id: t.id,
      displayName: t.kind === 'user' ? null : t.name,
      type: TARGET_TYPE[t.kind],
      userPrincipalName: t.upn ?? null,
      groupType: t.kind === 'group' ? 'unifiedGroups' : null,
      modifiedProperties:
        index === modifiedOn
          ? spec.modified.map((m) => ({ displayName: m.Name, oldValue: graphValue(m.OldValue), newValue: graphValue(m.NewValue) }))
          : [],
    })),
    additionalDetails: [],
  };
  return { audit, graph };
}

/** Graph writes a modified property's value as compact JSON (`[false]`, `"Global Administrator"`); UAL pretty-prints arrays. */
function graphValue(ual: string): string | null {
  if (ual === '' || ual === '[]') return null;
  try {
    return JSON.stringify(JSON.parse(ual));
  } catch {
    return JSON.stringify(ual);
  }
}

/** `[\r\n  value\r\n]`: how UAL serialises a modified property's values. */
export function ualValue(value: unknown): string {
  return `[\r\n  ${JSON.stringify(value)}\r\n]`;
}

export interface FileSpec {
  user: SimUser;
  time: number;
  ip: string;
  operation: string;
  site: { url: string; id: string; webId: string; listId: string; library: string };
  fileName: string;
  listItemId?: string;
  userAgent: string;
  workload?: 'SharePoint' | 'OneDrive';
  sharedWith?: { name: string; type: 'Member' | 'Guest' | 'Group' | 'Partner' };
}

/** A SharePoint / OneDrive file operation (RecordType 6; sharing 14). */
export function fileOperation(ctx: RecordContext, spec: FileSpec): AuditRecord {
  const { random } = ctx;
  const extension = spec.fileName.includes('.') ? (spec.fileName.split('.').pop() ?? '') : '';
  const sharing = spec.sharedWith !== undefined || /Link|Sharing/.test(spec.operation);
  const record = common(ctx, {
    time: spec.time,
    operation: spec.operation,
    recordType: sharing ? 14 : 6,
    workload: spec.workload ?? 'SharePoint',
    userId: spec.user.userPrincipalName,
    userKey: `i:0h.f|membership|${spec.user.puid.toLowerCase()}@live.com`,
    clientIp: spec.ip,
    objectId: `${spec.site.url}${spec.site.library}/${spec.fileName}`,
  });
  Object.assign(record, {
    CorrelationId: random.uuid(),
    EventSource: 'SharePoint',
    ItemType: 'File',
    ListId: spec.site.listId,
    ListItemUniqueId: spec.listItemId ?? random.uuid(),
    Site: spec.site.id,
    UserAgent: spec.userAgent,
    WebId: spec.site.webId,
    SourceFileExtension: extension,
    SiteUrl: spec.site.url,
    SourceFileName: spec.fileName,
    SourceRelativeUrl: spec.site.library,
    GeoLocation: 'NAM',
    IsManagedDevice: spec.user.device.managed,
    ApplicationDisplayName: 'SharePoint Online Web Client Extensibility',
  });
  if (spec.sharedWith) {
    Object.assign(record, { TargetUserOrGroupName: spec.sharedWith.name, TargetUserOrGroupType: spec.sharedWith.type, EventData: '<PermissionsGranted>Contribute</PermissionsGranted>', UniqueSharingId: random.uuid() });
  }
  return record;
}

export interface ExchangeAdminSpec {
  actor: SimUser | 'system';
  time: number;
  ip: string | null;
  cmdlet: string;
  objectId: string;
  parameters: { Name: string; Value: string }[];
  success?: boolean;
}

/** An Exchange admin / cmdlet record (RecordType 1); `ClientIP` carries the port, as Exchange sends it. */
export function exchangeAdmin(ctx: RecordContext, spec: ExchangeAdminSpec): AuditRecord {
  const { tenant, random } = ctx;
  const system = spec.actor === 'system';
  const record = common(ctx, {
    time: spec.time,
    operation: spec.cmdlet,
    recordType: 1,
    workload: 'Exchange',
    userId: system ? 'NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)' : (spec.actor as SimUser).userPrincipalName,
    userKey: system ? 'NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)' : (spec.actor as SimUser).puid,
    userType: system ? 4 : 2,
    resultStatus: spec.success === false ? 'False' : 'True',
    clientIp: spec.ip ? `${spec.ip}:${random.int(1024, 65535)}` : null,
    objectId: spec.objectId,
  });
  Object.assign(record, {
    AppId: '',
    ClientAppId: '',
    ExternalAccess: system,
    OrganizationName: tenant.initialDomain,
    OriginatingServer: `SN6PR04MB${random.int(1000, 9999)} (15.20.7452.028)`,
    Parameters: spec.parameters,
    SessionId: system ? undefined : random.uuid(),
  });
  if (record.SessionId === undefined) delete record.SessionId;
  return record;
}

/** A mailbox item operation by its owner (RecordType 2), e.g. `Send`. */
export function mailboxItem(ctx: RecordContext, spec: { user: SimUser; time: number; ip: string; operation: string; subject: string; folder: string; userAgent: string }): AuditRecord {
  const { tenant, random } = ctx;
  const record = common(ctx, {
    time: spec.time,
    operation: spec.operation,
    recordType: 2,
    workload: 'Exchange',
    userId: spec.user.userPrincipalName,
    userKey: spec.user.puid,
    resultStatus: 'Succeeded',
    clientIp: spec.ip,
    objectId: '',
  });
  delete record.ObjectId;
  Object.assign(record, {
    AppId: '00000002-0000-0ff1-ce00-000000000000',
    ClientIPAddress: spec.ip,
    ClientInfoString: `Client=OWA;Action=ViaProxy;${spec.userAgent}`,
    ExternalAccess: false,
    InternalLogonType: 0,
    LogonType: 0,
    LogonUserSid: `S-1-5-21-${random.int(1000000000, 1999999999)}-${random.int(1000, 9999)}`,
    MailboxGuid: random.uuid(),
    MailboxOwnerUPN: spec.user.userPrincipalName,
    OrganizationName: tenant.initialDomain,
    OriginatingServer: `BN8PR04MB${random.int(1000, 9999)} (15.20.7452.028)`,
    Item: {
      Id: `LgAAAAAd${hex(random, 24)}`,
      InternetMessageId: `<${hex(random, 32)}@${tenant.domain}>`,
      ParentFolder: { Id: `LgAAAAAd${hex(random, 20)}`, Path: spec.folder },
      Subject: spec.subject,
    },
    SessionId: random.uuid(),
  });
  return record;
}

/** A Teams / Power BI / other-workload record (Audit.General). */
export function generalRecord(ctx: RecordContext, spec: { user: SimUser; time: number; ip: string; workload: 'MicrosoftTeams' | 'PowerBI'; operation: string; userAgent: string; extra?: Record<string, unknown> }): AuditRecord {
  const { random } = ctx;
  const record = common(ctx, {
    time: spec.time,
    operation: spec.operation,
    recordType: spec.workload === 'MicrosoftTeams' ? 25 : 20,
    workload: spec.workload,
    userId: spec.user.userPrincipalName,
    userKey: spec.user.id,
    clientIp: spec.ip,
    objectId: spec.workload === 'PowerBI' ? '' : undefined,
  } as Parameters<typeof common>[1]);
  if (spec.workload === 'PowerBI') {
    Object.assign(record, { UserAgent: spec.userAgent, Activity: spec.operation, RequestId: random.uuid(), ActivityId: random.uuid(), IsSuccess: true });
  } else {
    Object.assign(record, { AppAccessContext: { ClientAppId: APP_IDS.teams, CorrelationId: random.uuid() }, DeviceId: spec.user.device.deviceId, ExtraProperties: [{ Key: 'UserAgent', Value: spec.userAgent }] });
  }
  Object.assign(record, spec.extra ?? {});
  return record;
}
