import { describe, expect, it } from 'vitest';
import type { NormalizeContext } from '../sdk/define-connector.js';
import { corpus } from './fidelity/corpus.js';
import { normalizeSalesforce, parseSalesforceTime, scopesIn } from './normalize.js';

const context: NormalizeContext = {
  connectorInstanceId: 'c',
  ingestedAt: 1,
  lookupAccount: (id) => (id === '0055g00000AbCdEAAZ' ? { email: 'jane.roe@acme.com', name: 'Jane Roe', isAdmin: false, status: 'active' } : undefined),
};
const record = (shape: string) => corpus.find((c) => c.shape.startsWith(shape))!.record;

describe('normalizeSalesforce', () => {
  it('reads the three datetime forms Salesforce uses', () => {
    expect(parseSalesforceTime('2025-03-04T09:15:22.000+0000')).toBe(Date.UTC(2025, 2, 4, 9, 15, 22));
    expect(parseSalesforceTime('2025-03-04T09:15:22.481Z')).toBe(Date.UTC(2025, 2, 4, 9, 15, 22, 481));
    expect(parseSalesforceTime('20250304091522.481')).toBe(Date.UTC(2025, 2, 4, 9, 15, 22, 481));
    expect(parseSalesforceTime('yesterday')).toBeNull();
  });

  it('maps a LoginHistory sign-in with the inventory e-mail, provider geo and browser', () => {
    const a = normalizeSalesforce(record('LoginHistory row (successful'), context);
    expect(a).toMatchObject({
      sourceId: '0Ya5g00001XyZaBCAV', action: 'user.login', outcome: 'success', srcIp: '203.0.113.7', eventType: 'LoginHistory/Application',
      actor: { userId: '0055g00000AbCdEAAZ', email: 'jane.roe@acme.com', name: 'Jane Roe', type: 'user' },
      geo: { country: 'FR', source: 'provider' }, ua: { browser: 'Chrome 121', os: 'Mac OSX' }, auth: { protocol: 'basic', interactive: true },
    });
  });

  it('keeps the failure reason of a failed sign-in', () => {
    const a = normalizeSalesforce(record('LoginHistory row (failed'), context);
    expect(a).toMatchObject({ action: 'user.login_failed', outcome: 'failure', outcomeReason: 'Invalid Password', geo: { country: null } });
  });

  it('maps a SetupAuditTrail permission-set assignment to a role grant with the user and the set as targets', () => {
    const a = normalizeSalesforce(record('SetupAuditTrail row (PermSetAssign)'), context);
    expect(a.action).toBe('admin.role_assigned');
    expect(a.actor).toMatchObject({ userId: '0055g00000AdMiNAAB', email: 'admin@acme.com', type: 'admin', isAdmin: true });
    expect(a.targets).toEqual([
      { type: 'user', id: 'jane.roe@acme.com', name: 'Jane Roe', email: 'jane.roe@acme.com' },
      { type: 'role', id: 'Modify All', name: 'Modify All' },
    ]);
  });

  it('names the Login-As admin as the impersonator', () => {
    const a = normalizeSalesforce({ ...(record('SetupAuditTrail row (PermSetCreate)') as object), DelegateUser: 'support@acme.com' }, context);
    expect(a.impersonator).toEqual({ userId: null, email: 'support@acme.com', name: 'support@acme.com' });
  });

  it('reads the OAuth scopes a connected app was given as role targets', () => {
    expect(scopesIn('Changed OAuth scopes for connected app DataBridge Sync from api to full, refresh_token')).toEqual(['full', 'refresh_token']);
    const a = normalizeSalesforce({
      attributes: { type: 'SetupAuditTrail' }, Id: '0Ym5g000004AbCfCAK', Action: 'connectedAppOAuthScopes', Section: 'Connected Apps', CreatedDate: '2025-03-04T11:20:00.000+0000',
      Display: 'Changed OAuth scopes for connected app DataBridge Sync from api to full, refresh_token', CreatedById: '0055g00000AdMiNAAB', CreatedBy: { Username: 'admin@acme.com' },
    }, context);
    expect(a.action).toBe('oauth.consent_granted');
    expect(a.targets.map((t) => `${t.type}:${t.name}`)).toEqual(['app:DataBridge Sync', 'role:full', 'role:refresh_token']);
  });

  it('maps Event Log File rows: a report export is a download of the report, ids are EVENT_TYPE:REQUEST_ID', () => {
    const a = normalizeSalesforce(record('Event Log File row (ReportExport)'), context);
    expect(a).toMatchObject({ sourceId: 'ReportExport:4exLFFQZ1234abcd', action: 'file.downloaded', actor: { userId: '0055g00000AbCdEAAZ', email: 'jane.roe@acme.com' }, srcIp: '96.43.144.26', sessionId: 'vMASKIU6AxEr+Op5' });
    expect(a.targets).toEqual([{ type: 'file', id: '00O5g000004ZxA1', name: 'Open Opportunities' }]);
    const login = normalizeSalesforce(record('Event Log File row (Login'), context);
    expect(login).toMatchObject({ action: 'user.login_failed', outcome: 'failure', outcomeCode: 'LOGIN_ERROR_INVALID_PASSWORD' });
  });

  it('keeps an unknown Event Log File type as `other` in its OCSF class, and an unknown shape as unreadable', () => {
    const api = normalizeSalesforce({ EVENT_TYPE: 'RestApi', REQUEST_ID: 'r1', TIMESTAMP_DERIVED: '2025-03-04T09:15:22.481Z', URI: '/services/data/v62.0/query' }, context);
    expect(api).toMatchObject({ action: 'other', eventType: 'EventLogFile/RestApi', ocsf: { classUid: 6003, activityId: 99 } });
    expect(normalizeSalesforce({ hello: 'world' }, context).eventType).toBe('unreadable');
    expect(normalizeSalesforce(null, context).eventType).toBe('unreadable');
  });

  it('an Event Log File Login with any error code is a failure, not only a wrong password; LOGIN_NO_ERROR is a success', () => {
    const failedRow = record('Event Log File row (Login, failed)') as Record<string, unknown>;
    const frozen = normalizeSalesforce({ ...failedRow, LOGIN_STATUS: 'LOGIN_ERROR_USER_FROZEN' }, context);
    expect({ action: frozen.action, outcome: frozen.outcome, outcomeCode: frozen.outcomeCode }).toEqual({ action: 'user.login_failed', outcome: 'failure', outcomeCode: 'LOGIN_ERROR_USER_FROZEN' });
    const ok = normalizeSalesforce({ ...failedRow, LOGIN_STATUS: 'LOGIN_NO_ERROR' }, context);
    expect({ action: ok.action, outcome: ok.outcome, outcomeCode: ok.outcomeCode, userAgent: ok.userAgent }).toEqual({ action: 'user.login', outcome: 'success', outcomeCode: null, userAgent: 'Chrome' });
  });

  it('a LoginHistory row: the failure text is the reason; no Status is unknown; SAML and Remote Access sign-ins say how, and which app', () => {
    const row = record('LoginHistory row (successful') as Record<string, unknown>;
    expect(normalizeSalesforce({ ...row, Status: 'User is frozen' }, context)).toMatchObject({ action: 'user.login_failed', outcome: 'failure', outcomeReason: 'User is frozen', outcomeCode: 'User is frozen' });
    expect(normalizeSalesforce({ ...row, Status: null }, context).outcome).toBe('unknown');
    const saml = normalizeSalesforce({ ...row, LoginType: 'SAML Sfdc Initiated SSO' }, context);
    expect(saml.auth).toEqual({ mfa: null, protocol: 'saml', interactive: true, method: null });
    const oauth = normalizeSalesforce({ ...row, LoginType: 'Remote Access 2.0', Application: 'DataBridge Sync' }, context);
    expect({ auth: oauth.auth, appName: oauth.actor.appName, service: oauth.service }).toEqual({ auth: { mfa: null, protocol: 'oauth2', interactive: false, method: null }, appName: 'DataBridge Sync', service: { id: 'acme.my.salesforce.com', name: 'DataBridge Sync' } });
  });

  it('LoginHistory geo from LoginGeo keeps region and city apart', () => {
    const row = record('LoginHistory row (successful') as Record<string, unknown>;
    const a = normalizeSalesforce({ ...row, LoginGeo: { CountryIso: 'fr', Subdivision: 'Auvergne-Rhône-Alpes', City: 'Lyon', Latitude: 45.76, Longitude: 4.83 } }, context);
    expect(a.geo).toEqual({ country: 'FR', region: 'Auvergne-Rhône-Alpes', city: 'Lyon', lat: 45.76, lon: 4.83, source: 'provider' });
  });

  it('Setup Audit Trail: freezing a user is a suspension, Login-As is an impersonation, an unknown change is a setting change; e-mails lower-cased', () => {
    const row = (Action: string, Display: string) => normalizeSalesforce({ attributes: { type: 'SetupAuditTrail' }, Id: `0Ym${Action}`, Action, Section: 'Manage Users', Display, CreatedDate: '2025-03-04T10:02:11.000+0000', CreatedById: '0055g00000AdMiNAAB', CreatedBy: { Username: 'Admin@Acme.com' }, DelegateUser: null }, context);
    const frozen = row('frozeuser', 'Froze user Bob.Lee@Acme.com');
    expect({ action: frozen.action, target: frozen.targets[0], actorEmail: frozen.actor.email }).toEqual({ action: 'user.suspended', target: { type: 'user', id: 'bob.lee@acme.com', name: 'Bob.Lee@Acme.com', email: 'bob.lee@acme.com' }, actorEmail: 'admin@acme.com' });
    expect(row('suOrgAdminLogin', 'Logged in using Login-As access for Jane Roe').action).toBe('user.impersonation_started');
    expect(row('changedCustomLogo', 'Changed the logo').action).toBe('admin.setting_changed');
  });

  it('an MFA requirement change is "disabled" only when the row says it was turned off (or says nothing of its direction); turned on is a policy change', () => {
    const row = (Display: string) => normalizeSalesforce({ attributes: { type: 'SetupAuditTrail' }, Id: `0Ym${Display.length}`, Action: 'changedMFARequirement', Section: 'Identity Verification', Display, CreatedDate: '2025-03-04T10:02:11.000+0000', CreatedById: '0055g00000AdMiNAAB', CreatedBy: { Username: 'admin@acme.com' }, DelegateUser: null }, context);
    const on = row('Changed Require multi-factor authentication (MFA) for all direct UI logins to your Salesforce org from disabled to enabled');
    expect({ action: on.action, targets: on.targets }).toEqual({
      action: 'security.policy_changed',
      targets: [{ type: 'setting', id: 'Identity Verification', name: 'Identity Verification', changes: [{ field: 'Require multi-factor authentication (MFA) for all direct UI logins to your Salesforce org', old: 'disabled', new: 'enabled' }] }],
    });
    const off = row('Changed Require multi-factor authentication (MFA) for all direct UI logins to your Salesforce org from enabled to disabled');
    expect({ action: off.action, change: off.targets[0]?.changes }).toEqual({ action: 'security.mfa_requirement_disabled', change: [{ field: 'Require multi-factor authentication (MFA) for all direct UI logins to your Salesforce org', old: 'enabled', new: 'disabled' }] });
    expect(row('Turned off multi-factor authentication requirement').action).toBe('security.mfa_requirement_disabled');
    expect(row('Turned on multi-factor authentication requirement').action).toBe('security.policy_changed');
    // Wording not understood: kept as the weakening, for an analyst to judge, rather than missed.
    expect(row('Changed MFA requirement').action).toBe('security.mfa_requirement_disabled');
  });

  it('an Event Log File LoginAs row is an impersonation', () => {
    expect(normalizeSalesforce({ EVENT_TYPE: 'LoginAs', REQUEST_ID: 'r2', TIMESTAMP_DERIVED: '2025-03-04T09:15:22.481Z', USER_ID_DERIVED: '0055g00000AbCdEAAZ', CLIENT_IP: '203.0.113.7' }, context).action).toBe('user.impersonation_started');
  });
});
