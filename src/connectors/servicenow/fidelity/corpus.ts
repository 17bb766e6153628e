import type { FidelityCase } from '../../sdk/fidelity.js';

/**
 * ServiceNow Table API records of the five shapes the activities stream reads. ServiceNow documents the
 * tables' columns and the Table API's JSON form (every value a string, glide date-times in UTC) but prints no
 * sample row of these tables, so every case is synthetic: the shape as the cited page documents it, values
 * made up (documentation addresses of RFC 5737).
 */

const KB_AUTH_EVENTS = 'https://support.servicenow.com/kb?id=kb_article_view&sysparm_article=KB1500674';
const TABLE_API_GET = 'https://docs.servicenow.com/bundle/geneva-servicenow-platform/page/integrate/inbound_rest/reference/r_TableAPI-GET.html';
const KB_USER_ACTIVITY = 'https://support.servicenow.com/kb?id=kb_article_view&sysparm_article=KB0564981';
const SYS_AUDIT = 'https://www.servicenow.com/docs/r/australia/platform-security/c_UnderstandingTheSysAuditTable.html';

export const corpus: FidelityCase[] = [
  {
    source: KB_AUTH_EVENTS,
    shape: 'sysevent row: login',
    values: 'synthetic',
    note: 'KB1500674 documents the login event of every log-on type: parm1 the user_name, parm2 the public IP, instance the session id (the KB\'s own example session id is reused). The other columns are sysevent\'s, values made up.',
    record: { sys_id: '1c2a5e8bdb1e3010a8f3d5e1f39619b3', name: 'login', parm1: 'tim.edwards@example.com', parm2: '198.51.100.24', instance: '7A18B5AFDBA57910E1CE5E92F396193D', state: 'processed', queue: '', table: '', sys_created_on: '2023-10-03 20:34:12', sys_created_by: 'tim.edwards@example.com' },
    expect: { user: 'tim.edwards@example.com', ip: '198.51.100.24', time: Date.UTC(2023, 9, 3, 20, 34, 12), action: 'user.login', outcome: 'success', targets: [] },
  },
  {
    source: KB_AUTH_EVENTS,
    shape: 'sysevent row: login.failed',
    values: 'synthetic',
    note: 'The login.failed event of KB1500674 (created by guest, parm1 the user_name tried, parm2 the client IP); values made up.',
    record: { sys_id: '9f0e6a2bdb1e3010a8f3d5e1f39619a2', name: 'login.failed', parm1: 'jane.roe', parm2: '203.0.113.7', instance: '3B09C4AFDBA57910E1CE5E92F3961944', state: 'processed', queue: '', table: '', sys_created_on: '2025-03-04 09:14:58', sys_created_by: 'guest' },
    expect: { user: 'jane.roe', ip: '203.0.113.7', time: Date.UTC(2025, 2, 4, 9, 14, 58), action: 'user.login_failed', outcome: 'failure' },
  },
  {
    source: TABLE_API_GET,
    shape: 'sys_user_has_role row (sysparm_fields with user.user_name, user.email, role.name dot-walked; sysparm_exclude_reference_link=true)',
    values: 'synthetic',
    note: "The Table API GET page documents dot-walked sysparm_fields and exclude_reference_link (references as plain sys_ids); the role sys_id is the admin role's from the digest's sys_audit sample, the rest made up.",
    record: { sys_id: '5c3e1f2adb5e3010a8f3d5e1f3961911', user: '62826bf03710200044e0bfc8bcbe5df1', 'user.user_name': 'jane.roe', 'user.email': 'jane.roe@example.com', role: '2831a114c611228501d4ea6c309d626d', 'role.name': 'security_admin', inherited: 'false', granted_by: '', state: 'active', sys_created_on: '2025-03-04 10:02:11', sys_created_by: 'admin' },
    expect: { user: 'admin', time: Date.UTC(2025, 2, 4, 10, 2, 11), action: 'admin.role_assigned', outcome: 'success', targets: ['jane.roe', '2831a114c611228501d4ea6c309d626d'] },
  },
  {
    source: SYS_AUDIT,
    shape: 'sys_audit row: sys_user.active set to false',
    values: 'synthetic',
    note: 'The sys_audit columns the audit-history page documents (tablename, documentkey, fieldname, oldvalue, newvalue, user as a user_name, record_checkpoint); values made up.',
    record: { sys_id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', tablename: 'sys_user', documentkey: '62826bf03710200044e0bfc8bcbe5df1', fieldname: 'active', oldvalue: 'true', newvalue: 'false', user: 'admin', reason: '', record_checkpoint: '13', internal_checkpoint: '18f1c2a3b4c0000001', sys_created_on: '2025-03-05 17:40:00' },
    expect: { user: 'admin', time: Date.UTC(2025, 2, 5, 17, 40), action: 'user.suspended', outcome: 'success', targets: ['62826bf03710200044e0bfc8bcbe5df1'] },
  },
  {
    source: TABLE_API_GET,
    shape: 'sys_properties row (read by sys_updated_on)',
    values: 'synthetic',
    note: 'A sys_properties row in the Table API\'s JSON form (every value a string); the property name is one the digest lists, the values made up.',
    record: { sys_id: 'b2c3d4e5f60718293a4b5c6d7e8f9012', name: 'glide.authenticate.multifactor', value: 'false', type: 'true | false', sys_updated_on: '2025-03-05 14:17:00', sys_updated_by: 'jane.roe', sys_mod_count: '3' },
    expect: { user: 'jane.roe', time: Date.UTC(2025, 2, 5, 14, 17), action: 'admin.setting_changed', outcome: 'success', targets: ['b2c3d4e5f60718293a4b5c6d7e8f9012'] },
  },
  {
    source: TABLE_API_GET,
    shape: 'sysevent row read with sysparm_display_value=all ({display_value, value} per field)',
    values: 'synthetic',
    note: "The Table API GET page's display_value=all form (every field an object of display and raw value; the display time in the reading user's time zone, the raw one UTC) over the login event of KB1500674; values made up.",
    record: {
      sys_id: { display_value: '4d2a5e8bdb1e3010a8f3d5e1f39619c4', value: '4d2a5e8bdb1e3010a8f3d5e1f39619c4' },
      name: { display_value: 'login', value: 'login' },
      parm1: { display_value: 'jane.roe', value: 'jane.roe' },
      parm2: { display_value: '192.0.2.41', value: '192.0.2.41' },
      instance: { display_value: '5C19B5AFDBA57910E1CE5E92F3961955', value: '5C19B5AFDBA57910E1CE5E92F3961955' },
      sys_created_on: { display_value: '2025-03-04 01:15:22', value: '2025-03-04 09:15:22' },
      sys_created_by: { display_value: 'jane.roe', value: 'jane.roe' },
    },
    expect: { user: 'jane.roe', ip: '192.0.2.41', time: Date.UTC(2025, 2, 4, 9, 15, 22), action: 'user.login', outcome: 'success' },
  },
  {
    source: KB_USER_ACTIVITY,
    shape: 'syslog_transaction row: a list view',
    values: 'synthetic',
    note: 'KB0564981 investigates user activity through the transaction log (url, sys_created_by, sys_created_on, response_time, type); the client IP and session columns are named as the simulator names them (remote_ip, session: unverified). Values made up.',
    record: { sys_id: 'c3d4e5f60718293a4b5c6d7e8f901234', url: '/incident_list.do?sysparm_query=active%3Dtrue&sysparm_first_row=1', type: 'list', response_time: '412', client_transaction: 'true', remote_ip: '198.51.100.24', session: '7A18B5AFDBA57910E1CE5E92F396193D', sys_created_on: '2025-03-04 09:20:41', sys_created_by: 'jane.roe' },
    expect: { user: 'jane.roe', ip: '198.51.100.24', time: Date.UTC(2025, 2, 4, 9, 20, 41), action: 'file.viewed', outcome: 'success', targets: ['incident'] },
  },
  {
    source: KB_USER_ACTIVITY,
    shape: 'syslog_transaction row: a record (form) view',
    values: 'synthetic',
    note: 'A form transaction of KB0564981 (the record named by sys_id in the URL); the IP and session column names unverified, values made up.',
    record: { sys_id: 'd4e5f60718293a4b5c6d7e8f90123456', url: '/change_request.do?sys_id=62826bf03710200044e0bfc8bcbe5df1&sysparm_view=', type: 'form', response_time: '233', client_transaction: 'true', remote_ip: '203.0.113.7', session: '3B09C4AFDBA57910E1CE5E92F3961944', sys_created_on: '2025-03-04 11:02:09', sys_created_by: 'jane.roe' },
    expect: { user: 'jane.roe', ip: '203.0.113.7', time: Date.UTC(2025, 2, 4, 11, 2, 9), action: 'file.viewed', outcome: 'success', targets: ['change_request:62826bf03710200044e0bfc8bcbe5df1'] },
  },
  {
    source: KB_USER_ACTIVITY,
    shape: 'syslog_transaction row: a list exported to CSV (the ?CSV processor)',
    values: 'synthetic',
    note: 'A list export through the URL export processor (?CSV; ?EXCEL, ?XML and ?PDF alike) as the transaction log records it; the IP and session column names unverified, values made up.',
    record: { sys_id: 'e5f60718293a4b5c6d7e8f9012345678', url: '/incident_list.do?CSV&sysparm_query=active%3Dtrue&sysparm_orderby=number', type: 'list', response_time: '2310', client_transaction: 'true', remote_ip: '192.0.2.41', session: '5C19B5AFDBA57910E1CE5E92F3961955', sys_created_on: '2025-03-05 16:45:30', sys_created_by: 'jane.roe' },
    expect: { user: 'jane.roe', ip: '192.0.2.41', time: Date.UTC(2025, 2, 5, 16, 45, 30), action: 'file.downloaded', outcome: 'success', targets: ['incident'] },
  },
];
