import { describe, expect, it } from 'vitest';
import { ActivitySchema } from '../../core/activity.js';
import { loadFixtures } from '../sdk/conformance/load-fixtures.js';
import { normalizeRecord, offlineContext } from '../sdk/normalize-total.js';
import connector from './index.js';
import { readParameters } from './parameters.js';

const ctx = offlineContext('c', 1_000);
const fixtures = loadFixtures(new URL('./simulator/fixtures', import.meta.url).pathname) as Record<string, unknown>[];
const byName = (name: string) => {
  const found = fixtures.find((f) => JSON.stringify(f).includes(`"${name}"`));
  if (!found) throw new Error(`no fixture with ${name}`);
  return found;
};
const norm = (record: unknown) => normalizeRecord(connector, record, ctx);

describe('Google Workspace normalize', () => {
  it('reads every parameter kind as the API sends it: value, boolValue, intValue (a string), multiValue, messageValue', () => {
    expect(
      readParameters([
        { name: 'a', value: 'x' },
        { name: 'b', boolValue: false },
        { name: 'c', intValue: '48213' },
        { name: 'd', multiValue: ['p', 'q'] },
        { name: 'e', messageValue: { parameter: [{ name: 'inner', value: 'v' }] } },
        { name: 'f', multiIntValue: ['1', '2'] },
      ]),
    ).toEqual({ a: 'x', b: false, c: 48213, d: ['p', 'q'], e: { inner: 'v' }, f: ['1', '2'] });
  });

  it('a failed sign-in: user, IP, time in UTC ms, failure reason, country from networkInfo, password only', () => {
    const a = norm(byName('login_failure_invalid_password'));
    expect(a).toMatchObject({
      action: 'user.login_failed',
      outcome: 'failure',
      outcomeReason: 'login_failure_invalid_password',
      time: Date.UTC(2025, 2, 4, 9, 15, 22, 481),
      srcIp: '203.0.113.7',
      sourceId: '2025-03-04T09:15:22.481Z/-4312890123456789012/login',
      eventType: 'login.login_failure',
      tenantId: 'C03az79cb',
      actor: { email: 'jane@acme.com', userId: '104938271650012345678', type: 'user' },
      auth: { mfa: false, method: 'password' },
    });
    expect(a.geo.country).toBe('FR');
  });

  it('a sign-in Google marks suspicious keeps the flag as severity, and a phone prompt counts as MFA', () => {
    const a = norm(byName('7718290011223344556'));
    expect(a).toMatchObject({ action: 'user.login', outcome: 'success', severityId: 3, auth: { mfa: true, method: 'google_prompt' } });
  });

  it('admin console: a suspension targets the user it names; 2SV enforcement turned off is an MFA requirement disabled', () => {
    expect(norm(byName('SUSPEND_USER'))).toMatchObject({ action: 'user.suspended', actor: { email: 'admin@acme.com', type: 'admin', isAdmin: true }, targets: [{ type: 'user', email: 'leaver@acme.com' }] });
    expect(norm(byName('ASSIGN_ROLE'))).toMatchObject({ action: 'admin.role_assigned', targets: [{ type: 'user', email: 'new.admin@acme.com' }, { type: 'role', name: '_SEED_ADMIN_ROLE' }] });
    expect(norm(byName('ENFORCE_STRONG_AUTHENTICATION')).action).toBe('security.mfa_requirement_disabled');
  });

  it('token authorize: the app and its scopes (multiValue) as a consent the OAuth policies read', () => {
    const a = norm(byName('authorize'));
    expect(a.action).toBe('oauth.consent_granted');
    expect(a.targets).toEqual([{ type: 'app', id: '123456789-abc.apps.googleusercontent.com', name: 'Acme Notes', changes: [{ field: 'scope', new: 'https://www.googleapis.com/auth/drive openid email' }] }]);
  });

  it('Drive: a download targets the file; visibility to anyone with the link is a public link', () => {
    expect(norm(byName('download'))).toMatchObject({ action: 'file.downloaded', app: 'Drive', targets: [{ type: 'file', id: '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789', name: 'Q1 forecast' }] });
    expect(norm(byName('change_document_visibility')).action).toBe('file.public_link_created');
  });

  it('external forwarding (API item and the one-event-per-record export with parameters as an object) names the address', () => {
    for (const record of fixtures.filter((f) => JSON.stringify(f).includes('email_forwarding_out_of_domain'))) {
      const a = norm(record);
      expect(a.action).toBe('mail.forwarding_set');
      expect(a.targets[0]?.changes?.[0]).toMatchObject({ field: 'forwarding_address' });
    }
  });

  it('the one-event-per-record export: time without zone or T is UTC', () => {
    const a = norm(byName('2sv_disable'));
    expect(a).toMatchObject({ action: 'mfa.disabled', time: Date.UTC(2025, 2, 8, 7, 45, 10), originalTime: '2025-03-08 07:45:10', actor: { email: 'homer.simpson@springfield.example' } });
  });

  it('the Cloud Logging AuditLog export: principal, caller IP, event and its parameters', () => {
    const a = norm(byName('google.login.LoginService.loginSuccess'));
    expect(a).toMatchObject({ action: 'user.login', srcIp: '203.0.113.7', time: Date.UTC(2025, 2, 4, 9, 15, 22, 481), actor: { email: 'jane@acme.com' }, auth: { mfa: false } });
    expect(a.sourceId).toBe('2025-03-04T09:15:22.481Z/-4312890123456789999/login');
  });

  it('an unknown event stays `other` with its raw record whole', () => {
    const record = { id: { time: '2025-03-09T01:02:03.000Z', uniqueQualifier: '42', applicationName: 'meet' }, actor: { email: 'x@acme.com' }, events: [{ type: 'call', name: 'call_ended', parameters: [] }] };
    const a = norm(record);
    expect(a).toMatchObject({ action: 'other', eventType: 'meet.call_ended', app: 'Meet' });
    expect(a.raw).toEqual(record);
    expect(ActivitySchema.safeParse(a).success).toBe(true);
  });

  /** One Reports item as the API returns it (digest §4); the tests below change its application, actor or event. */
  const item = (application: string, event: Record<string, unknown>, actor: Record<string, unknown> = { callerType: 'USER', email: 'Jane.Roe@Acme.com', profileId: '104938271650012345678' }) => ({
    kind: 'admin#reports#activity',
    id: { time: '2025-03-04T09:15:22.481Z', uniqueQualifier: '-4312890123456789012', applicationName: application, customerId: 'C03az79cb' },
    actor,
    ipAddress: '203.0.113.7',
    networkInfo: { ipAsn: [64500], regionCode: 'FR', subdivisionCode: 'FR-69' },
    events: [event],
  });

  it('lower-cases the actor e-mail; a sign-in concerns the actor, and its country comes from Google', () => {
    const a = norm(item('login', { type: 'login', name: 'login_success', parameters: [{ name: 'login_type', value: 'google_password' }] }));
    expect(a.actor).toEqual({ userId: '104938271650012345678', email: 'jane.roe@acme.com', name: null, type: 'user', isAdmin: null, appId: null, appName: null });
    expect(a.targets).toEqual([{ type: 'user', id: 'jane.roe@acme.com', name: 'jane.roe@acme.com', email: 'jane.roe@acme.com' }]);
    expect(a.geo).toEqual({ country: 'FR', region: null, city: null, lat: null, lon: null, source: 'provider' });
  });

  it('an OAuth key or robot as caller (callerType KEY) is an app, not a person', () => {
    const a = norm(item('drive', { type: 'access', name: 'download', parameters: [{ name: 'doc_id', value: 'd1' }, { name: 'doc_title', value: 'Payroll' }] }, { callerType: 'KEY', key: 'SYSTEM' }));
    expect(a.actor).toEqual({ userId: null, email: null, name: null, type: 'app', isAdmin: null, appId: 'SYSTEM', appName: null });
  });

  it('SAML: a failed SSO is a failed log-on with its status code; a success is an SSO log-on into the named app', () => {
    const params = [{ name: 'application_name', value: 'Salesforce' }, { name: 'initiated_by', value: 'sp' }];
    const failed = norm(item('saml', { type: 'login', name: 'login_failure', parameters: [...params, { name: 'saml_status_code', value: 'SAML2_STATUS_REQUEST_DENIED' }] }));
    expect({ action: failed.action, outcome: failed.outcome, outcomeReason: failed.outcomeReason, service: failed.service, protocol: failed.auth.protocol }).toEqual({
      action: 'user.login_failed', outcome: 'failure', outcomeReason: 'SAML2_STATUS_REQUEST_DENIED', service: { id: 'Salesforce', name: 'Salesforce' }, protocol: 'saml',
    });
    const ok = norm(item('saml', { type: 'login', name: 'login_success', parameters: params }));
    expect({ action: ok.action, outcome: ok.outcome, service: ok.service }).toEqual({ action: 'user.sso_login', outcome: 'success', service: { id: 'Salesforce', name: 'Salesforce' } });
  });

  it('a 2-step challenge passed is a success, one failed a failure', () => {
    const challenge = (status: string) => norm(item('login', { type: 'login', name: 'login_challenge', parameters: [{ name: 'login_challenge_method', multiValue: ['password', 'google_authenticator'] }, { name: 'login_challenge_status', value: status }] }));
    expect([challenge('Challenge Passed'), challenge('Challenge Failed')].map((a) => [a.action, a.outcome])).toEqual([
      ['user.mfa_challenge', 'success'],
      ['user.mfa_challenge', 'failure'],
    ]);
  });

  it('2SV enforcement turned on is a policy change, not an MFA requirement disabled', () => {
    const on = norm(item('admin', { type: 'SECURITY_SETTINGS', name: 'ENFORCE_STRONG_AUTHENTICATION', parameters: [{ name: 'ORG_UNIT_NAME', value: '/' }, { name: 'OLD_VALUE', value: 'false' }, { name: 'NEW_VALUE', value: 'true' }] }));
    expect(on.action).toBe('security.policy_changed');
    expect(on.targets).toEqual([{ type: 'policy', id: 'ENFORCE_STRONG_AUTHENTICATION', name: '2-step verification enforcement', changes: [{ field: 'enforced', old: 'false', new: 'true' }] }]);
  });

  it('admin console: the user an admin acts on is lower-cased; an event no mapping knows still happened (success), elsewhere it is unknown', () => {
    const suspend = norm(item('admin', { type: 'USER_SETTINGS', name: 'SUSPEND_USER', parameters: [{ name: 'USER_EMAIL', value: 'Leaver@Acme.com' }] }));
    expect(suspend.targets).toEqual([{ type: 'user', id: 'leaver@acme.com', name: 'leaver@acme.com', email: 'leaver@acme.com' }]);
    const viewed = norm(item('admin', { type: 'USER_REPORTING', name: 'DOWNLOAD_USERLIST_CSV', parameters: [] }));
    expect([viewed.action, viewed.outcome]).toEqual(['other', 'success']);
    const meet = norm(item('meet', { type: 'call', name: 'call_ended', parameters: [] }));
    expect([meet.action, meet.outcome]).toEqual(['other', 'unknown']);
  });

  it('Drive: visibility back to private is an unshare; sharing with a person names them (lower-cased)', () => {
    const file = [{ name: 'doc_id', value: 'd1' }, { name: 'doc_title', value: 'Q1 forecast' }];
    expect(norm(item('drive', { type: 'acl_change', name: 'change_document_visibility', parameters: [...file, { name: 'visibility', value: 'private' }] })).action).toBe('file.unshared');
    expect(norm(item('drive', { type: 'acl_change', name: 'change_document_visibility', parameters: [...file, { name: 'visibility', value: 'shared_internally' }] })).action).toBe('file.shared');
    const shared = norm(item('drive', { type: 'acl_change', name: 'change_user_access', parameters: [...file, { name: 'target_user', value: 'Partner@Example.org' }] }));
    expect(shared.targets).toEqual([
      { type: 'file', id: 'd1', name: 'Q1 forecast' },
      { type: 'user', id: 'partner@example.org', name: 'partner@example.org', email: 'partner@example.org' },
    ]);
  });

  it('token revoke is a consent revoked, naming the app', () => {
    const a = norm(item('token', { type: 'auth', name: 'revoke', parameters: [{ name: 'client_id', value: '123456789-abc.apps.googleusercontent.com' }, { name: 'app_name', value: 'Acme Notes' }] }));
    expect([a.action, a.outcome]).toEqual(['oauth.consent_revoked', 'success']);
    expect(a.targets).toEqual([{ type: 'app', id: '123456789-abc.apps.googleusercontent.com', name: 'Acme Notes' }]);
  });
});
