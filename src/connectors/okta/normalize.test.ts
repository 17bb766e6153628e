import { describe, expect, it } from 'vitest';
import { normalizeRecord, offlineContext } from '../sdk/normalize-total.js';
import okta from './index.js';
import { corpus } from './fidelity/corpus.js';

const normalize = (record: unknown) => normalizeRecord(okta, record, offlineContext('t', 42));

/** The LogEvent of the digest (§4), as `GET /api/v1/logs` returns it; the tests vary one field at a time. */
const logEvent = {
  uuid: 'b3d1f0a2-7c11-11ef-9a2b-1f2e3d4c5b6a',
  published: '2025-03-04T09:15:22.481Z',
  eventType: 'user.session.start',
  version: '0',
  severity: 'INFO',
  displayMessage: 'User login to Okta',
  legacyEventType: 'core.user_auth.login_success',
  actor: { id: '00u8xk2LqZ9aB3cD4e5f', type: 'User', alternateId: 'Jane@Acme.com', displayName: 'Jane Roe', detailEntry: null },
  client: {
    userAgent: { rawUserAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) Chrome/122.0', os: 'Mac OS X', browser: 'CHROME' },
    zone: 'null',
    device: 'Computer',
    id: null,
    ipAddress: '203.0.113.7',
    geographicalContext: { city: 'Lyon', state: 'Auvergne-Rhone-Alpes', country: 'France', postalCode: '69001', geolocation: { lat: 45.76, lon: 4.83 } },
  },
  authenticationContext: { authenticationProvider: null, credentialProvider: null, credentialType: null, issuer: null, interface: null, authenticationStep: 0, rootSessionId: 'idxRootK3c9', externalSessionId: 'idxExtK3c9' },
  outcome: { result: 'SUCCESS', reason: null },
  securityContext: { asNumber: 64500, asOrg: 'example telecom', isp: 'example isp', domain: 'example.net', isProxy: true },
  debugContext: { debugData: { requestId: 'Zx1req', requestUri: '/idp/idx/identify', url: '/idp/idx/identify?' } },
  transaction: { type: 'WEB', id: 'Zx1req', detail: {} },
  request: { ipChain: [{ ip: '203.0.113.7', geographicalContext: { country: 'France' }, version: 'V4', source: null }] },
  target: [{ id: '0oa1b2c3d4', type: 'AppInstance', alternateId: 'Okta Admin Console', displayName: 'Okta Admin Console', detailEntry: null }],
};

describe('Okta normaliser', () => {
  it('yields the fields of every corpus record (API form, EventBridge envelope, role grant)', () => {
    for (const c of corpus) {
      const a = normalize(c.record);
      const e = c.expect;
      if (e.user) expect(a.actor.email, c.shape).toBe(e.user);
      if (e.ip) expect(a.srcIp, c.shape).toBe(e.ip);
      if (e.time !== undefined) expect(a.time, c.shape).toBe(e.time);
      if (e.action) expect(a.action, c.shape).toBe(e.action);
      if (e.outcome) expect(a.outcome, c.shape).toBe(e.outcome);
      if (e.targets) expect(a.targets.map((t) => t.id ?? t.email ?? t.name), c.shape).toEqual(e.targets);
    }
  });

  it("keeps the docs sample's impossible date (2017-09-31) as its original text; the time rolls over as JavaScript's parser does", () => {
    const a = normalize(corpus.find((c) => c.shape === 'System Log API LogEvent')?.record);
    expect(a.originalTime).toBe('2017-09-31T22:23:07.777Z');
    expect(a.time).toBe(Date.UTC(2017, 9, 1, 22, 23, 7, 777));
    expect(a.eventType).toBe('user.session.start');
  });

  it('reads Splunk-flattened records (dotted keys, target{} multi-values, zone-less time) like the API form', () => {
    const a = normalize({
      uuid: 'u-1',
      published: '2024-05-01 10:00:00.123',
      eventType: 'group.user_membership.add',
      'actor.type': 'User',
      'actor.alternateId': 'Admin@Example.com',
      'client.ipAddress': '203.0.113.9',
      'outcome.result': 'SUCCESS',
      'target{}.type': ['User', 'UserGroup'],
      'target{}.id': ['00u1', '00g1'],
      'target{}.alternateId': ['ann@example.com', 'unknown'],
      'target{}.displayName': ['Ann', 'Finance'],
    });
    expect(a).toMatchObject({ time: Date.UTC(2024, 4, 1, 10, 0, 0, 123), action: 'group.member_added', outcome: 'success', srcIp: '203.0.113.9', actor: { email: 'admin@example.com' } });
    expect(a.targets).toEqual([
      { type: 'user', id: '00u1', name: 'Ann', email: 'ann@example.com' },
      { type: 'group', id: '00g1', name: 'Finance' },
    ]);
  });

  it('maps outcomes and failures: a FAILURE sign-in is user.login_failed with its reason; CHALLENGE is interrupted', () => {
    const failed = normalize({ uuid: 'u-2', published: '2024-05-01T10:00:00Z', eventType: 'user.session.start', actor: { type: 'User', alternateId: 'a@b.c' }, outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' } });
    expect(failed).toMatchObject({ action: 'user.login_failed', outcome: 'failure', outcomeReason: 'INVALID_CREDENTIALS' });
    expect(normalize({ uuid: 'u-3', published: '2024-05-01T10:00:00Z', eventType: 'policy.evaluate_sign_on', outcome: { result: 'CHALLENGE' } }).outcome).toBe('interrupted');
  });

  it('keeps an unknown event type as `other` with its raw record whole', () => {
    const record = { uuid: 'u-4', published: '2024-05-01T10:00:00Z', eventType: 'system.brand_new.thing', outcome: { result: 'SUCCESS' } };
    const a = normalize(record);
    expect(a).toMatchObject({ action: 'other', eventType: 'system.brand_new.thing', raw: record });
  });

  it('puts an API token on the Okta management API, so credential detections key on one app', () => {
    const a = normalize({ uuid: 'u-5', published: '2024-05-01T10:00:00Z', eventType: 'system.api_token.create', actor: { type: 'User', alternateId: 'it@b.c' }, outcome: { result: 'SUCCESS' }, target: [{ id: '00T1', type: 'Token', displayName: 'sync' }] });
    expect(a.action).toBe('credential.created');
    expect(a.targets.map((t) => [t.type, t.name])).toEqual([
      ['token', 'sync'],
      ['app', 'Okta API (API tokens)'],
    ]);
  });

  it("reads the digest's LogEvent field by field: id, time, person, place, network, client and session", () => {
    const a = normalize(logEvent);
    expect({ sourceId: a.sourceId, time: a.time, originalTime: a.originalTime, action: a.action, outcome: a.outcome, severityId: a.severityId, message: a.message }).toEqual({
      sourceId: 'b3d1f0a2-7c11-11ef-9a2b-1f2e3d4c5b6a',
      time: 1741079722481,
      originalTime: '2025-03-04T09:15:22.481Z',
      action: 'user.login',
      outcome: 'success',
      severityId: 1,
      message: 'User login to Okta',
    });
    expect(a.actor).toEqual({ userId: '00u8xk2LqZ9aB3cD4e5f', email: 'jane@acme.com', name: 'Jane Roe', type: 'user', isAdmin: null, appId: null, appName: null });
    expect(a.geo).toEqual({ country: 'FR', region: 'Auvergne-Rhone-Alpes', city: 'Lyon', lat: 45.76, lon: 4.83, source: 'provider' });
    expect({ srcIp: a.srcIp, asn: a.asn, asOrg: a.asOrg, isp: a.isp, ipFlags: a.ipFlags }).toEqual({ srcIp: '203.0.113.7', asn: 64500, asOrg: 'example telecom', isp: 'example isp', ipFlags: { proxy: true, source: 'okta' } });
    expect({ userAgent: a.userAgent, ua: a.ua }).toEqual({ userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) Chrome/122.0', ua: { os: 'Mac OS X', browser: 'CHROME', device: 'Computer' } });
    // ACTIVITY-SCHEMA §2: the session is the root session (the one a stolen cookie carries), not the external one.
    expect({ sessionId: a.sessionId, correlationId: a.correlationId }).toEqual({ sessionId: 'idxRootK3c9', correlationId: 'Zx1req' });
  });

  it('the app signed into (target AppInstance) is the service, as ACTIVITY-SCHEMA §4 maps user.session.start and SSO', () => {
    expect(normalize(logEvent).service).toEqual({ id: '0oa1b2c3d4', name: 'Okta Admin Console' });
    const sso = normalize({ ...logEvent, eventType: 'user.authentication.sso', target: [{ id: '0oa9salesforce', type: 'AppInstance', alternateId: 'Salesforce', displayName: 'Salesforce.com' }] });
    expect({ action: sso.action, service: sso.service }).toEqual({ action: 'user.sso_login', service: { id: '0oa9salesforce', name: 'Salesforce.com' } });
    // An app assignment names the app as what was acted on, not as something signed into.
    expect(normalize({ ...logEvent, eventType: 'application.user_membership.add' }).service).toBeNull();
  });

  it('a sign-on policy DENY is a failure; a failed SSO is a failed log-on, not an SSO log-on', () => {
    expect(normalize({ ...logEvent, eventType: 'policy.evaluate_sign_on', outcome: { result: 'DENY', reason: 'Denied by policy' } })).toMatchObject({ action: 'other', outcome: 'failure', outcomeReason: 'Denied by policy' });
    expect(normalize({ ...logEvent, eventType: 'policy.evaluate_sign_on', outcome: { result: 'ALLOW' } }).outcome).toBe('success');
    const sso = normalize({ ...logEvent, eventType: 'user.authentication.sso', outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' } });
    expect({ action: sso.action, outcome: sso.outcome }).toEqual({ action: 'user.login_failed', outcome: 'failure' });
  });

  it('an MFA step counts as MFA only when it passed', () => {
    const passed = normalize({ ...logEvent, eventType: 'user.authentication.auth_via_mfa', authenticationContext: { ...logEvent.authenticationContext, credentialType: 'OKTA_VERIFY_PUSH' } });
    expect({ action: passed.action, auth: passed.auth }).toEqual({ action: 'user.mfa_challenge', auth: { mfa: true, protocol: null, interactive: true, method: 'OKTA_VERIFY_PUSH' } });
    expect(normalize({ ...logEvent, eventType: 'user.authentication.auth_via_mfa', outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' } }).auth.mfa).toBe(false);
  });

  it('an app or Okta itself as actor is not a person: no user id or e-mail, the app in actor.app*', () => {
    const app = normalize({ ...logEvent, eventType: 'app.oauth2.as.token.revoke', actor: { id: '0oaClient123', type: 'PublicClientApp', alternateId: 'Mobile CRM', displayName: 'Mobile CRM' } });
    expect(app.actor).toEqual({ userId: null, email: null, name: 'Mobile CRM', type: 'app', isAdmin: null, appId: '0oaClient123', appName: 'Mobile CRM' });
    const system = normalize({ ...logEvent, eventType: 'user.lifecycle.suspend', actor: { id: '0oa1okta', type: 'SystemPrincipal', alternateId: 'system@okta.com', displayName: 'Okta System' } });
    expect(system.actor).toMatchObject({ userId: null, email: null, type: 'system' });
  });

  it("an actor's admin flag is the inventory's at ingest time", () => {
    const context = { ...offlineContext('t', 42), lookupAccount: (id: string) => (id === '00u8xk2LqZ9aB3cD4e5f' ? { email: 'jane@acme.com', name: 'Jane Roe', isAdmin: true, status: 'active' as const } : undefined) };
    expect(normalizeRecord(okta, logEvent, context).actor).toMatchObject({ userId: '00u8xk2LqZ9aB3cD4e5f', isAdmin: true });
  });

  it('Okta severity WARN and ERROR become Medium and High', () => {
    expect(normalize({ ...logEvent, severity: 'WARN' }).severityId).toBe(3);
    expect(normalize({ ...logEvent, severity: 'ERROR' }).severityId).toBe(4);
    expect(normalize({ ...logEvent, severity: 'DEBUG' }).severityId).toBe(1);
  });

  it('a role grant names the role from debugData (several roles split on commas outside parentheses) and the target lower-cased', () => {
    const a = normalize({
      ...logEvent,
      eventType: 'user.account.privilege.grant',
      target: [{ id: '00u2target', type: 'User', alternateId: 'Bob.Lee@Acme.com', displayName: 'Bob Lee' }],
      debugContext: { debugData: { privilegeGranted: 'Super administrator, Help Desk administrator (all groups, limited)' } },
    });
    expect(a.targets).toEqual([
      { type: 'user', id: '00u2target', name: 'Bob Lee', email: 'bob.lee@acme.com' },
      { type: 'role', id: 'Super administrator', name: 'Super administrator' },
      { type: 'role', id: 'Help Desk administrator (all groups, limited)', name: 'Help Desk administrator (all groups, limited)' },
    ]);
    expect(normalize({ ...logEvent, eventType: 'user.account.privilege.revoke', target: [], debugContext: { debugData: { privilegeRevoked: 'Org administrator' } } }).targets).toEqual([{ type: 'role', id: 'Org administrator', name: 'Org administrator' }]);
  });
});
