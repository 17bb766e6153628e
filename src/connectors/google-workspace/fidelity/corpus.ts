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
const CHROME_ENTERPRISE_REPORTS = 'https://github.com/google/ChromeBrowserEnterprise/blob/main/docs/Reports_api.md';
const GOOGLE_SAMPLE_NOTE = "Google's Chrome Enterprise team's Reports API guide prints this activities.list response (its redactions, e.g. customerId xxxx, kept).";

const item = (time: string, uq: string, app: string, email: string, ip: string | null, type: string, name: string, parameters: unknown[]) => ({
  kind: 'admin#reports#activity',
  id: { time, uniqueQualifier: uq, applicationName: app, customerId: 'C03az79cb' },
  actor: { callerType: 'USER', email, profileId: '104938271650012345678' },
  ...(ip ? { ipAddress: ip } : {}),
  events: [{ type, name, parameters }],
});

export const corpus: FidelityCase[] = [
  {
    source: CHROME_ENTERPRISE_REPORTS,
    shape: 'Reports activities.list item (admin ALERT_CENTER_VIEW), as Google publishes it',
    values: 'published',
    note: GOOGLE_SAMPLE_NOTE,
    record: {
      kind: 'admin#reports#activity',
      id: { time: '2022-09-16T17:59:28.102Z', uniqueQualifier: '7097050198975420298', applicationName: 'admin', customerId: 'xxxx' },
      etag: '"7dD2lEGw_cSWElgnmooDH6C54E0q2uifMqS1m-4dUqU/aWuDJDUr-XB3-zEjVz1XTCnbRL0"',
      actor: { callerType: 'USER', email: 'xxxxx@example.com', profileId: '123456789' },
      ipAddress: '1.2.3.4',
      events: [
        {
          type: 'ALERT_CENTER',
          name: 'ALERT_CENTER_VIEW',
          parameters: [{ name: 'ALERT_ID', value: '38b74e21-9477-4773-a3f2-3bf1534e7b0d,6888bfd6-70c3-49ae-b478-890c6a979b2c,be18b0d5-5947-4c50-84c1-3f084eb02f1b,de759c53-9011-4563-a9e9-3b5347e49286' }],
        },
      ],
    },
    expect: { user: 'xxxxx@example.com', ip: '1.2.3.4', time: Date.UTC(2022, 8, 16, 17, 59, 28, 102), outcome: 'success' },
  },
  {
    source: CHROME_ENTERPRISE_REPORTS,
    shape: 'Reports activities.list item (admin CHANGE_CHROME_OS_USER_SETTING), as Google publishes it',
    values: 'published',
    note: GOOGLE_SAMPLE_NOTE,
    record: {
      kind: 'admin#reports#activity',
      id: { time: '2022-09-14T21:29:40.190Z', uniqueQualifier: '1644351083196407755', applicationName: 'admin', customerId: '123456789' },
      etag: '"7dD2lEGw_cSWElgnmooDH6C54E0q2uifMqS1m-4dUqU/qGGCLZkMXjMgbcnjLgAD7MUpiIc"',
      actor: { callerType: 'USER', email: 'test@example.com', profileId: '123456789' },
      ipAddress: '1.2.3.4',
      events: [
        {
          type: 'CHROME_OS_SETTINGS',
          name: 'CHANGE_CHROME_OS_USER_SETTING',
          parameters: [
            { name: 'SETTING_NAME', value: 'cookies_allowed_for_urls' },
            { name: 'ORG_UNIT_NAME', value: 'Austin' },
            { name: 'OLD_VALUE', value: 'MANDATORY|[http://dev.example.com]' },
            { name: 'NEW_VALUE', value: 'INHERITED' },
          ],
        },
      ],
    },
    expect: { user: 'test@example.com', ip: '1.2.3.4', time: Date.UTC(2022, 8, 14, 21, 29, 40, 190), action: 'admin.setting_changed', outcome: 'success', targets: ['cookies_allowed_for_urls'] },
  },
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
