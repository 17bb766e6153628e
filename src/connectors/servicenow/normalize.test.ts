import { describe, expect, it } from 'vitest';
import type { AccountRef } from '../../core/account.js';
import type { NormalizeContext } from '../sdk/define-connector.js';
import { normalizeServiceNow, shapeOf, transactionKind } from './normalize.js';

const ctx = (accounts: Record<string, Partial<AccountRef>> = {}): NormalizeContext => ({
  connectorInstanceId: 'c',
  ingestedAt: 1,
  lookupAccount: (id) => (accounts[id] ? ({ providerId: id, email: null, name: null, isAdmin: null, ...accounts[id] } as AccountRef) : undefined),
});

const login = { sys_id: '9f0e6a2bdb1e3010a8f3d5e1f39619a1', name: 'login', parm1: 'jane.roe', parm2: '198.51.100.24', instance: '7A18B5AFDBA57910E1CE5E92F396193D', state: 'processed', queue: '', table: '', sys_created_on: '2025-03-04 09:15:22', sys_created_by: 'jane.roe' };
const grant = { sys_id: '5c3e1f2adb5e3010a8f3d5e1f3961911', user: '62826bf03710200044e0bfc8bcbe5df1', 'user.user_name': 'jane.roe', 'user.email': 'Jane.Roe@acme.example', role: 'a1', 'role.name': 'security_admin', inherited: 'false', granted_by: '', state: 'active', sys_created_on: '2025-03-04 10:02:11', sys_created_by: 'jane.roe' };

describe('ServiceNow normalize', () => {
  it('tells the four shapes apart by their columns', () => {
    expect([login, grant, { sys_id: 'x', tablename: 'sys_user', fieldname: 'active', documentkey: 'd', sys_created_on: '2025-01-01 00:00:00' }, { sys_id: 'p', name: 'glide.x', value: '1', sys_mod_count: '1' }, { foo: 1 }].map(shapeOf)).toEqual(['sysevent', 'role-grant', 'audit', 'property', 'unknown']);
  });

  it('a login: user_name resolved to the account e-mail, IP, session id, UTC glide time', () => {
    const a = normalizeServiceNow(login, ctx({ 'jane.roe': { email: 'jane.roe@acme.example', isAdmin: false } }));
    expect(a).toMatchObject({ action: 'user.login', outcome: 'success', srcIp: '198.51.100.24', sessionId: '7A18B5AFDBA57910E1CE5E92F396193D', time: Date.UTC(2025, 2, 4, 9, 15, 22), sourceId: login.sys_id, eventType: 'sysevent.login' });
    expect(a.actor).toMatchObject({ userId: 'jane.roe', email: 'jane.roe@acme.example', type: 'user', isAdmin: false });
    expect(normalizeServiceNow({ ...login, name: 'login.failed', sys_created_by: 'guest' }, ctx())).toMatchObject({ action: 'user.login_failed', outcome: 'failure', actor: { userId: 'jane.roe', email: null } });
  });

  it('a role grant to oneself names grantee and role, so privilege-escalation sees the self-grant', () => {
    const a = normalizeServiceNow(grant, ctx());
    expect(a.action).toBe('admin.role_assigned');
    expect(a.actor.userId).toBe('jane.roe');
    expect(a.targets).toEqual([
      { type: 'user', id: 'jane.roe', name: null, email: 'jane.roe@acme.example' },
      { type: 'role', id: 'a1', name: 'security_admin' },
    ]);
  });

  it('audited sys_user changes: deactivation, reactivation, lock-out, unlock', () => {
    const audit = (fieldname: string, oldvalue: string, newvalue: string) => normalizeServiceNow({ sys_id: 's', tablename: 'sys_user', documentkey: 'd', fieldname, oldvalue, newvalue, user: 'admin', reason: '', record_checkpoint: '2', sys_created_on: '2025-03-05 17:40:00' }, ctx()).action;
    expect([audit('active', 'true', 'false'), audit('active', 'false', 'true'), audit('locked_out', 'false', 'true'), audit('locked_out', 'true', 'false')]).toEqual(['user.suspended', 'user.unsuspended', 'user.locked_out', 'user.updated']);
  });

  it('a property save is one setting change per sys_mod_count, its name the changed field (mfa-disabled reads it)', () => {
    const a = normalizeServiceNow({ sys_id: 'b2', name: 'glide.authenticate.multifactor', value: 'false', type: 'true | false', sys_updated_on: '2025-03-05 14:17:00', sys_updated_by: 'jane.roe', sys_mod_count: '3' }, ctx());
    expect(a).toMatchObject({ action: 'admin.setting_changed', sourceId: 'b2@3', time: Date.UTC(2025, 2, 5, 14, 17) });
    expect(a.targets[0]?.changes).toEqual([{ field: 'glide.authenticate.multifactor', old: null, new: 'false' }]);
  });

  it('reads records fetched with reference links or sysparm_display_value=all, keeping the raw as received', () => {
    const linked = { ...grant, user: { link: 'https://acme.service-now.com/api/now/table/sys_user/62826bf03710200044e0bfc8bcbe5df1', value: '62826bf03710200044e0bfc8bcbe5df1' }, role: { link: 'https://acme.service-now.com/api/now/table/sys_user_role/a1', value: 'a1' } };
    expect(normalizeServiceNow(linked, ctx())).toMatchObject({ action: 'admin.role_assigned', targets: [{ id: 'jane.roe' }, { id: 'a1', name: 'security_admin' }], raw: linked });
    const all = Object.fromEntries(Object.entries(login).map(([k, v]) => [k, { display_value: k === 'sys_created_on' ? '2025-03-04 01:15:22' : v, value: v }]));
    expect(normalizeServiceNow(all, ctx())).toMatchObject({ action: 'user.login', srcIp: '198.51.100.24', time: Date.UTC(2025, 2, 4, 9, 15, 22), raw: all });
  });

  it('transactions: list and record views are reads, list/record exports and export sets are downloads, navigation is other', () => {
    const kinds = [
      '/incident_list.do?sysparm_query=active%3Dtrue',
      '/incident.do?sys_id=62826bf03710200044e0bfc8bcbe5df1&sysparm_view=',
      '/incident_list.do?CSV&sysparm_query=active%3Dtrue',
      '/change_request_list.do?EXCEL&sysparm_orderby=number',
      '/incident.do?XML&sys_id=abc',
      '/sys_export_set_run.do?sysparm_table=incident',
      '/api/now/table/incident?sysparm_limit=10',
      '/navpage.do',
      '/xmlhttp.do?sysparm_processor=AJAXGlideRecord&sys_id=1',
      '/incident.do?sys_id=-1',
    ].map((url) => { const k = transactionKind(url); return [k.kind, k.action, k.table, k.format]; });
    expect(kinds).toEqual([
      ['list', 'file.viewed', 'incident', null],
      ['record', 'file.viewed', 'incident', null],
      ['export', 'file.downloaded', 'incident', 'CSV'],
      ['export', 'file.downloaded', 'change_request', 'EXCEL'],
      ['export', 'file.downloaded', 'incident', 'XML'],
      ['export', 'file.downloaded', 'incident', 'export set'],
      ['api', 'file.viewed', 'incident', null],
      ['other', 'other', null, null],
      ['other', 'other', null, null],
      ['record', 'file.viewed', 'incident', null],
    ]);
  });

  it('a transaction row: the user, the client IP, the session, the table read', () => {
    const row = { sys_id: 't1', url: '/incident_list.do?CSV&sysparm_query=active%3Dtrue', type: 'list', response_time: '812', client_transaction: 'true', remote_ip: '198.51.100.24', session: 'ABC', sys_created_on: '2025-03-04 10:11:12', sys_created_by: 'jane.roe' };
    expect(shapeOf(row)).toBe('transaction');
    const a = normalizeServiceNow(row, ctx({ 'jane.roe': { email: 'jane.roe@acme.example' } }));
    expect(a).toMatchObject({ action: 'file.downloaded', eventType: 'syslog_transaction.export', outcome: 'success', srcIp: '198.51.100.24', sessionId: 'ABC', sourceId: 't1', time: Date.UTC(2025, 2, 4, 10, 11, 12), message: 'Exported incident list (CSV)' });
    expect(a.actor).toMatchObject({ userId: 'jane.roe', email: 'jane.roe@acme.example', type: 'user' });
    expect(a.targets).toEqual([{ type: 'other', id: 'incident', name: 'incident' }]);
    expect(normalizeServiceNow({ ...row, url: '/navpage.do' }, ctx())).toMatchObject({ action: 'other', eventType: 'syslog_transaction.other', targets: [] });
  });

  it('keeps what it cannot read as other with the raw whole', () => {
    expect(normalizeServiceNow({ ...login, sys_created_on: 'yesterday' }, ctx())).toMatchObject({ action: 'other', eventType: 'sysevent', raw: { ...login, sys_created_on: 'yesterday' } });
    expect(normalizeServiceNow({ name: 'x' }, ctx())).toMatchObject({ action: 'other', eventType: 'unreadable' });
  });

  it('a failed log-on is medium severity and interactive; a successful one informational', () => {
    const failed = normalizeServiceNow({ ...login, name: 'login.failed', sys_created_by: 'guest' }, ctx());
    expect([failed.severityId, failed.auth.interactive]).toEqual([3, true]);
    const ok = normalizeServiceNow(login, ctx());
    expect([ok.severityId, ok.auth.interactive]).toEqual([1, true]);
  });

  it('the system user is a system actor and guest no account: neither has a user id', () => {
    const audit = (user: string) => normalizeServiceNow({ sys_id: 's', tablename: 'sys_user', documentkey: 'd', fieldname: 'active', oldvalue: 'true', newvalue: 'false', user, reason: '', sys_created_on: '2025-03-05 17:40:00' }, ctx()).actor;
    expect(audit('system')).toMatchObject({ userId: null, name: 'system', type: 'system' });
    expect(audit('guest')).toMatchObject({ userId: null, name: 'guest', type: 'user' });
    expect(audit('admin')).toMatchObject({ userId: 'admin', type: 'user' });
  });

  it('audits: a password field is a password change; ACL and property audits are setting changes, an ACL targets a policy', () => {
    const audit = (tablename: string, fieldname: string) => normalizeServiceNow({ sys_id: 's', tablename, documentkey: 'd1', fieldname, oldvalue: 'a', newvalue: 'b', user: 'admin', reason: '', sys_created_on: '2025-03-05 17:40:00' }, ctx());
    expect([audit('sys_user', 'user_password').action, audit('sys_user', 'password').action]).toEqual(['user.password_changed', 'user.password_changed']);
    const acl = audit('sys_security_acl', 'active');
    expect(acl.action).toBe('admin.setting_changed');
    expect(acl.targets).toEqual([{ type: 'policy', id: 'd1', name: 'sys_security_acl', changes: [{ field: 'active', old: 'a', new: 'b' }] }]);
    expect(audit('sys_properties', 'value').action).toBe('admin.setting_changed');
    expect(audit('incident', 'state').action).toBe('other');
  });

  it('a role inherited through a group also targets the group; the grantee’s e-mail on the row wins over the inventory', () => {
    const a = normalizeServiceNow({ ...grant, granted_by: '477a05d153013010b846ddeeff7b1225', inherited: 'true' }, ctx({ 'jane.roe': { email: 'jroe@acme.example' } }));
    expect(a.targets).toEqual([
      { type: 'user', id: 'jane.roe', name: null, email: 'jane.roe@acme.example' },
      { type: 'role', id: 'a1', name: 'security_admin' },
      { type: 'group', id: '477a05d153013010b846ddeeff7b1225', name: null },
    ]);
  });

  it('a transaction row without remote_ip takes client_ip', () => {
    const row = { sys_id: 't2', url: '/incident_list.do', type: 'list', response_time: '80', client_ip: '198.51.100.25', session: 'ABC', sys_created_on: '2025-03-04 10:11:12', sys_created_by: 'jane.roe' };
    expect(normalizeServiceNow(row, ctx()).srcIp).toBe('198.51.100.25');
  });
});
