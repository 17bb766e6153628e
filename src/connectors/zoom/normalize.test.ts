import { describe, expect, it } from 'vitest';
import { ActivitySchema } from '../../core/activity.js';
import { normalizeRecord, offlineContext } from '../sdk/normalize-total.js';
import zoom from './index.js';
import { settingAction, settingChange } from './normalize.js';
import { recordTime, zoomRecordId } from './record-id.js';

const normalize = (record: unknown) => normalizeRecord(zoom, record, offlineContext('c', Date.UTC(2099, 0, 1)));
const op = (category: string, action: string, detail: string, operator = 'Admin@Acme.example') => ({ time: '2026-11-19T02:03:00Z', operator, category_type: category, action, operation_detail: detail });

describe('Zoom normalisation', () => {
  it('reads a sign-in record: e-mail, time, IP, the client as user agent and device, a content-hash source id', () => {
    const record = { email: 'Jane@Acme.example', time: '2025-03-04T09:15:22Z', type: 'Sign in', ip_address: '203.0.113.7', client_type: 'iOS', version: '5.17.10.21034' };
    const a = normalize(record);
    expect(ActivitySchema.safeParse(a).success).toBe(true);
    expect(a).toMatchObject({ provider: 'zoom', app: 'Zoom', action: 'user.login', outcome: 'success', time: Date.UTC(2025, 2, 4, 9, 15, 22), srcIp: '203.0.113.7', userAgent: 'iOS 5.17.10.21034', ua: { os: 'iOS', device: 'mobile' } });
    expect(a.actor).toMatchObject({ email: 'jane@acme.example', type: 'user' });
    expect(a.sourceId).toBe(zoomRecordId(record));
    expect(a.sourceId).toMatch(/^zoom:signin:[0-9a-f]{32}$/);
    // Key order does not change the id; any field does.
    expect(zoomRecordId({ ...record, type: 'Sign in' })).toBe(zoomRecordId(Object.fromEntries(Object.entries(record).reverse())));
    expect(zoomRecordId({ ...record, ip_address: '203.0.113.8' })).not.toBe(a.sourceId);
    expect(normalize({ ...record, type: 'Sign out', client_type: 'Browser', version: '-' })).toMatchObject({ action: 'user.logout', userAgent: 'Browser' });
  });

  it('takes (de)activation from the detail of a User/Update record, as Zoom publishes it', () => {
    expect(normalize(op('User', 'Update', 'Deactivate User bob@acme.example '))).toMatchObject({ action: 'user.suspended', targets: [{ type: 'user', email: 'bob@acme.example' }] });
    expect(normalize(op('User', 'Update', 'Activate User bob@acme.example')).action).toBe('user.unsuspended');
    expect(normalize(op('user', 'delete', 'Delete User - bob@acme.example')).action).toBe('user.deleted');
    expect(normalize(op('User', 'Add', 'Add User new.hire@acme.example (Licensed)')).action).toBe('user.created');
    expect(normalize(op('User', 'Update', 'Sign out user from all devices bob@acme.example')).action).toBe('user.sessions_revoked');
    expect(normalize(op('User', 'Update', 'Update User - bob@acme.example - Department: from Corporate to Litigation')).action).toBe('user.updated');
  });

  it('turns role grants into a user and a role target, from the role category and from a profile change', () => {
    const grant = normalize(op('Role', 'Add Member', 'Role: Admin - Add member: sam@acme.example'));
    expect(grant.action).toBe('admin.role_assigned');
    expect(grant.targets).toEqual([
      { type: 'user', id: null, name: null, email: 'sam@acme.example' },
      { type: 'role', id: 'admin', name: 'Admin', changes: [{ field: 'role', new: 'Admin', old: null }] },
    ]);
    expect(normalize(op('Role', 'Remove Member', 'Role: Admin - Remove member: sam@acme.example')).action).toBe('admin.role_removed');
    const viaProfile = normalize(op('User', 'Update', 'Update User - sam@acme.example - Role: from Member to Admin'));
    expect(viaProfile.action).toBe('admin.role_assigned');
    expect(viaProfile.targets[1]).toMatchObject({ type: 'role', name: 'Admin', changes: [{ field: 'role', old: 'Member', new: 'Admin' }] });
    expect(normalize(op('User', 'Update', 'Update User - sam@acme.example - Role: from Admin to Member')).action).toBe('admin.role_removed');
  });

  it('turns settings changes into setting targets with old and new values; MFA switched off is its own action', () => {
    const mfa = normalize(op('Account', 'Update', 'Account Settings - Security: Sign in with Two-Factor Authentication: from All users to Off'));
    expect(mfa.action).toBe('security.mfa_requirement_disabled');
    expect(mfa.targets).toEqual([{ type: 'setting', id: 'Security: Sign in with Two-Factor Authentication', name: 'Security: Sign in with Two-Factor Authentication', changes: [{ field: 'Security: Sign in with Two-Factor Authentication', old: 'All users', new: 'Off' }] }]);
    expect(normalize(op('Account', 'Update', 'Account Settings - Recording: Require passcode to access shared cloud recordings: from On to Off')).action).toBe('security.policy_changed');
    expect(normalize(op('Account', 'Update', 'Account Settings - In Meeting (Basic): Chat: from Off to On')).action).toBe('admin.setting_changed');
    expect(settingChange('Account Settings - Meeting > Security: Waiting Room: from On to Off')).toEqual({ name: 'Meeting > Security: Waiting Room', old: 'On', new: 'Off' });
    expect(settingChange('Update billing contact')).toBeNull();
    expect([settingAction('Security: Sign in with Two-Factor Authentication', 'All users'), settingAction('SSO: Enable SAML', 'Off')]).toEqual(['security.policy_changed', 'security.sso_changed']);
  });

  it('maps recording deletions to file deletions, and what it cannot place to other with the record kept', () => {
    expect(normalize(op('Recording', 'Delete', 'Delete cloud recording - All hands (812 1234 5678)'))).toMatchObject({ action: 'file.deleted', targets: [{ type: 'file', name: 'All hands (812 1234 5678)' }] });
    const unknown = normalize(op('IM', 'Add', 'Create IM group Partners'));
    expect(unknown.action).toBe('other');
    expect(unknown.raw).toMatchObject({ operation_detail: 'Create IM group Partners' });
  });

  it('accepts a pasted page of one record (keeping the page as raw), and refuses what it cannot read', () => {
    const page = { from: '2019-09-01', to: '2019-09-20', page_size: 30, next_page_token: '', operation_logs: [op('User', 'Update', 'Deactivate User bob@acme.example')] };
    const a = normalize(page);
    expect(a).toMatchObject({ action: 'user.suspended', sourceId: zoomRecordId(page.operation_logs[0] as Record<string, unknown>) });
    expect(a.raw).toEqual(page);
    expect(normalize({ email: 'x@y.example', type: 'Sign in' }).eventType).toBe('unreadable');
  });

  it('an operation log record: the operator (lower-cased) is the actor, the e-mails in the detail the targets (lower-cased)', () => {
    const a = normalize(op('User', 'Update', 'Deactivate User Bob.Lee@Acme.example'));
    expect(a.actor).toEqual({ userId: null, email: 'admin@acme.example', name: null, type: 'user', isAdmin: null, appId: null, appName: null });
    expect(a.targets).toEqual([{ type: 'user', id: null, name: null, email: 'bob.lee@acme.example' }]);
  });

  it('a member removed from a role names the role lost', () => {
    expect(normalize(op('Role', 'Remove Member', 'Role: Admin - Remove member: sam@acme.example')).targets).toEqual([
      { type: 'user', id: null, name: null, email: 'sam@acme.example' },
      { type: 'role', id: 'admin', name: 'Admin', changes: [{ field: 'role', new: null, old: 'Admin' }] },
    ]);
  });

  it('a cloud recording downloaded is a file download; an account update without from/to is a setting change', () => {
    expect(normalize(op('Recording', 'Download', 'Download cloud recording - Board meeting (812 1234 5678)'))).toMatchObject({ action: 'file.downloaded', targets: [{ type: 'file', id: null, name: 'Board meeting (812 1234 5678)' }] });
    expect(normalize(op('Account', 'Update', 'Update billing contact')).action).toBe('admin.setting_changed');
  });

  it('a record time without a zone is UTC (schema rule 2), whatever the time zone Parapet runs in', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(recordTime({ time: '2025-03-04T10:00:00' })).toBe(Date.UTC(2025, 2, 4, 10));
      expect(recordTime({ time: '2025-03-04T10:00:00Z' })).toBe(Date.UTC(2025, 2, 4, 10));
      expect(recordTime({ time: '2025-03-04T10:00:00+01:00' })).toBe(Date.UTC(2025, 2, 4, 9));
      expect(recordTime({ time: 'yesterday' })).toBeNull();
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });
});
