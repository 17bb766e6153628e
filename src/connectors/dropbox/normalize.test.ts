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
});
