import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ActivitySchema } from '../../core/activity.js';
import { normalizeRecord } from '../sdk/normalize-total.js';
import box from './index.js';
import { boxAction } from './normalize.js';

const normalize = (record: unknown, lookup: Record<string, { email: string; isAdmin: boolean }> = {}) =>
  normalizeRecord(box, record, {
    connectorInstanceId: 'c',
    ingestedAt: Date.UTC(2099, 0, 1),
    lookupAccount: (id) => (lookup[id] ? { email: lookup[id].email, name: null, isAdmin: lookup[id].isAdmin, status: 'active' } : undefined),
  });

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./simulator/fixtures/events.${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown>;

describe('Box normalisation', () => {
  it('reads an enterprise event: local-offset time to UTC ms, actor, IP, session, tenant', () => {
    const a = normalize(fixture('login'), { '19530772260': { email: 'alex.morgan@northwind-legal.example', isAdmin: true } });
    expect(ActivitySchema.safeParse(a).success).toBe(true);
    expect(a).toMatchObject({ provider: 'box', app: 'Box', sourceId: 'b7c3a2f0-4d1e-4c8a-9e2b-1f0a3c5d7e91', time: Date.UTC(2026, 10, 30, 16, 2, 11), originalTime: '2026-11-30T08:02:11-08:00', action: 'user.login', outcome: 'success', srcIp: '50.175.0.111', sessionId: '8823410092', tenantId: '81234567' });
    expect(a.actor).toMatchObject({ userId: '19530772260', email: 'alex.morgan@northwind-legal.example', name: 'Alex Morgan', type: 'admin', isAdmin: true });
    expect(a.auth.interactive).toBe(true);
  });

  it('maps failures, deactivations, role changes and open links', () => {
    expect(normalize(fixture('failed-login'))).toMatchObject({ action: 'user.login_failed', outcome: 'failure' });
    const off = normalize(fixture('edit-user-deactivate'));
    expect(off.action).toBe('user.suspended');
    expect(off.targets).toEqual([{ type: 'user', id: '26570302222', name: 'Daniel Brooks', email: 'daniel.brooks@northwind-legal.example' }]);
    const role = normalize(fixture('change-admin-role'));
    expect(role.action).toBe('admin.role_assigned');
    expect(role.targets.map((t) => [t.type, t.id])).toEqual([['user', '26570301111'], ['role', 'coadmin']]);
    expect(boxAction('CHANGE_ADMIN_ROLE', { new_role: 'user' })).toBe('admin.role_removed');
    expect(normalize(fixture('share-open-link'))).toMatchObject({ action: 'file.public_link_created', targets: [{ type: 'file', id: '986342059999', name: 'settlement-draft-v1.docx' }] });
    expect(boxAction('SHARE', { shared_link_access: 'company' })).toBe('file.shared');
  });

  it('puts the collaborator after the folder for an invitation, with the collaboration role', () => {
    const a = normalize(fixture('collaboration-invite.elastic'));
    expect(a.action).toBe('file.shared');
    expect(a.targets).toEqual([
      { type: 'file', id: '308889935509', name: 'The folder name goes here', changes: [{ field: 'collaboration_role', new: 'Editor' }] },
      { type: 'user', id: '26570306658', name: 'Target User', email: 'target@example.com' },
    ]);
  });

  it('names Box support acting for a user as the impersonator, and keeps the anonymous user (id 2) out of the actor', () => {
    const support = normalize(fixture('admin-action-by-support'));
    expect(support.action).toBe('user.impersonation_started');
    expect(support.impersonator).toEqual({ userId: 'box_support', email: null, name: 'Box Support' });
    const anon = normalize(fixture('anonymous-preview'));
    expect(anon.actor).toMatchObject({ userId: null, email: null, type: 'unknown' });
    expect(anon.action).toBe('file.viewed');
  });

  it('keeps unknown types as other under a class their name suggests, and a pasted one-event page whole', () => {
    const a = normalize(fixture('unknown-type'));
    expect(a).toMatchObject({ action: 'other', eventType: 'METADATA_TEMPLATE_CREATE', ocsf: { classUid: 6003, activityId: 99 } });
    const page = { chunk_size: 1, next_stream_position: '1152922976252290886', entries: [fixture('download')] };
    const p = normalize(page);
    expect(p).toMatchObject({ action: 'file.downloaded', sourceId: '0d836443a60c1e9cdf7f18ffa56d8b46b70a14c4' });
    expect(p.raw).toEqual(page);
    expect(normalize({ event_type: 'LOGIN' }).eventType).toBe('unreadable');
  });

  it('lower-cases the actor login, and marks a BLOCKED type (Shield refusing an action) a failure', () => {
    const login = fixture('login');
    const mixed = normalize({ ...login, created_by: { ...(login.created_by as object), login: 'Alex.Morgan@Northwind-Legal.example' } });
    expect(mixed.actor.email).toBe('alex.morgan@northwind-legal.example');
    const blocked = normalize({ ...fixture('download'), event_id: 'f1d2c3b4-0000-4000-8000-000000000001', event_type: 'SHIELD_DOWNLOAD_BLOCKED' });
    expect(blocked).toMatchObject({ eventType: 'SHIELD_DOWNLOAD_BLOCKED', outcome: 'failure' });
    expect(normalize(fixture('download')).outcome).toBe('success');
  });

  it('names no impersonator when action_by is the actor themself', () => {
    const login = fixture('login');
    const self = normalize({ ...login, action_by: { type: 'user', id: '19530772260', name: 'Alex Morgan', login: 'alex.morgan@northwind-legal.example' } });
    expect(self.impersonator).toBeNull();
    const other = normalize({ ...login, action_by: { type: 'user', id: '11446498', name: 'Jane Roe', login: 'Jane@Northwind-Legal.example' } });
    expect(other.impersonator).toEqual({ userId: '11446498', email: 'jane@northwind-legal.example', name: 'Jane Roe' });
  });

  it('an EDIT_USER that sets status active is an unsuspension; one without a status is an update', () => {
    const off = fixture('edit-user-deactivate');
    expect(normalize({ ...off, additional_details: { status: 'active' } }).action).toBe('user.unsuspended');
    expect(normalize({ ...off, additional_details: null }).action).toBe('user.updated');
  });

  it('a provider alert is medium severity (3); other events stay informational (1)', () => {
    const alert = normalize({ ...fixture('download'), event_id: 'f1d2c3b4-0000-4000-8000-000000000002', event_type: 'SHIELD_ALERT' });
    expect(alert).toMatchObject({ action: 'provider.alert', severityId: 3 });
    expect(normalize(fixture('download')).severityId).toBe(1);
  });

  it('an OAuth token grant names the client app as actor.app and as the app target', () => {
    const a = normalize({ ...fixture('oauth2-token-create.elastic'), additional_details: { service_id: '12345', service_name: 'Sync Helper' } });
    expect(a.action).toBe('oauth.consent_granted');
    expect([a.actor.appId, a.actor.appName]).toEqual(['12345', 'Sync Helper']);
    expect(a.targets[0]).toEqual({ type: 'app', id: '12345', name: 'Sync Helper' });
  });

  it('a group membership event targets the group and then the member', () => {
    const a = normalize({
      ...fixture('change-admin-role'),
      event_id: 'f1d2c3b4-0000-4000-8000-000000000003',
      event_type: 'GROUP_ADD_USER',
      source: { group_id: '11446498', group_name: 'Litigation', user_id: '26570301111', user_login: 'Priya.Patel@northwind-legal.example', user_name: 'Priya Patel' },
      additional_details: null,
    });
    expect(a.action).toBe('group.member_added');
    expect(a.targets).toEqual([
      { type: 'group', id: '11446498', name: 'Litigation' },
      { type: 'user', id: '26570301111', name: 'Priya Patel', email: 'priya.patel@northwind-legal.example' },
    ]);
  });
});
