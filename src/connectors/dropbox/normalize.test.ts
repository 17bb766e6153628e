import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ActivitySchema } from '../../core/activity.js';
import { normalizeRecord, offlineContext } from '../sdk/normalize-total.js';
import dropbox from './index.js';
import { dropboxAction, normalizeDropbox } from './normalize.js';

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./simulator/fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
const documented = JSON.parse(readFileSync(new URL('./simulator/fixtures/team-log.documented.json', import.meta.url), 'utf8')) as Record<string, unknown>[];
const norm = (record: unknown) => normalizeRecord(dropbox, record, offlineContext('c', 0));

describe('Dropbox normalize', () => {
  it('maps a web sign-in: actor by team member id and e-mail, provider geo, session, password method', () => {
    const a = norm(fixture('team-log.login_success'));
    expect(ActivitySchema.safeParse(a).success).toBe(true);
    expect(a).toMatchObject({ provider: 'dropbox', app: 'Dropbox', action: 'user.login', outcome: 'success', eventType: 'login_success', message: 'Signed in', actor: { type: 'user' }, geo: { source: 'provider' }, auth: { method: 'password', interactive: true } });
    expect(a.actor.userId).toMatch(/^dbmid:/);
    expect(a.actor.email).toMatch(/@northwind-legal\.example$/);
    expect(a.sessionId).toMatch(/^dbwsid:/);
    expect(a.srcIp).not.toBeNull();
    expect(a.sourceId).toMatch(/^dbx:[0-9a-f]{24}$/);
  });

  it('a failed sign-in is a failure with Dropbox’s reason and code', () => {
    expect(norm(fixture('team-log.login_fail'))).toMatchObject({ action: 'user.login_failed', outcome: 'failure', outcomeReason: 'Incorrect password', outcomeCode: 'wrong_password' });
  });

  it('files: a download targets the file by id; a share to an outsider targets them and the folder; a shared link is a public link', () => {
    const download = norm(fixture('team-log.file_download'));
    expect(download).toMatchObject({ action: 'file.downloaded', ocsf: { classUid: 6006, activityId: 2 } });
    expect(download.targets.map((t) => t.type)).toEqual(['file']);
    const share = norm(fixture('team-log.shared_content_add_member'));
    expect(share.action).toBe('file.shared');
    expect(share.targets.map((t) => t.type)).toEqual(['user', 'file']);
    expect(share.targets[0]?.email).toMatch(/\.example$/);
    expect(norm(fixture('team-log.shared_link_create')).action).toBe('file.public_link_created');
  });

  it('members: status changes read their new value; an admin role change names the role with old and new', () => {
    const suspended = norm(fixture('team-log.member_change_status'));
    expect(suspended).toMatchObject({ action: 'user.suspended', actor: { type: 'admin', isAdmin: true } });
    expect(suspended.targets[0]).toMatchObject({ type: 'user' });
    const role = norm(fixture('team-log.member_change_admin_role'));
    expect(role.action).toBe('admin.role_assigned');
    expect(role.targets.map((t) => [t.type, t.name])).toEqual([['user', expect.any(String)], ['role', 'Support admin']]);
    expect(role.targets[1]?.changes).toEqual([{ field: 'role', old: 'Member', new: 'Support admin' }]);
    const details = (n: string, p: string) => ({ new_value: { '.tag': n }, previous_value: { '.tag': p } });
    expect([
      dropboxAction('member_change_status', 'members', details('active', 'suspended')),
      dropboxAction('member_change_status', 'members', details('removed', 'active')),
      dropboxAction('member_change_status', 'members', details('invited', 'not_joined')),
      dropboxAction('member_change_admin_role', 'members', details('member_only', 'team_admin')),
      dropboxAction('tfa_change_status', 'tfa', details('disabled', 'sms')),
      dropboxAction('tfa_change_policy', 'tfa', details('require_tfa_disable', 'require_tfa_enable')),
      dropboxAction('shared_link_change_visibility', 'sharing', details('public', 'team_only')),
      dropboxAction('web_sessions_change_fixed_length_policy', 'team_policies', null),
      dropboxAction('sharing_change_link_policy', 'team_policies', null),
      dropboxAction('no_such_event', 'sharing', null),
    ]).toEqual(['user.unsuspended', 'user.deleted', 'user.invited', 'admin.role_removed', 'mfa.disabled', 'security.mfa_requirement_disabled', 'file.public_link_created', 'security.policy_changed', 'admin.setting_changed', 'other']);
  });

  it('an unknown event type is `other` in the class of its category, with the type verbatim and the record whole', () => {
    const record = { ...fixture('team-log.file_download'), event_type: { '.tag': 'file_rollback_changes', description: 'Rolled back file changes' }, details: { '.tag': 'file_rollback_changes_details' } };
    const a = norm(record);
    expect(a).toMatchObject({ action: 'other', eventType: 'file_rollback_changes', ocsf: { classUid: 6006, activityId: 99 } });
    expect(a.raw).toEqual(record);
  });

  it('the source id is the event’s content: the same event pasted with its keys reordered has the same id, another event another', () => {
    const record = fixture('team-log.logout');
    const reordered = Object.fromEntries(Object.entries(record).reverse());
    expect(norm(reordered).sourceId).toBe(norm(record).sourceId);
    expect(norm({ ...record, timestamp: '2026-11-01T00:00:01Z' }).sourceId).not.toBe(norm(record).sourceId);
  });

  it('accepts a pasted get_events page of one event and keeps the page as raw', () => {
    const event = fixture('team-log.login_success');
    const page = { events: [event], cursor: 'AAA', has_more: false };
    const a = normalizeDropbox(page, offlineContext('c', 0));
    expect(a.action).toBe('user.login');
    expect(a.raw).toEqual(page);
  });

  it('handles every documented record shape (the fidelity corpus) as a valid Activity', () => {
    for (const record of documented) expect(ActivitySchema.safeParse(norm(record)).success).toBe(true);
    expect(documented.map((r) => norm(r).action)).toEqual(['user.created', 'admin.setting_changed', 'admin.role_assigned', 'user.login', 'user.login_failed', 'file.shared', 'file.downloaded', 'security.mfa_requirement_disabled']);
  });

  it('outcome: sso_error and any *_fail type are failures, with the reason and code from error_details', () => {
    const fail = fixture('team-log.login_fail');
    const sso = norm({ ...fail, event_type: { '.tag': 'sso_error', description: 'Failed to sign in via SSO' }, details: { '.tag': 'sso_error_details', error_details: { user_friendly_message: 'SAML response invalid', technical_error_message: 'invalid_saml_response' } } });
    expect(sso).toMatchObject({ action: 'user.login_failed', outcome: 'failure', outcomeReason: 'SAML response invalid', outcomeCode: 'invalid_saml_response' });
    const device = norm({ ...fixture('team-log.device_link_success'), event_type: { '.tag': 'device_link_fail', description: 'Failed to link device' }, details: { '.tag': 'device_link_fail_details', device_type: { '.tag': 'desktop' } } });
    expect(device.outcome).toBe('failure');
    expect(norm(fixture('team-log.device_link_success')).outcome).toBe('success');
  });

  it('actors: an app actor is the app (not a person); an admin actor is an admin; an admin-console session makes a user actor an admin', () => {
    const login = fixture('team-log.login_success');
    const app = norm({ ...login, event_type: { '.tag': 'file_download', description: 'Downloaded files and/or folders' }, actor: { '.tag': 'app', app: { '.tag': 'team_linked_app', app_id: 'dbaid:AAC9lF3', display_name: 'Backup Tool' } } });
    expect(app.actor).toMatchObject({ type: 'app', userId: null, email: null, appId: 'dbaid:AAC9lF3', appName: 'Backup Tool' });
    const admin = norm({ ...login, actor: { '.tag': 'admin', admin: (login.actor as { user: unknown }).user } });
    expect(admin.actor).toMatchObject({ type: 'admin', isAdmin: true });
    const console = norm({ ...login, origin: { ...(login.origin as object), access_method: { '.tag': 'admin_console', session_id: 'dbwsid:999' } } });
    expect(console.actor).toMatchObject({ type: 'admin', isAdmin: true });
    expect(console.sessionId).toBe('dbwsid:999');
    expect(norm(login).actor).toMatchObject({ type: 'user', isAdmin: null });
  });

  it('a sign-in-as session names the admin as impersonator; e-mails are lower-cased; the session id wins over the request id', () => {
    const login = fixture('team-log.login_success');
    const user = (login.actor as { user: Record<string, unknown> }).user;
    const as = norm({ ...login, origin: { ...(login.origin as object), access_method: { '.tag': 'sign_in_as', session_id: 'dbwsid:777', request_id: 'dbarid:1' } } });
    expect(as.impersonator).toEqual({ userId: null, email: null, name: 'a team admin (sign in as)' });
    expect(as.sessionId).toBe('dbwsid:777');
    expect(norm(login).impersonator).toBeNull();
    const mixed = norm({ ...login, actor: { '.tag': 'user', user: { ...user, email: 'Jordan.Brooks@Northwind-Legal.example' } } });
    expect(mixed.actor.email).toBe('jordan.brooks@northwind-legal.example');
  });

  it('a member event about the actor themself still targets them; a non-member event does not target its own actor', () => {
    const login = fixture('team-log.login_success');
    const self = norm({ ...login, event_category: { '.tag': 'members' }, event_type: { '.tag': 'member_change_name', description: 'Changed team member name' }, details: { '.tag': 'member_change_name_details' } });
    expect(self.targets).toEqual([{ type: 'user', id: 'dbmid:AA_E9T2tOGe6yR79p1TGkFMmMjTGwGs2', name: 'Jordan Brooks', email: 'jordan.brooks@northwind-legal.example' }]);
    expect(norm(login).targets).toEqual([]);
  });

  it('a sign-in by SAML is protocol saml; by two-factor it is MFA', () => {
    const login = fixture('team-log.login_success');
    const saml = norm({ ...login, details: { '.tag': 'login_success_details', is_emm_managed: false, login_method: { '.tag': 'saml' } } });
    expect(saml.auth).toMatchObject({ method: 'saml', protocol: 'saml', mfa: null });
    const tfa = norm({ ...login, details: { '.tag': 'login_success_details', is_emm_managed: false, login_method: { '.tag': 'two_factor_authentication' } } });
    expect(tfa.auth).toMatchObject({ method: 'two_factor_authentication', protocol: null, mfa: true });
  });
});
