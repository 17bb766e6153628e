import type { Action, Target } from '../../core/activity.js';
import type { NormalizeContext, NormalizedActivity } from '../sdk/define-connector.js';
import { asRecord, baseActivity, bool, lookupTable, lowerEmail, parseProviderTime, str, unreadableActivity, withSourceIp, textOf } from '../sdk/normalize-helpers.js';

const PROVIDER = 'servicenow';
const APP = 'ServiceNow';

/** `sysevent` names Parapet places (KB1500674: every log-on type writes `login` or `login.failed`). */
export const SYSEVENT_ACTIONS: Readonly<Record<string, Action>> = lookupTable({
  login: 'user.login',
  'login.failed': 'user.login_failed',
  logout: 'user.logout',
  'user.locked.out': 'user.locked_out',
  'user.password.changed': 'user.password_changed',
});

/** The five record shapes the activities stream reads (digest §2), told apart by their columns. */
export type ServiceNowShape = 'sysevent' | 'role-grant' | 'audit' | 'property' | 'transaction' | 'unknown';

export function shapeOf(r: Record<string, unknown>): ServiceNowShape {
  if (str(r.tablename) !== null && str(r.fieldname) !== null && 'documentkey' in r) return 'audit';
  if ('role' in r && 'user' in r && ('inherited' in r || 'role.name' in r)) return 'role-grant';
  if ('parm1' in r && str(r.name) !== null) return 'sysevent';
  if ('value' in r && str(r.name) !== null && 'sys_mod_count' in r) return 'property';
  if (str(r.url) !== null && ('response_time' in r || 'remote_ip' in r || 'client_transaction' in r)) return 'transaction';
  return 'unknown';
}

/** `sys_created_by`, `sys_audit.user`, `sysevent.parm1`: a user_name. The inventory keys accounts by it. */
function actorOf(userName: string | null, context: NormalizeContext): NormalizedActivity['actor'] {
  const ref = userName ? context.lookupAccount(userName) : undefined;
  const system = userName === 'system' || userName === 'guest';
  return {
    userId: system ? null : userName,
    email: lowerEmail(ref?.email) ?? (userName?.includes('@') ? lowerEmail(userName) : null),
    name: ref?.name ?? (system ? userName : null),
    type: userName === 'system' ? 'system' : userName ? 'user' : 'unknown',
    isAdmin: ref?.isAdmin ?? null,
    appId: null,
    appName: null,
  };
}

function userTarget(userName: string | null, sysId: string | null, email: string | null, context: NormalizeContext): Target {
  const ref = userName ? context.lookupAccount(userName) : undefined;
  return { type: 'user', id: userName ?? sysId, name: ref?.name ?? null, email: lowerEmail(email) ?? lowerEmail(ref?.email) ?? (userName?.includes('@') ? lowerEmail(userName) : null) };
}

/** A glide date-time (`YYYY-MM-DD HH:MM:SS`, UTC). */
function timeOf(value: unknown): number | null {
  const parsed = parseProviderTime(value);
  return parsed === null || !Number.isSafeInteger(Math.trunc(parsed)) ? null : Math.trunc(parsed);
}

function sysevent(r: Record<string, unknown>, time: number, context: NormalizeContext): NormalizedActivity {
  const name = str(r.name) ?? 'unknown';
  const action = SYSEVENT_ACTIONS[name] ?? 'other';
  const a = baseActivity({ provider: PROVIDER, app: APP, sourceId: str(r.sys_id) ?? '', time, originalTime: textOf(r.sys_created_on), action, eventType: `sysevent.${name}`, raw: r });
  const userName = str(r.parm1);
  a.actor = actorOf(userName, context);
  if (action === 'user.login' || action === 'user.login_failed') {
    a.outcome = action === 'user.login' ? 'success' : 'failure';
    a.message = action === 'user.login' ? 'User logged in' : 'Log-on failed';
    a.auth = { mfa: null, protocol: null, interactive: true, method: null };
    if (action === 'user.login_failed') a.severityId = 3;
  }
  withSourceIp(a, r.parm2);
  const session = str(r.instance);
  a.sessionId = session;
  return a;
}

/** A `sys_user_has_role` row (read with `user.user_name`, `user.email` and `role.name` dot-walked): a role granted. */
function roleGrant(r: Record<string, unknown>, time: number, context: NormalizeContext): NormalizedActivity {
  const a = baseActivity({ provider: PROVIDER, app: APP, sourceId: str(r.sys_id) ?? '', time, originalTime: textOf(r.sys_created_on), action: 'admin.role_assigned', eventType: 'sys_user_has_role.insert', raw: r });
  const roleName = str(r['role.name']);
  const roleId = str(r.role);
  a.actor = actorOf(str(r.sys_created_by), context);
  a.outcome = 'success';
  a.message = `Role ${roleName ?? roleId ?? '?'} granted`;
  a.targets = [userTarget(str(r['user.user_name']), str(r.user), str(r['user.email']), context), { type: 'role', id: roleId ?? roleName, name: roleName ?? roleId }];
  const group = str(r.granted_by);
  if (group) a.targets.push({ type: 'group', id: group, name: null });
  return a;
}

/** Audited `sys_user` fields Parapet places: deactivation, lock-out and their undoing. */
function auditAction(table: string, field: string, newValue: string | null): Action {
  if (table !== 'sys_user') return table === 'sys_properties' || table === 'sys_security_acl' ? 'admin.setting_changed' : 'other';
  if (field === 'active') return bool(newValue) === false ? 'user.suspended' : bool(newValue) === true ? 'user.unsuspended' : 'user.updated';
  if (field === 'locked_out') return bool(newValue) === true ? 'user.locked_out' : 'user.updated';
  if (field === 'password' || field === 'user_password') return 'user.password_changed';
  return 'user.updated';
}

/** One `sys_audit` row: one field of one audited record changed (old and new values are raw strings / sys_ids). */
function audit(r: Record<string, unknown>, time: number, context: NormalizeContext): NormalizedActivity {
  const table = str(r.tablename) ?? 'unknown';
  const field = str(r.fieldname) ?? 'unknown';
  const newValue = typeof r.newvalue === 'string' ? r.newvalue : null;
  const oldValue = typeof r.oldvalue === 'string' ? r.oldvalue : null;
  const action = auditAction(table, field, newValue);
  const a = baseActivity({ provider: PROVIDER, app: APP, sourceId: str(r.sys_id) ?? '', time, originalTime: textOf(r.sys_created_on), action, eventType: `sys_audit.${table}.${field}`, raw: r });
  a.actor = actorOf(str(r.user), context);
  a.outcome = 'success';
  a.outcomeReason = str(r.reason);
  a.message = `${table}.${field} changed${oldValue !== null ? ` from "${oldValue}"` : ''}${newValue !== null ? ` to "${newValue}"` : ''}`;
  const key = str(r.documentkey);
  const change = { field, old: oldValue, new: newValue };
  a.targets = table === 'sys_user' ? [{ ...userTarget(null, key, null, context), changes: [change] }] : [{ type: table === 'sys_security_acl' ? 'policy' : 'other', id: key, name: table, changes: [change] }];
  return a;
}

/** A `sys_properties` row read by `sys_updated_on`: the property's value as last set, and who set it. */
function property(r: Record<string, unknown>, time: number, context: NormalizeContext): NormalizedActivity {
  const name = str(r.name) ?? 'unknown';
  const sysId = str(r.sys_id) ?? '';
  const a = baseActivity({ provider: PROVIDER, app: APP, sourceId: `${sysId}@${str(r.sys_mod_count) ?? '0'}`, time, originalTime: textOf(r.sys_updated_on), action: 'admin.setting_changed', eventType: 'sys_properties.update', raw: r });
  a.actor = actorOf(str(r.sys_updated_by), context);
  a.outcome = 'success';
  const value = typeof r.value === 'string' ? r.value : null;
  a.message = `System property ${name} set to "${value ?? ''}"`;
  a.targets = [{ type: 'other', id: sysId || name, name, changes: [{ field: name, old: null, new: value }] }];
  return a;
}

/** URL markers of an export: the list/form export processors (`?CSV`, `?EXCEL`, `?XLSX`, `?XML`, `?PDF`, `?JSON`) and export sets / `sys_export` tables. */
const EXPORT_FORMATS = ['CSV', 'EXCEL', 'XLSX', 'XML', 'PDF', 'JSON', 'UNL'] as const;

/** What one transaction URL did: a table's list or record read, an export of it, or something else (navigation, AJAX). */
export interface TransactionKind {
  kind: 'list' | 'record' | 'export' | 'api' | 'other';
  action: Action;
  table: string | null;
  recordId: string | null;
  format: string | null;
}

export function transactionKind(url: string): TransactionKind {
  const [path = '', query = ''] = url.split('?', 2);
  const params = query.split('&');
  const page = path.slice(path.lastIndexOf('/') + 1);
  const param = (name: string) => params.find((p) => p.startsWith(`${name}=`))?.slice(name.length + 1) ?? null;
  const format = EXPORT_FORMATS.find((f) => params.some((p) => p.toUpperCase() === f || p.toUpperCase().startsWith(`${f}=`))) ?? null;
  const api = /^\/api\/now\/(?:v\d+\/)?table\/([\w]+)(?:\/([\w]+))?/.exec(path);
  if (api) return { kind: 'api', action: 'file.viewed', table: api[1] ?? null, recordId: api[2] ?? null, format: null };
  const list = /^([\w]+)_list\.do$/.exec(page);
  const form = list ? null : /^([\w]+)\.do$/.exec(page);
  const table = list?.[1] ?? form?.[1] ?? null;
  const exportTable = /^sys_export|^export_set/.test(page) || /^sys_export|^export_set/.test(table ?? '');
  if ((table && format) || exportTable) return { kind: 'export', action: 'file.downloaded', table: exportTable ? (param('sysparm_table') ?? table) : table, recordId: param('sys_id'), format: format ?? 'export set' };
  if (list) return { kind: 'list', action: 'file.viewed', table, recordId: null, format: null };
  // A form with a record (`incident.do?sys_id=…`); navpage.do, home.do, xmlhttp.do and the like are navigation, not a read of a table.
  const recordId = param('sys_id');
  if (form && recordId && !['navpage', 'home', 'xmlhttp', 'login', 'logout', 'welcome'].includes(table ?? '')) return { kind: 'record', action: 'file.viewed', table, recordId, format: null };
  return { kind: 'other', action: 'other', table: null, recordId: null, format: null };
}

/** One `syslog_transaction` row: a user's request to the instance (its URL, the client IP, the session). */
function transaction(r: Record<string, unknown>, time: number, context: NormalizeContext): NormalizedActivity {
  const url = str(r.url) ?? '';
  const k = transactionKind(url);
  const a = baseActivity({ provider: PROVIDER, app: APP, sourceId: str(r.sys_id) ?? '', time, originalTime: textOf(r.sys_created_on), action: k.action, eventType: `syslog_transaction.${k.kind}`, raw: r });
  a.actor = actorOf(str(r.sys_created_by), context);
  a.outcome = 'success';
  const where = k.table ?? '?';
  a.message = k.kind === 'export' ? `Exported ${where}${k.recordId ? ' record' : ' list'} (${k.format})` : k.kind === 'list' ? `Viewed the ${where} list` : k.kind === 'record' ? `Viewed a ${where} record` : k.kind === 'api' ? `Read ${where} through the REST API` : `Requested ${url.split('?')[0] || '?'}`;
  if (k.table) a.targets = [{ type: 'other', id: k.recordId ? `${k.table}:${k.recordId}` : k.table, name: k.table }];
  withSourceIp(a, r.remote_ip ?? r.client_ip);
  a.sessionId = str(r.session);
  return a;
}

/**
 * The raw values of a record read with reference links (`{link, value}`) or `sysparm_display_value=all`
 * (`{display_value, value}` per field): each such field becomes its `value` string. A plain record is returned as is.
 */
export function rawValues(r: Record<string, unknown>): Record<string, unknown> {
  if (!Object.values(r).some((v) => asRecord(v) !== null)) return r;
  // fromEntries defines own properties: a field named `__proto__` stays a field.
  return Object.fromEntries(
    Object.entries(r).map(([key, v]) => {
      const field = asRecord(v);
      return [key, field && Object.hasOwn(field, 'value') ? field.value : v];
    }),
  );
}

/**
 * One record of the activities stream (digest §4: every value a string, times `YYYY-MM-DD HH:MM:SS` UTC) ->
 * Activity. Pure and total: a record without its time or sys_id is kept as `other` with its raw whole.
 */
export function normalizeServiceNow(input: unknown, context: NormalizeContext): NormalizedActivity {
  const record = asRecord(input);
  if (!record) return unreadableActivity(PROVIDER, APP, input, context.ingestedAt);
  const r = rawValues(record);
  const shape = shapeOf(r);
  const time = timeOf(shape === 'property' ? r.sys_updated_on : r.sys_created_on);
  if (shape === 'unknown' || time === null || str(r.sys_id) === null) {
    const fallback = unreadableActivity(PROVIDER, APP, input, context.ingestedAt);
    return shape === 'unknown' ? fallback : { ...fallback, eventType: shape };
  }
  const build = { sysevent, 'role-grant': roleGrant, audit, property, transaction }[shape];
  const activity = build(r, time, context);
  // The record as received, not its flattened values.
  activity.raw = record;
  return activity;
}
