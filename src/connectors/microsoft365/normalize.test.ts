import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ActivitySchema, type Activity } from '../../core/activity.js';
import type { NormalizeContext } from '../sdk/define-connector.js';
import { normalizeRecord } from '../sdk/normalize-total.js';
import microsoft365 from './index.js';
import { normalizeM365 } from './normalize.js';
import aad from './simulator/fixtures/audit.azure-active-directory.json' with { type: 'json' };
import exchange from './simulator/fixtures/audit.exchange.json' with { type: 'json' };
import general from './simulator/fixtures/audit.general.json' with { type: 'json' };
import sharepoint from './simulator/fixtures/audit.sharepoint.json' with { type: 'json' };
import directoryAudits from './simulator/fixtures/graph.directory-audits.json' with { type: 'json' };
import signIns from './simulator/fixtures/graph.sign-ins.json' with { type: 'json' };

const INGESTED = Date.parse('2025-03-14T12:00:00Z');
const context: NormalizeContext = { connectorInstanceId: 'm365-test', ingestedAt: INGESTED, lookupAccount: () => undefined };
const ALL: Record<string, unknown>[] = [...aad, ...exchange, ...sharepoint, ...general, ...signIns, ...directoryAudits] as Record<string, unknown>[];

function activity(record: unknown, ctx: NormalizeContext = context): Activity {
  return ActivitySchema.parse(normalizeRecord(microsoft365, record, ctx));
}

function byId(list: readonly unknown[], id: string): Activity {
  const record = list.find((r) => (r as { Id?: string; id?: string }).Id === id || (r as { id?: string }).id === id);
  if (!record) throw new Error(`fixture ${id} not found`);
  return activity(record);
}

function byOperation(list: readonly unknown[], operation: string): Activity {
  const record = list.find((r) => (r as { Operation?: string }).Operation === operation);
  if (!record) throw new Error(`fixture ${operation} not found`);
  return activity(record);
}

describe('every fixture', () => {
  it('normalises to a valid Activity that keeps the record whole in raw', () => {
    for (const record of ALL) {
      const a = activity(record);
      expect(a.raw).toEqual(record);
      expect(a.sourceId).toBe(String(record.Id ?? record.id));
      expect(a.provider).toBe('microsoft365');
      expect(a.originalTime).toBe(String(record.CreationTime ?? record.createdDateTime ?? record.activityDateTime));
    }
  });
});

describe('Entra (Audit.AzureActiveDirectory)', () => {
  it('maps the digest\'s UserLoggedIn sample (ACTIVITY-SCHEMA §4)', () => {
    const a = byId(aad, 'ca0efc24-1b89-4962-8fef-a3ac5437302f');
    expect(a).toMatchObject({
      action: 'user.login',
      ocsf: { classUid: 3002, activityId: 1, categoryUid: 3 },
      eventType: 'UserLoggedIn',
      app: 'Entra ID',
      tenantId: 'b86ab9d4-fcf1-4b11-8a06-7a8f91b47fbd',
      time: Date.UTC(2020, 1, 10, 15, 13, 13),
      outcome: 'success',
      outcomeCode: null,
      actor: { userId: '755e500a-6c03-46b0-b53b-282f23374e3b', email: 'asr@testsiem.onmicrosoft.com', appId: '4345a7b9-9a63-4910-a426-35363201d503', type: 'user' },
      service: { id: '00000002-0000-0000-c000-000000000000', name: 'Windows Azure Active Directory' },
      srcIp: '67.43.156.15',
      srcPort: null,
      ipVersion: 4,
      userAgent: 'Mozilla/5.0 (Macintosh; ...) Firefox/72.0',
      correlationId: '03616b3a-fc75-46a1-b34a-2d82fc8f1e7e',
      auth: { protocol: 'oauth2', mfa: null },
      geo: { source: null, country: null },
    });
  });

  it('reads failure from ErrorNumber and LogonError, not ResultStatus', () => {
    const failed = activity(aad.find((r) => r.Operation === 'UserLoginFailed' && r.ErrorNumber === '50126'));
    expect(failed).toMatchObject({ action: 'user.login_failed', outcome: 'failure', outcomeCode: '50126', outcomeReason: 'InvalidUserNameOrPassword' });
    const misleading = activity({ ...(aad[0] as object), Id: 'x-1', ResultStatus: 'Succeeded', ErrorNumber: '50053' });
    expect(misleading).toMatchObject({ action: 'user.login_failed', outcome: 'failure', outcomeCode: '50053' });
  });

  it('maps the Management API reference samples (RecordType 9 logons, Add User.)', () => {
    expect(byId(aad, '80c76bd2-9d81-4c57-a97a-accfc3443dca')).toMatchObject({ action: 'user.login_failed', outcome: 'failure', outcomeReason: '-2147217390;PP_E_BAD_PASSWORD;The entered and stored passwords do not match.', srcIp: '134.170.188.221' });
    expect(byId(aad, '4e655d3f-35fa-42e0-b050-264b2d255c7a')).toMatchObject({ action: 'user.login', outcome: 'success' });
    const added = byId(aad, 'b567caf0-088e-4c1c-a4ea-633a1e3d66c8');
    expect(added).toMatchObject({ action: 'user.created', ocsf: { classUid: 3001, activityId: 1 }, outcome: 'success', actor: { email: 'admin@contoso.onmicrosoft.com', userId: '1cef1fdb-ff52-48c4-8e4e-dfb5ea83d357' } });
    expect(added.targets).toContainEqual(expect.objectContaining({ type: 'user', email: 'user001@contoso.onmicrosoft.com' }));
  });

  it('maps Add member to role. with the role as a target and its properties as changes', () => {
    const a = byOperation(aad, 'Add member to role.');
    expect(a).toMatchObject({ action: 'admin.role_assigned', ocsf: { classUid: 3005, activityId: 1 }, outcome: 'success' });
    expect(a.targets).toContainEqual(expect.objectContaining({ type: 'role', id: '62e90394-69f5-4237-9190-012177145e10', name: 'Global Administrator' }));
    expect(a.targets.find((t) => t.type === 'user')?.email).toMatch(/@contoso\.com$/);
    expect(a.targets.find((t) => t.type === 'role')?.changes).toContainEqual({ field: 'Role.DisplayName', old: null, new: 'Global Administrator' });
    expect(a.actor.email).toMatch(/@contoso\.com$/);
    expect(a.actor.userId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('maps Consent to application. with the consented scopes', () => {
    const a = byOperation(aad, 'Consent to application.');
    expect(a).toMatchObject({ action: 'oauth.consent_granted', ocsf: { classUid: 3005, activityId: 1 } });
    const app = a.targets.find((t) => t.type === 'app');
    expect(app?.name).toBe('PDF Converter Online');
    expect(app?.changes?.[0]).toEqual({ field: 'scopes', new: ['User.Read', 'Mail.Read', 'offline_access'] });
  });

  it('reads Update user. by what changed: disabled, and other updates', () => {
    const disabled = byOperation(aad, 'Update user.');
    expect(disabled).toMatchObject({ action: 'user.suspended', ocsf: { classUid: 3001, activityId: 5 } });
    expect(disabled.targets[0]?.changes).toContainEqual({ field: 'AccountEnabled', old: true, new: false });
    const enabled = activity({ ...(aad.find((r) => r.Operation === 'Update user.') as object), Id: 'u-2', ModifiedProperties: [{ Name: 'AccountEnabled', OldValue: '[\r\n  false\r\n]', NewValue: '[\r\n  true\r\n]' }] });
    expect(enabled.action).toBe('user.unsuspended');
    const revoked = activity({ ...(aad.find((r) => r.Operation === 'Update user.') as object), Id: 'u-3', ModifiedProperties: [{ Name: 'StsRefreshTokensValidFrom', OldValue: '[]', NewValue: '[\r\n  "2025-03-14T12:00:00Z"\r\n]' }] });
    expect(revoked).toMatchObject({ action: 'user.sessions_revoked', ocsf: { classUid: 3002, activityId: 2 } });
    const title = activity({ ...(aad.find((r) => r.Operation === 'Update user.') as object), Id: 'u-4', ModifiedProperties: [{ Name: 'JobTitle', OldValue: '[\r\n  "Analyst"\r\n]', NewValue: '[\r\n  "Senior Analyst"\r\n]' }] });
    expect(title).toMatchObject({ action: 'user.updated', ocsf: { classUid: 3004, activityId: 3 } });
  });

  it('reads StrongAuthenticationMethod on Update user.: methods cleared is an MFA reset, methods added a registration', () => {
    const base = aad.find((r) => r.Operation === 'Update user.') as object;
    const two = '[\r\n  {\r\n    "MethodType": 6,\r\n    "Default": true\r\n  },\r\n  {\r\n    "MethodType": 7,\r\n    "Default": false\r\n  }\r\n]';
    const cleared = activity({ ...base, Id: 'sam-1', ModifiedProperties: [{ Name: 'StrongAuthenticationMethod', OldValue: two, NewValue: '[]' }] });
    expect(cleared).toMatchObject({ action: 'mfa.disabled', ocsf: { classUid: 3001, activityId: 11 } });
    const added = activity({ ...base, Id: 'sam-2', ModifiedProperties: [{ Name: 'StrongAuthenticationMethod', OldValue: '[]', NewValue: two }] });
    expect(added.action).toBe('mfa.enabled');
  });

  it('maps federation, identity-provider and mailbox-audit changes', () => {
    const dir = aad.find((r) => r.Operation === 'Update user.') as object;
    expect(activity({ ...dir, Id: 'f-1', Operation: 'Set domain authentication.', ModifiedProperties: [{ Name: 'LiveType', OldValue: '[\r\n  "Managed"\r\n]', NewValue: '[\r\n  "Federated"\r\n]' }] }).action).toBe('security.sso_changed');
    expect(activity({ ...dir, Id: 'f-2', Operation: 'Add identity provider', ModifiedProperties: [] }).action).toBe('security.sso_changed');
    const cmdlet = exchange.find((r) => r.Operation === 'Set-Mailbox') as object;
    expect(activity({ ...cmdlet, Id: 'x-1', Operation: 'Set-MailboxAuditBypassAssociation', Parameters: [{ Name: 'Identity', Value: 'a@x.test' }, { Name: 'AuditBypassEnabled', Value: 'True' }] }).action).toBe('admin.setting_changed');
    expect(activity({ ...cmdlet, Id: 'x-2', Parameters: [{ Name: 'Identity', Value: 'a@x.test' }, { Name: 'AuditEnabled', Value: 'False' }] }).action).toBe('admin.setting_changed');
  });

  it('maps group membership and password resets', () => {
    const group = byOperation(aad, 'Add member to group.');
    expect(group).toMatchObject({ action: 'group.member_added', ocsf: { classUid: 3006, activityId: 3 } });
    expect(group.targets).toContainEqual(expect.objectContaining({ type: 'group', name: 'All Company' }));
    expect(byOperation(aad, 'Reset user password.')).toMatchObject({ action: 'user.password_reset', ocsf: { classUid: 3001, activityId: 4 } });
  });

  it('marks admins from the inventory at ingest time, not from UserType', () => {
    const record = aad.find((r) => r.Operation === 'Add member to role.');
    const actorId = (record?.Actor as { ID: string; Type: number }[]).find((e) => e.ID.startsWith('User_'))?.ID.slice(5) ?? '';
    const withInventory: NormalizeContext = { ...context, lookupAccount: (id) => (id === actorId ? { email: null, name: 'Alex', isAdmin: true, status: 'active' } : undefined) };
    expect(activity(record, withInventory).actor).toMatchObject({ isAdmin: true, userId: actorId });
    expect(activity(record).actor.isAdmin).toBeNull();
  });
});

describe('Exchange (Audit.Exchange)', () => {
  it('maps New-InboxRule with its parameters as changes and the forwarding address as a target', () => {
    const a = byOperation(exchange, 'New-InboxRule');
    expect(a).toMatchObject({ action: 'mail.inbox_rule_created', ocsf: { classUid: 6003, activityId: 1 }, outcome: 'success', app: 'Exchange' });
    expect(a.srcPort).toEqual(expect.any(Number));
    expect(a.srcIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(a.targets[0]).toMatchObject({ type: 'mailbox' });
    expect(a.targets[0]?.changes).toContainEqual({ field: 'ForwardTo', new: 'archive.backup2291@protonmail.com' });
    expect(a.targets).toContainEqual(expect.objectContaining({ type: 'other', email: 'archive.backup2291@protonmail.com' }));
  });

  it('maps Set-Mailbox with ForwardingSmtpAddress to mail.forwarding_set', () => {
    const a = byOperation(exchange, 'Set-Mailbox');
    expect(a).toMatchObject({ action: 'mail.forwarding_set', ocsf: { classUid: 6003, activityId: 3 } });
    expect(a.targets).toContainEqual(expect.objectContaining({ email: 'archive.backup2291@protonmail.com' }));
  });

  it('splits a bracketed IPv6 ClientIP with port, and does not trust Exchange\'s UserType for isAdmin', () => {
    const a = byOperation(exchange, 'Add-MailboxPermission');
    expect(a).toMatchObject({ action: 'mail.permission_granted', ocsf: { classUid: 3005, activityId: 1 }, srcIp: '2001:db8:4006:812::200e', srcPort: 51234, ipVersion: 6 });
    expect(a.actor).toMatchObject({ type: 'admin', isAdmin: null, email: 'leah.gunnarsson@contoso.com' });
  });

  it('maps a failed system Set-InboxRule with two redirect addresses', () => {
    const a = byOperation(exchange, 'Set-InboxRule');
    expect(a).toMatchObject({ action: 'mail.inbox_rule_changed', outcome: 'failure', actor: { type: 'system', email: null } });
    expect(a.targets.filter((t) => t.type === 'other').map((t) => t.email)).toEqual(['ops@contoso.com', 'archive@example.org']);
  });

  it('files unmapped mailbox operations as other in 6003/99 with the client string as user agent', () => {
    const a = byOperation(exchange, 'Send');
    expect(a).toMatchObject({ action: 'other', eventType: 'Send', ocsf: { classUid: 6003, activityId: 99 } });
    expect(a.userAgent).toMatch(/^Client=OWA/);
    expect(a.targets[0]).toMatchObject({ type: 'mailbox' });
  });
});

describe('SharePoint and OneDrive (Audit.SharePoint)', () => {
  it('maps the digest\'s FileDeleted sample', () => {
    const a = byId(sharepoint, 'ec04aa09-0a43-4879-cdc8-08d7abecf327');
    expect(a).toMatchObject({
      action: 'file.deleted',
      ocsf: { classUid: 6006, activityId: 4 },
      app: 'OneDrive',
      tenantId: 'b86ab9d4-...',
      time: Date.UTC(2020, 1, 7, 16, 44, 7),
      outcome: 'success', // no ResultStatus: the deletion happened (issue #11)
      actor: { email: 'asr@testsiem.onmicrosoft.com' },
      srcIp: '67.43.156.15',
      userAgent: 'Mozilla/5.0 ...',
      correlationId: '652b339f-908c-a000-f25f-91423da7dd9b',
    });
    expect(a.targets).toEqual([{ type: 'file', id: '4803608a-...', name: 'Screenshot.png' }]);
  });

  it('maps downloads, syncs, views, sharing and anonymous links', () => {
    expect(byOperation(sharepoint, 'FileDownloaded')).toMatchObject({ action: 'file.downloaded', ocsf: { classUid: 6006, activityId: 2 }, app: 'SharePoint' });
    expect(byOperation(sharepoint, 'FileSyncDownloadedFull')).toMatchObject({ action: 'file.synced', ocsf: { classUid: 6006, activityId: 15 }, srcIp: '2001:db8::7', srcPort: 443 });
    expect(byOperation(sharepoint, 'FileAccessed')).toMatchObject({ action: 'file.viewed', app: 'OneDrive' });
    const shared = byOperation(sharepoint, 'SharingSet');
    expect(shared).toMatchObject({ action: 'file.shared', ocsf: { classUid: 6006, activityId: 12 } });
    expect(shared.targets[1]).toMatchObject({ type: 'user', email: expect.stringMatching(/@contoso\.com$/) });
    expect(byOperation(sharepoint, 'AnonymousLinkCreated')).toMatchObject({ action: 'file.public_link_created', ocsf: { classUid: 6006, activityId: 12 } });
  });
});

describe('other workloads (Audit.General)', () => {
  it('keeps Teams and Power BI records, maps exports, and files the unknown as other', () => {
    expect(byOperation(general, 'TeamsSessionStarted')).toMatchObject({ action: 'other', app: 'Teams', ocsf: { classUid: 6003, activityId: 99 } });
    expect(byOperation(general, 'ViewReport')).toMatchObject({ action: 'other', app: 'Power BI' });
    expect(byOperation(general, 'ExportReport')).toMatchObject({ action: 'data.exported', ocsf: { classUid: 6001, activityId: 7 } });
    expect(byOperation(general, 'SomethingMicrosoftAddsNextYear')).toMatchObject({ action: 'other', eventType: 'SomethingMicrosoftAddsNextYear', app: 'FutureWorkload', ocsf: { classUid: 6003, activityId: 99 } });
  });
});

describe('Graph sign-ins', () => {
  it('maps the digest\'s signIn sample (ACTIVITY-SCHEMA §4)', () => {
    const a = byId(signIns, '66ea54eb-6301-4ee5-be62-ff5a759b0100');
    expect(a).toMatchObject({
      action: 'user.login',
      eventType: 'signIn',
      time: 1584126941619,
      originalTime: '2020-03-13T19:15:41.6195833Z',
      outcome: 'success',
      actor: { userId: '26be570a-ae82-4189-b4e2-a37c6808512d', email: 'testaccount1@contoso.com', name: 'Test Contoso', appId: 'de8bc8b5-d9f9-48b1-a8ad-b748da725064', appName: 'Graph explorer' },
      service: { id: '00000003-0000-0000-c000-000000000000', name: 'Microsoft Graph' },
      srcIp: '131.107.159.37',
      geo: { country: 'US', region: 'Washington', city: 'Redmond', lat: 47.68, lon: -122.12, source: 'provider' },
      ua: { os: 'Windows 10', browser: 'Edge 80.0.361' },
      correlationId: 'd79f5bee-5860-4832-928f-3133e22ae912',
      auth: { interactive: true, mfa: true },
      ipFlags: null,
    });
  });

  it('maps failures, anonymising IPs, legacy clients and non-interactive sign-ins', () => {
    expect(byId(signIns, 'b01f5c1e-34a1-4b6f-9d0e-8e5f3c2a1d00')).toMatchObject({ action: 'user.login_failed', outcome: 'failure', outcomeCode: '50126', outcomeReason: 'Invalid username or password or Invalid on-premise username or password.', auth: { mfa: null } });
    expect(byId(signIns, 'c4d5e6f7-0819-4a2b-8c3d-4e5f60718293')).toMatchObject({ ipFlags: { anonymous: true, source: 'provider' }, severityId: 4, geo: { country: 'DE', city: 'Frankfurt Am Main' }, auth: { protocol: 'basic' } });
    expect(byId(signIns, '0a1b2c3d-4e5f-4607-8192-a3b4c5d6e7f8')).toMatchObject({ eventType: 'nonInteractiveSignIn', auth: { interactive: false } });
    const disabled = activity(signIns.find((s) => (s.status as { errorCode: number }).errorCode === 50057));
    expect(disabled).toMatchObject({ action: 'user.login_failed', outcomeCode: '50057' });
  });
});

describe('sign-in interrupts are not failures (Entra AADSTS interrupt codes)', () => {
  const auditLogon = aad.find((r) => r.Operation === 'UserLoginFailed' && r.ErrorNumber === '50126') as Record<string, unknown>;
  const graphFailure = signIns.find((s) => (s.status as { errorCode: number }).errorCode === 50126) as Record<string, unknown>;
  const graphWith = (code: number, failureReason: string) => activity({ ...graphFailure, id: `interrupt-${code}`, status: { errorCode: code, failureReason, additionalDetails: null } });

  it('reads an MFA interrupt in the audit log (UserLoginFailed, 50074) as an interrupted sign-in, not a failed one', () => {
    const a = activity({ ...auditLogon, Id: 'mfa-1', ErrorNumber: '50074', LogonError: 'UserStrongAuthClientAuthNRequiredInterrupt' });
    expect(a).toMatchObject({ action: 'user.login', outcome: 'interrupted', outcomeCode: '50074' });
    expect(a.outcomeReason).toMatch(/^Interrupted, not failed: strong authentication \(MFA\) required \(AADSTS50074\)/);
  });

  it('reads KMSI, device-authentication, MFA-by-location and account-selection interrupts the same way in both feeds', () => {
    for (const [code, words] of [[50140, 'Keep me signed in'], [50097, 'device authentication'], [50076, 'MFA'], [16000, 'account selection']] as const) {
      const graph = graphWith(code, 'interrupt');
      expect(graph, `Graph ${code}`).toMatchObject({ action: 'user.login', outcome: 'interrupted', outcomeCode: String(code) });
      expect(graph.outcomeReason, `Graph ${code}`).toContain(words);
      const audit = activity({ ...auditLogon, Id: `audit-${code}`, ErrorNumber: String(code), LogonError: 'Interrupt' });
      expect(audit, `audit ${code}`).toMatchObject({ action: 'user.login', outcome: 'interrupted', outcomeCode: String(code) });
    }
  });

  it('keeps real failures failures, with their code: wrong password, locked, disabled, MFA denied', () => {
    for (const code of [50126, 50053, 50057, 500121, 50034]) {
      expect(graphWith(code, 'failed'), `Graph ${code}`).toMatchObject({ action: 'user.login_failed', outcome: 'failure', outcomeCode: String(code), outcomeReason: 'failed' });
      expect(activity({ ...auditLogon, Id: `audit-f-${code}`, ErrorNumber: String(code) }), `audit ${code}`).toMatchObject({ action: 'user.login_failed', outcome: 'failure', outcomeCode: String(code) });
    }
  });
});

describe('mail forwarding the detection must read (Outlook client rules, transport rules)', () => {
  const base = exchange.find((r) => r.Operation === 'New-InboxRule') as Record<string, unknown>;
  it('keeps an Outlook client rule change (UpdateInboxRules) with its OperationProperties as changes', () => {
    const a = activity({ ...base, Id: 'owa-1', Operation: 'UpdateInboxRules', Parameters: undefined, OperationProperties: [{ Name: 'RuleName', Value: '..' }, { Name: 'RuleActions', Value: '[{"ActionType":"ForwardToRecipientsAction","Recipients":["drop@proton.me"]}]' }, { Name: 'RuleOperation', Value: 'AddMailboxRule' }] });
    expect(a.action).toBe('mail.inbox_rule_changed');
    expect(a.targets[0]?.changes?.map((c) => c.field)).toEqual(['RuleName', 'RuleActions', 'RuleOperation']);
  });
  it('names a transport rule\'s redirect and blind-copy recipients as forwarding targets', () => {
    const a = activity({ ...base, Id: 'tr-1', Operation: 'New-TransportRule', Parameters: [{ Name: 'Name', Value: 'Audit copy' }, { Name: 'BlindCopyTo', Value: 'collector@evil-mail.net' }, { Name: 'RedirectMessageTo', Value: 'ap@evil-mail.net' }] });
    expect(a.action).toBe('security.policy_changed');
    expect(a.targets.filter((t) => t.name === 'forwarding address').map((t) => t.email)).toEqual(['collector@evil-mail.net', 'ap@evil-mail.net']);
  });
});

describe('Graph directory audits', () => {
  it('maps the digest\'s directoryAudit sample', () => {
    const a = byId(directoryAudits, 'Directory_da159bfb…');
    expect(a).toMatchObject({ action: 'admin.role_assigned', eventType: 'Add member to role', outcome: 'success', actor: { email: 'admin@contoso.com', userId: '728309ae-…' }, srcIp: '203.0.113.7', correlationId: 'da159bfb-54fa-4092-8a38-6e1fa7870e30', time: Date.parse('2024-05-01T21:20:02.721Z') });
    expect(a.targets).toContainEqual(expect.objectContaining({ type: 'user', email: 'bob@contoso.com' }));
    expect(a.targets).toContainEqual(expect.objectContaining({ type: 'role', name: 'Global Administrator' }));
  });

  it('maps an app disabling a user', () => {
    expect(byId(directoryAudits, 'Directory_0c7e1d2f-3a4b-4c5d-8e6f-7a8b9c0d1e2f_AB12C_31415926')).toMatchObject({ action: 'user.suspended', actor: { type: 'app', appName: 'Parapet Security Connector' } });
  });
});

describe('totality', () => {
  const check = (record: unknown) => {
    const a = normalizeM365(record, context);
    ActivitySchema.parse({ ...a, id: 'x', connectorInstanceId: 'c', ingestedAt: INGESTED });
    return a;
  };

  it('never throws on a record whose prototype was replaced (a "__proto__" key assigned, not parsed): it is kept as unreadable', () => {
    const record: Record<string, unknown> = { CreationTime: '2020-02-10T15:13:13', Id: 'ca0efc24', Operation: 'UserLoggedIn', RecordType: 15 };
    record['__proto__'] = [];
    expect(() => check(record)).not.toThrow();
  });

  it('never throws on arbitrary values', () => {
    fc.assert(fc.property(fc.anything(), (value) => void check(value)), { numRuns: 500 });
  });

  it('never throws when any field of a real record is replaced or removed', () => {
    const field = fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.string(), fc.integer(), fc.array(fc.record({ Name: fc.string(), Value: fc.jsonValue(), ID: fc.string(), Type: fc.integer() })));
    fc.assert(
      fc.property(fc.constantFrom(...ALL), fc.array(fc.tuple(fc.string(), field), { maxLength: 4 }), fc.array(fc.nat(), { maxLength: 4 }), (record, replacements, picks) => {
        const mutated: Record<string, unknown> = { ...record };
        const keys = Object.keys(record);
        for (const [i, [k, v]] of replacements.entries()) {
          const key = picks[i] !== undefined && keys.length ? (keys[(picks[i] ?? 0) % keys.length] ?? k) : k;
          if (v === undefined) delete mutated[key];
          else mutated[key] = v;
        }
        const a = check(mutated);
        expect(a.sourceId.length).toBeGreaterThan(0);
      }),
      { numRuns: 800 },
    );
  });

  it('never throws on records shaped like each kind with wild values', () => {
    const wild = fc.oneof(fc.jsonValue(), fc.string(), fc.constant(null));
    const audit = fc.record({ RecordType: wild, Operation: wild, CreationTime: wild, Id: wild, ClientIP: wild, Actor: wild, Target: wild, ModifiedProperties: wild, Parameters: wild, ExtendedProperties: wild, DeviceProperties: wild, UserId: wild, UserType: wild, Workload: wild }, { requiredKeys: ['Operation', 'CreationTime'] });
    const signIn = fc.record({ createdDateTime: wild, status: wild, userPrincipalName: wild, location: wild, deviceDetail: wild, appliedConditionalAccessPolicies: wild, ipAddress: wild, riskEventTypes_v2: wild }, { requiredKeys: ['createdDateTime', 'status'] });
    const dirAudit = fc.record({ activityDateTime: wild, activityDisplayName: wild, initiatedBy: wild, targetResources: wild, result: wild }, { requiredKeys: ['activityDateTime', 'activityDisplayName'] });
    fc.assert(fc.property(fc.oneof(audit, signIn, dirAudit), (record) => void check(record)), { numRuns: 800 });
  });
});

describe('Entra logs exported through Azure Monitor (issue #11)', () => {
  it('a SignInLogs or AuditLogs row gives the Activity its Graph resource gives, with the row as raw', async () => {
    const { corpus } = await import('./fidelity/corpus.js');
    const pairs = [
      ['Graph signIn', 'Azure Monitor SignInLogs row wrapping a Graph signIn'],
      ['Graph signIn, interrupted (50140)', "Azure Monitor SignInLogs row (Microsoft's sample)"],
      ['Graph directoryAudit', 'Azure Monitor AuditLogs row wrapping a directoryAudit'],
      // The same resources as Log Analytics table rows (PascalCase columns).
      ['Graph signIn', 'Log Analytics SigninLogs row (query result as JSON)'],
      ['Graph signIn, interrupted (50140)', 'Log Analytics SigninLogs row exported to CSV and read back (dynamic columns as JSON text, no Type)'],
      ['Graph directoryAudit', 'Log Analytics AuditLogs row (InitiatedBy, TargetResources as dynamic)'],
    ] as const;
    for (const [graphShape, rowShape] of pairs) {
      const graph = corpus.find((c) => c.shape === graphShape)?.record;
      const row = corpus.find((c) => c.shape === rowShape)?.record;
      expect(graph && row, `${graphShape} / ${rowShape} in the corpus`).toBeTruthy();
      const fromGraph = normalizeM365(graph, context);
      const fromRow = normalizeM365(row, context);
      expect(fromRow.raw).toEqual(row);
      expect({ ...fromRow, raw: null }).toEqual({ ...fromGraph, raw: null });
    }
  });
});

describe("Microsoft's published directoryAudit samples", () => {
  it('reads the target kind from @odata.type and a numeric operationResult', async () => {
    const { corpus } = await import('./fidelity/corpus.js');
    const graph = normalizeM365(corpus.find((c) => c.shape.startsWith("Graph directoryAudit (Microsoft's sample"))?.record, context);
    expect(graph.targets.map((t) => [t.type, t.id])).toEqual([
      ['group', 'ef7x527d-6x92-42x4-8x6d-cfxfdfx57f95'],
      ['user', '1f0ex8f5-3x61-4x6b-9x50-d4xx572f2bb7'],
    ]);
    const row = corpus.find((c) => c.shape.startsWith("Azure Monitor AuditLogs row (Microsoft's sample"))?.record as { properties: { result: number } };
    expect(normalizeM365(row, context).outcome).toBe('success');
    for (const [result, outcome] of [[1, 'failure'], [2, 'failure'], [3, 'unknown']] as const) {
      expect(normalizeM365({ ...row, properties: { ...row.properties, result } }, context).outcome).toBe(outcome);
    }
  });
});

describe('audit-log decisions the samples above leave open', () => {
  const record = (list: readonly unknown[], operation: string) => structuredClone(list.find((r) => (r as { Operation?: string }).Operation === operation)) as Record<string, unknown>;

  it('PartiallySucceeded is a success; an app (ServicePrincipal_) and NT AUTHORITY are not people', () => {
    const base = record(aad, 'Add member to role.');
    expect(activity({ ...base, ResultStatus: 'PartiallySucceeded' }).outcome).toBe('success');
    const sp = activity({ ...base, UserType: 0, Actor: [{ ID: 'Sync App', Type: 1 }, { ID: 'ServicePrincipal_6f1e2d3c-4b5a-4987-8c6d-5e4f3a2b1c0d', Type: 2 }, { ID: '8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d', Type: 2 }] });
    expect(sp.actor).toMatchObject({ type: 'app', userId: null, appId: '8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d', appName: 'Sync App' });
    const nt = activity({ ...record(exchange, 'New-InboxRule'), UserId: 'NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)', UserType: 0 });
    expect(nt.actor.type).toBe('system');
  });

  it('the actor e-mail is the UserId when it is an address, before the UPN in Actor[]', () => {
    const base = record(aad, 'Add member to role.');
    const a = activity({ ...base, UserId: 'Alex.W@Contoso.com', Actor: [...(base.Actor as unknown[]), { ID: 'other.upn@contoso.com', Type: 5 }] });
    expect(a.actor.email).toBe('alex.w@contoso.com');
  });

  it('Add user. of a #EXT# account is an invitation', () => {
    const base = record(aad, 'Add User.');
    const a = activity({ ...base, ModifiedProperties: [], Target: [{ ID: 'User_0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', Type: 2 }, { ID: 'guest_example.org#EXT#@contoso.onmicrosoft.com', Type: 5 }] });
    expect(a.action).toBe('user.invited');
  });

  it('Set-Mailbox clearing forwarding ($null) is not mail.forwarding_set and names no forwarding address', () => {
    const base = record(exchange, 'Set-Mailbox');
    const a = activity({ ...base, Parameters: [{ Name: 'Identity', Value: 'leah.gunnarsson' }, { Name: 'ForwardingSmtpAddress', Value: '$null' }] });
    expect(a.action).not.toBe('mail.forwarding_set');
    expect(a.targets.filter((t) => t.type === 'other')).toEqual([]);
  });

  it('a share with a group names the group; the IP falls back to ActorIpAddress and, for mailbox records, ClientIPAddress', () => {
    const base = record(sharepoint, 'SharingSet') ?? record(sharepoint, 'FileDownloaded');
    const shared = activity({ ...base, TargetUserOrGroupName: 'Finance Members', TargetUserOrGroupType: 'Group' });
    expect(shared.targets[1]).toEqual({ type: 'group', id: null, name: 'Finance Members' });
    const noClientIp = { ...base };
    delete noClientIp.ClientIP;
    expect(activity({ ...noClientIp, ActorIpAddress: '198.51.100.7' }).srcIp).toBe('198.51.100.7');
    const send = record(exchange, 'Send');
    delete send.ClientIP;
    expect(activity({ ...send, ClientIPAddress: '198.51.100.8' }).srcIp).toBe('198.51.100.8');
  });

  it('consent scopes go on the app target even when the user target comes first', () => {
    const base = record(aad, 'Consent to application.');
    const targets = (base.Target as { ID: string; Type: number }[]) ?? [];
    const reordered = activity({ ...base, Target: [{ ID: 'User_0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f', Type: 2 }, ...targets] });
    const app = reordered.targets.find((t) => t.type === 'app');
    expect(app?.changes?.[0]).toMatchObject({ field: 'scopes' });
    expect(reordered.targets[0]?.type).toBe('user');
  });
});

describe('sign-in and directory decisions the samples above leave open', () => {
  const signInSample = () => structuredClone(signIns.find((s) => s.id === '66ea54eb-6301-4ee5-be62-ff5a759b0100')) as Record<string, unknown>;
  const record = (list: readonly unknown[], operation: string) => structuredClone(list.find((r) => (r as { Operation?: string }).Operation === operation)) as Record<string, unknown>;

  it('Graph sign-in: the session id, the resource tenant before the home one, the device\'s managed and compliant flags as Graph gives them', () => {
    const a = activity({ ...signInSample(), sessionId: '5e2f1c0a-9b8d-4e7f-a6c5-b4d3e2f1a0b9', resourceTenantId: 'b86ab9d4-0000-4000-8000-00000000000a', homeTenantId: 'b86ab9d4-0000-4000-8000-00000000000b', deviceDetail: { deviceId: 'd-1', displayName: 'LAPTOP-7', operatingSystem: 'Windows 10', browser: 'Edge 80.0.361', isManaged: true, isCompliant: false } });
    expect({ sessionId: a.sessionId, tenantId: a.tenantId, device: a.device }).toEqual({
      sessionId: '5e2f1c0a-9b8d-4e7f-a6c5-b4d3e2f1a0b9',
      tenantId: 'b86ab9d4-0000-4000-8000-00000000000a',
      device: { id: 'd-1', name: 'LAPTOP-7', managed: true, compliant: false },
    });
    const home = signInSample();
    delete home.resourceTenantId;
    expect(activity({ ...home, homeTenantId: 'b86ab9d4-0000-4000-8000-00000000000b' }).tenantId).toBe('b86ab9d4-0000-4000-8000-00000000000b');
  });

  it('Graph sign-in: MFA required and the sign-in succeeded is MFA without a Conditional Access policy; a failed one is not', () => {
    const base = { ...signInSample(), appliedConditionalAccessPolicies: [], authenticationRequirement: 'multiFactorAuthentication' };
    expect(activity(base).auth.mfa).toBe(true);
    expect(activity({ ...base, status: { errorCode: 50126, failureReason: 'Invalid username or password.' } }).auth.mfa).toBeNull();
    expect(activity({ ...base, authenticationRequirement: 'singleFactorAuthentication' }).auth.mfa).toBeNull();
  });

  it('StrongAuthenticationMethod: the same methods with another default is an update, not a reset; one method as an object counts as one', () => {
    const base = record(aad, 'Update user.');
    const before = '[{"MethodType":6,"Default":true},{"MethodType":7,"Default":false}]';
    const after = '[{"MethodType":6,"Default":false},{"MethodType":7,"Default":true}]';
    expect(activity({ ...base, Id: 'sam-3', ModifiedProperties: [{ Name: 'StrongAuthenticationMethod', OldValue: before, NewValue: after }] }).action).toBe('user.updated');
    expect(activity({ ...base, Id: 'sam-4', ModifiedProperties: [{ Name: 'StrongAuthenticationMethod', OldValue: '{"MethodType":6,"Default":true}', NewValue: '[]' }] }).action).toBe('mfa.disabled');
  });

  it('directory targets: only Type 2 ids of the form Kind_<GUID> are objects; an ObjectId address is the user; a group named in the changes is the target group, once', () => {
    const base = record(aad, 'Add member to group.');
    const named = activity({ ...base, Target: [{ ID: 'Sync_Engine', Type: 2 }], ObjectId: 'Bob.Lee@Contoso.com', ModifiedProperties: [] });
    expect(named.targets).toEqual([{ type: 'user', id: null, name: null, email: 'bob.lee@contoso.com' }]);
    const group = '4b3c2d1e-0f9a-4b8c-8d7e-6f5a4b3c2d1e';
    const member = activity({ ...base, Target: [{ ID: `Group_${group}`, Type: 2 }], ModifiedProperties: [{ Name: 'Group.ObjectID', OldValue: '', NewValue: group }, { Name: 'Group.DisplayName', OldValue: '', NewValue: 'Finance' }] });
    expect(member.targets.filter((t) => t.type === 'group').map((t) => ({ id: t.id, name: t.name }))).toEqual([{ id: group, name: 'Finance' }]);
  });

  it('Graph directory audit: the role target carries its template id; a failure keeps its reason', () => {
    const audit = structuredClone(directoryAudits.find((d) => d.activityDisplayName === 'Add member to role')) as Record<string, unknown> & { targetResources: { modifiedProperties: unknown[] }[] };
    audit.targetResources[0]!.modifiedProperties.push({ displayName: 'Role.TemplateId', oldValue: null, newValue: '"62e90394-69f5-4237-9190-012177145e10"' });
    const a = activity({ ...audit, result: 'failure', resultReason: 'Insufficient privileges to complete the operation.' });
    expect(a.targets.find((t) => t.type === 'role')).toMatchObject({ id: '62e90394-69f5-4237-9190-012177145e10', name: 'Global Administrator' });
    expect({ outcome: a.outcome, outcomeReason: a.outcomeReason }).toEqual({ outcome: 'failure', outcomeReason: 'Insufficient privileges to complete the operation.' });
  });

  it('UserLoggedIn: the session id is DeviceProperties.SessionId', () => {
    const login = record(aad, 'UserLoggedIn');
    const a = activity({ ...login, DeviceProperties: [...((login.DeviceProperties as unknown[]) ?? []), { Name: 'SessionId', Value: '7c6b5a49-3827-4165-9483-726150493827' }] });
    expect(a.sessionId).toBe('7c6b5a49-3827-4165-9483-726150493827');
  });

  it('Teams members are lower-cased targets; a DLP match is about the person whose content matched, with the policy as a target', () => {
    const teams = activity({ ...record(general, 'TeamsSessionStarted'), Members: [{ DisplayName: 'Bob Lee', Role: 1, UPN: 'Bob.Lee@Contoso.com' }], TeamName: 'Finance', TeamGuid: '19:abc@thread.skype' });
    expect(teams.targets).toEqual([
      { type: 'user', id: null, name: 'Bob Lee', email: 'bob.lee@contoso.com' },
      { type: 'group', id: '19:abc@thread.skype', name: 'Finance' },
    ]);
    const dlp = activity({
      ...record(sharepoint, 'FileDownloaded'),
      Operation: 'DlpRuleMatch',
      RecordType: 11,
      Workload: 'SharePoint',
      UserId: 'leah.g@contoso.com',
      UserType: 4,
      SharePointMetaData: { UniqueID: 'f-1', FileName: 'salaries.xlsx', FilePathUrl: 'https://contoso.sharepoint.com/f/salaries.xlsx' },
      PolicyDetails: [{ PolicyId: 'p-1', PolicyName: 'Credit card numbers', Rules: [] }],
    });
    expect({ action: dlp.action, actorType: dlp.actor.type, targets: dlp.targets }).toEqual({
      action: 'provider.alert',
      actorType: 'user',
      targets: [
        { type: 'file', id: 'f-1', name: 'salaries.xlsx' },
        { type: 'policy', id: 'p-1', name: 'Credit card numbers' },
      ],
    });
  });
});
