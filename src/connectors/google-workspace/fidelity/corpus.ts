import type { FidelityCase } from '../../sdk/fidelity.js';
/**
 * Google Workspace records in the shapes Google's published references give (activities.list response items,
 * the event-name appendices' parameters) and the common exports, with the fields each must yield. Format of
 * the shared fidelity suite (`FidelityCase`, declared here until that suite's `sdk/fidelity.ts` is merged).
 */

const LIST = 'https://developers.google.com/workspace/admin/reports/reference/rest/v1/activities/list';
const LOGIN = 'https://developers.google.com/workspace/admin/reports/v1/appendix/activity/login';
const ADMIN = 'https://developers.google.com/workspace/admin/reports/v1/appendix/activity/admin-user-settings';
const TOKEN = 'https://developers.google.com/workspace/admin/reports/v1/appendix/activity/token';
const DRIVE = 'https://developers.google.com/workspace/admin/reports/v1/appendix/activity/drive';
const CLOUD_LOGGING = 'https://cloud.google.com/logging/docs/audit/gsuite-audit-logging';

const item = (time: string, uq: string, app: string, email: string, ip: string | null, type: string, name: string, parameters: unknown[]) => ({
  kind: 'admin#reports#activity',
  id: { time, uniqueQualifier: uq, applicationName: app, customerId: 'C03az79cb' },
  actor: { callerType: 'USER', email, profileId: '104938271650012345678' },
  ...(ip ? { ipAddress: ip } : {}),
  events: [{ type, name, parameters }],
});

export const corpus: FidelityCase[] = [
  {
    source: LIST,
    shape: 'Reports activities.list item (login_failure)', values: 'synthetic', note: "Google's reference prints no sample event: values made up (acme.com, RFC 5737 / 3849 IPs); event and parameter names from the appendix.",
    record: item('2025-03-04T09:15:22.481Z', '-4312890123456789012', 'login', 'jane@acme.com', '203.0.113.7', 'login', 'login_failure', [
      { name: 'login_type', value: 'google_password' },
      { name: 'login_challenge_method', multiValue: ['password'] },
      { name: 'login_failure_type', value: 'login_failure_invalid_password' },
      { name: 'is_suspicious', boolValue: false },
    ]),
    expect: { user: 'jane@acme.com', ip: '203.0.113.7', time: Date.UTC(2025, 2, 4, 9, 15, 22, 481), action: 'user.login_failed', outcome: 'failure', targets: ['jane@acme.com'] },
  },
  {
    source: LOGIN,
    shape: 'Reports login_success', values: 'synthetic', note: "Google's reference prints no sample event: values made up (acme.com, RFC 5737 / 3849 IPs); event and parameter names from the appendix.",
    record: item('2025-03-04T09:16:40.102Z', '7718290011223344556', 'login', 'jane@acme.com', '2001:db8::7', 'login', 'login_success', [
      { name: 'login_type', value: 'google_password' },
      { name: 'login_challenge_method', multiValue: ['password', 'google_prompt'] },
      { name: 'is_suspicious', boolValue: false },
    ]),
    expect: { user: 'jane@acme.com', ip: '2001:db8::7', time: Date.UTC(2025, 2, 4, 9, 16, 40, 102), action: 'user.login', outcome: 'success' },
  },
  {
    source: LOGIN,
    shape: 'Reports login email_forwarding_out_of_domain', values: 'synthetic', note: "Google's reference prints no sample event: values made up (acme.com, RFC 5737 / 3849 IPs); event and parameter names from the appendix.",
    record: item('2025-03-05T18:02:11.000Z', '-1002003004005006007', 'login', 'omar@acme.com', '198.51.100.23', 'email_forwarding_change', 'email_forwarding_out_of_domain', [{ name: 'email_forwarding_destination_address', value: 'omar.backup@example.org' }]),
    expect: { user: 'omar@acme.com', ip: '198.51.100.23', time: Date.UTC(2025, 2, 5, 18, 2, 11), action: 'mail.forwarding_set', outcome: 'success' },
  },
  {
    source: ADMIN,
    shape: 'Reports admin SUSPEND_USER', values: 'synthetic', note: "Google's reference prints no sample event: values made up (acme.com, RFC 5737 / 3849 IPs); event and parameter names from the appendix.",
    record: item('2025-03-06T10:00:05.120Z', '5566778899001122334', 'admin', 'admin@acme.com', '192.0.2.10', 'USER_SETTINGS', 'SUSPEND_USER', [{ name: 'USER_EMAIL', value: 'leaver@acme.com' }]),
    expect: { user: 'admin@acme.com', ip: '192.0.2.10', time: Date.UTC(2025, 2, 6, 10, 0, 5, 120), action: 'user.suspended', outcome: 'success', targets: ['leaver@acme.com'] },
  },
  {
    source: TOKEN,
    shape: 'Reports token authorize', values: 'synthetic', note: "Google's reference prints no sample event: values made up (acme.com, RFC 5737 / 3849 IPs); event and parameter names from the appendix.",
    record: item('2025-03-07T14:05:00.000Z', '3141592653589793238', 'token', 'jane@acme.com', '203.0.113.7', 'auth', 'authorize', [
      { name: 'client_id', value: '123456789-abc.apps.googleusercontent.com' },
      { name: 'app_name', value: 'Acme Notes' },
      { name: 'scope', multiValue: ['https://www.googleapis.com/auth/drive', 'openid'] },
    ]),
    expect: { user: 'jane@acme.com', ip: '203.0.113.7', time: Date.UTC(2025, 2, 7, 14, 5), action: 'oauth.consent_granted', outcome: 'success', targets: ['123456789-abc.apps.googleusercontent.com'] },
  },
  {
    source: DRIVE,
    shape: 'Reports drive download (intValue as a string)', values: 'synthetic', note: "Google's reference prints no sample event: values made up (acme.com, RFC 5737 / 3849 IPs); event and parameter names from the appendix.",
    record: item('2025-03-07T15:00:00.000Z', '-271828182845904523', 'drive', 'jane@acme.com', '203.0.113.7', 'access', 'download', [
      { name: 'doc_id', value: '1AbCdEf' },
      { name: 'doc_title', value: 'Q1 forecast' },
      { name: 'size', intValue: '48213' },
    ]),
    expect: { user: 'jane@acme.com', ip: '203.0.113.7', time: Date.UTC(2025, 2, 7, 15), action: 'file.downloaded', outcome: 'success', targets: ['1AbCdEf'] },
  },
  {
    source: CLOUD_LOGGING,
    shape: 'Cloud Logging AuditLog export (protoPayload)', values: 'synthetic', note: "Google's reference prints no sample event: values made up (acme.com, RFC 5737 / 3849 IPs); event and parameter names from the appendix.",
    record: {
      protoPayload: {
        '@type': 'type.googleapis.com/google.cloud.audit.AuditLog',
        authenticationInfo: { principalEmail: 'jane@acme.com' },
        requestMetadata: { callerIp: '203.0.113.7' },
        serviceName: 'login.googleapis.com',
        methodName: 'google.login.LoginService.loginSuccess',
        metadata: { activityId: { timeUsec: '1741079722481000', uniqQualifier: '-4312890123456789999' }, event: [{ eventName: 'login_success', eventType: 'login', parameter: [{ name: 'login_type', value: 'google_password' }] }] },
      },
      insertId: '-x1y2z3a4b5c',
      timestamp: '2025-03-04T09:15:22.481Z',
    },
    expect: { user: 'jane@acme.com', ip: '203.0.113.7', time: Date.UTC(2025, 2, 4, 9, 15, 22, 481), action: 'user.login', outcome: 'success' },
  },
];
