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
});
