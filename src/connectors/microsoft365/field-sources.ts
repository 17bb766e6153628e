import { FIDELITY_FIELDS, type FidelityField, type FieldSourceMap } from '../sdk/fidelity.js';

const SIGN_IN = {
  user: ['userPrincipalName', 'userId'],
  ip: ['ipAddress'],
  time: ['createdDateTime'],
  action: ['status.errorCode'],
  outcome: ['status.errorCode'],
  targets: [],
} as const;

const DIRECTORY_AUDIT = {
  user: ['initiatedBy.user.userPrincipalName', 'initiatedBy.user.id', 'initiatedBy.app.appId'],
  ip: ['initiatedBy.user.ipAddress'],
  time: ['activityDateTime'],
  action: ['activityDisplayName', 'targetResources[].modifiedProperties[].displayName'],
  outcome: ['result'],
  targets: ['targetResources[].id', 'targetResources[].userPrincipalName', 'targetResources[].modifiedProperties[].newValue'],
} as const;

/** The same paths inside an Azure Monitor row's `properties`, plus the row's own fields. */
function prefixed(fields: FieldSourceMap['fields'], extra: Partial<Record<FidelityField, string[]>> = {}): FieldSourceMap['fields'] {
  const out = {} as Record<FidelityField, readonly string[]>;
  for (const field of FIDELITY_FIELDS) out[field] = [...fields[field].map((p) => `properties.${p}`), ...(extra[field] ?? [])];
  return out;
}

/** Where Microsoft 365's records carry each headline field (docs/activity-schema.md §6 is generated from this). */
export const m365FieldSources: readonly FieldSourceMap[] = [
  {
    shape: 'Management Activity API record (unified audit log)',
    fields: {
      user: ['UserId', 'Actor[].ID'],
      ip: ['ClientIP', 'ClientIPAddress', 'ActorIpAddress'],
      time: ['CreationTime'],
      action: ['Operation', 'RecordType', 'ModifiedProperties[].Name', 'Parameters[].Name'],
      outcome: ['ResultStatus', 'ErrorNumber'],
      targets: [
        'Target[].ID',
        'ObjectId',
        'ListItemUniqueId',
        'TargetUserOrGroupName',
        'MailboxGuid',
        'Members[].UPN',
        'TeamGuid',
        'SharePointMetaData.UniqueID',
        'ExchangeMetaData.MessageID',
        'PolicyDetails[].PolicyId',
        'ModifiedProperties[].NewValue',
        'Parameters[].Value',
      ],
    },
    notes:
      '`CreationTime` has no zone: UTC. IPs in any form (port, brackets, IPv6, IPv4-mapped → IPv4). No `ResultStatus` → success; sign-ins use `ErrorNumber` (interrupt codes → interrupted). The role of a role assignment comes from `ModifiedProperties` (`Role.TemplateId`, `Role.DisplayName`); the recipients of a mailbox rule or forwarding from the cmdlet `Parameters` (`ForwardTo`, `RedirectTo`, `ForwardingSmtpAddress`, ...).',
  },
  { shape: 'Graph signIn', fields: SIGN_IN, notes: '`status.errorCode` 0 → success, an interrupt code → interrupted, else failure.' },
  {
    shape: 'Azure Monitor sign-in row (SignInLogs, NonInteractiveUserSignInLogs, ServicePrincipalSignInLogs, ManagedIdentitySignInLogs)',
    fields: prefixed(SIGN_IN, { time: ['time'] }),
    notes: 'The Graph signIn in `properties`: the same Activity; the row is `raw`.',
  },
  {
    shape: 'Log Analytics sign-in row (SigninLogs, AADNonInteractiveUserSignInLogs tables: a Sentinel / Log Analytics query exported)',
    fields: {
      user: ['UserPrincipalName', 'UserId'],
      ip: ['IPAddress'],
      time: ['CreatedDateTime', 'TimeGenerated'],
      action: ['ResultType', 'Status.errorCode'],
      outcome: ['ResultType', 'Status.errorCode'],
      targets: [],
    },
    notes: 'The signIn resource as PascalCase columns; `Status`, `LocationDetails`, `DeviceDetail` are `dynamic` (objects, or JSON text in a CSV export). `ResultType` is the errorCode as text. The same Activity as Graph.',
  },
  { shape: 'Graph directoryAudit', fields: DIRECTORY_AUDIT },
  {
    shape: 'Log Analytics AuditLogs row',
    fields: {
      user: ['InitiatedBy.user.userPrincipalName', 'InitiatedBy.user.id', 'InitiatedBy.app.appId'],
      ip: ['InitiatedBy.user.ipAddress'],
      time: ['ActivityDateTime', 'TimeGenerated'],
      action: ['ActivityDisplayName', 'TargetResources[].modifiedProperties[].displayName'],
      outcome: ['Result'],
      targets: ['TargetResources[].id', 'TargetResources[].userPrincipalName', 'TargetResources[].modifiedProperties[].newValue'],
    },
    notes: 'The directoryAudit resource as PascalCase columns; `InitiatedBy`, `TargetResources` are `dynamic`. The same Activity as Graph.',
  },
  {
    shape: 'Azure Monitor AuditLogs row',
    fields: prefixed(DIRECTORY_AUDIT, { user: ['identity'], time: ['time'], action: ['operationName'] }),
    notes: 'The Graph directoryAudit in `properties`: the same Activity; the row is `raw`. `properties.result` may be the enum as a number (0 success, 1 failure, 2 timeout). An empty `initiatedBy` (a Microsoft service): the row\'s `identity` names the actor.',
  },
];
