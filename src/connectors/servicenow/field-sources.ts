import type { FieldSourceMap } from '../sdk/fidelity.js';

/** Where each headline Activity field comes from in the five Table API records the activities stream reads. */
export const serviceNowFieldSources: readonly FieldSourceMap[] = [
  {
    shape: 'sysevent row (login, login.failed)',
    fields: { user: ['parm1'], ip: ['parm2'], time: ['sys_created_on'], action: ['name'], outcome: ['name'], targets: [] },
    notes: 'KB1500674: parm1 is the user_name, parm2 the client IP, instance the session id; failed log-ons are created by guest. Times are `YYYY-MM-DD HH:MM:SS` UTC.',
  },
  {
    shape: 'sys_user_has_role row (user.user_name, user.email, role.name dot-walked)',
    fields: { user: ['sys_created_by'], ip: [], time: ['sys_created_on'], action: ['(table)'], outcome: ['(always success)'], targets: ['user.user_name', 'user', 'role', 'role.name', 'granted_by'] },
    notes: 'A direct grant (inherited=false) is admin.role_assigned; the grantor is sys_created_by (a user_name).',
  },
  {
    shape: 'sys_audit row',
    fields: { user: ['user'], ip: [], time: ['sys_created_on'], action: ['tablename', 'fieldname', 'newvalue'], outcome: ['(always success)'], targets: ['documentkey'] },
    notes: 'One row per changed field: sys_user active=false → user.suspended, true → user.unsuspended, locked_out=true → user.locked_out; other tables → admin.setting_changed or other. `user` is a user_name string.',
  },
  {
    shape: 'sys_properties row (read by sys_updated_on)',
    fields: { user: ['sys_updated_by'], ip: [], time: ['sys_updated_on'], action: ['(table)'], outcome: ['(always success)'], targets: ['sys_id', 'name'] },
    notes: 'The property as last set (admin.setting_changed, change `{field: name, new: value}`); its id is sys_id@sys_mod_count, so each save is one activity.',
  },
  {
    shape: 'syslog_transaction row (client transactions)',
    fields: { user: ['sys_created_by'], ip: ['remote_ip', 'client_ip'], time: ['sys_created_on'], action: ['url'], outcome: ['(always success)'], targets: ['url'] },
    notes: 'The URL decides: `{table}_list.do` and `{table}.do?sys_id=…` → file.viewed, `?CSV` / `?EXCEL` / `?XLSX` / `?XML` / `?PDF` exports and export sets (`sys_export*`, `export_set*`) → file.downloaded, `/api/now/table/{table}` → file.viewed, navigation and AJAX (navpage.do, xmlhttp.do) → other. The client IP column name (remote_ip) is unverified; session is the session id.',
  },
];
