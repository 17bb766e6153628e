import type { FidelityCase } from '../../sdk/fidelity.js';

/**
 * Zoom report records as Zoom's API reference publishes them (mirrored on apifox.com and withone.ai, which
 * copy the reference's response samples), with the fields each must yield (issue #11).
 */

const ACTIVITIES_REFERENCE = 'https://developers.zoom.us/docs/api/rest/reference/zoom-api/methods/#operation/reportSignInSignOutActivities';
const ACTIVITIES_MIRROR = 'https://withone.ai/knowledge/zoom/conn_mod_def%3A%3AGJ8evD909ws%3A%3AI_dePzauQ2SmlS2gz_Gz8Q';
const OPERATIONLOGS_MIRROR = 'https://apifox.com/apidoc/docs-site/406120/api-5366086';
const OPERATIONLOGS_REFERENCE = 'https://developers.zoom.us/docs/api/rest/reference/zoom-api/methods/#operation/reportOperationLogs';

export const corpus: FidelityCase[] = [
  {
    source: ACTIVITIES_MIRROR,
    shape: 'Sign-in/out report record (Sign out, Browser)', values: 'published',
    note: 'The reference\'s sample record; its e-mail is redacted on the mirror ("[email protected]"), a documentation address stands in.',
    record: { client_type: 'Browser', email: 'jane@example.com', ip_address: '192.0.2.1', time: '2019-09-15T19:13:41Z', type: 'Sign out', version: '5.9.1.2581' },
    expect: { user: 'jane@example.com', ip: '192.0.2.1', time: Date.UTC(2019, 8, 15, 19, 13, 41), action: 'user.logout', outcome: 'success', targets: [] },
  },
  {
    source: ACTIVITIES_REFERENCE,
    shape: 'Sign-in/out report record (Sign in, desktop client)', values: 'synthetic',
    note: 'The documented fields (email, time, type, ip_address, client_type, version) with made-up values; type "Sign in" as the reference enumerates it; RFC 5737 IP.',
    record: { email: 'jane@acme.example', time: '2025-03-04T09:15:22Z', type: 'Sign in', ip_address: '203.0.113.7', client_type: 'Mac', version: '5.17.5.2543' },
    expect: { user: 'jane@acme.example', ip: '203.0.113.7', time: Date.UTC(2025, 2, 4, 9, 15, 22), action: 'user.login', outcome: 'success', targets: [] },
  },
  {
    source: ACTIVITIES_MIRROR,
    shape: 'Sign-in/out report page of one record (as a user pastes it)', values: 'published',
    note: 'The reference\'s whole sample response, e-mail as above.',
    record: { activity_logs: [{ client_type: 'Browser', email: 'jane@example.com', ip_address: '192.0.2.1', time: '2019-09-15T19:13:41Z', type: 'Sign out', version: '5.9.1.2581' }], from: '2019-09-01T00:00:00Z', next_page_token: 'b43YBRLJFg3V4vsSpxvGdKIGtNbxn9h9If2', page_size: 30, to: '2019-09-20T00:00:00Z' },
    expect: { user: 'jane@example.com', ip: '192.0.2.1', time: Date.UTC(2019, 8, 15, 19, 13, 41), action: 'user.logout', outcome: 'success' },
  },
  {
    source: OPERATIONLOGS_MIRROR,
    shape: 'Operation log record (User, Update: Activate User)', values: 'published',
    note: 'The reference\'s first sample record; its made-up e-mail domains are replaced by example.com.',
    record: { action: 'Update', category_type: 'User', operation_detail: 'Activate User sjkfhdsf@example.com ', operator: 'someuser@example.com', time: '2019-08-20T19:09:01Z' },
    expect: { user: 'someuser@example.com', ip: null, time: Date.UTC(2019, 7, 20, 19, 9, 1), action: 'user.unsuspended', outcome: 'success', targets: ['sjkfhdsf@example.com'] },
  },
  {
    source: OPERATIONLOGS_MIRROR,
    shape: 'Operation log record (User, Update: Deactivate User)', values: 'published',
    note: 'The reference\'s second sample record; e-mail domains replaced by example.com.',
    record: { action: 'Update', category_type: 'User', operation_detail: 'Deactivate User mynewemail@example.com ', operator: 'anotheruser@example.com', time: '2019-08-20T18:59:56Z' },
    expect: { user: 'anotheruser@example.com', time: Date.UTC(2019, 7, 20, 18, 59, 56), action: 'user.suspended', outcome: 'success', targets: ['mynewemail@example.com'] },
  },
  {
    source: OPERATIONLOGS_REFERENCE,
    shape: 'Operation log record (lower-case category and action, as the reference enumerates them)', values: 'synthetic',
    note: 'category_type and action in the reference\'s lower-case enum spelling (user, delete); detail worded like the published samples; made-up e-mails.',
    record: { time: '2025-03-04T10:02:11Z', operator: 'admin@acme.example', category_type: 'user', action: 'delete', operation_detail: 'Delete User - bob@acme.example' },
    expect: { user: 'admin@acme.example', time: Date.UTC(2025, 2, 4, 10, 2, 11), action: 'user.deleted', outcome: 'success', targets: ['bob@acme.example'] },
  },
  {
    source: OPERATIONLOGS_REFERENCE,
    shape: 'Operation log record (Role, member added)', values: 'synthetic',
    note: 'category_type "role" is in the reference\'s enum; no published sample of its detail was found, the wording is modelled on the published "<Verb> <Object> <e-mail>" samples.',
    record: { time: '2026-11-19T02:03:00Z', operator: 'ops@acme.example', category_type: 'Role', action: 'Add Member', operation_detail: 'Role: Admin - Add member: sam@acme.example' },
    expect: { user: 'ops@acme.example', time: Date.UTC(2026, 10, 19, 2, 3), action: 'admin.role_assigned', outcome: 'success', targets: ['sam@acme.example', 'Admin'] },
  },
  {
    source: OPERATIONLOGS_REFERENCE,
    shape: 'Operation log record (Account settings changed: from X to Y)', values: 'synthetic',
    note: 'category_type "account" from the reference\'s enum; the "<setting>: from <old> to <new>" detail is modelled on the operation-log export of the Zoom web portal; made-up operator.',
    record: { time: '2026-11-19T02:10:17Z', operator: 'sam@acme.example', category_type: 'Account', action: 'Update', operation_detail: 'Account Settings - Security: Sign in with Two-Factor Authentication: from All users to Off' },
    expect: { user: 'sam@acme.example', time: Date.UTC(2026, 10, 19, 2, 10, 17), action: 'security.mfa_requirement_disabled', outcome: 'success', targets: ['Security: Sign in with Two-Factor Authentication'] },
  },
];
