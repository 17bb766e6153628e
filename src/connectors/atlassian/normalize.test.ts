import { describe, expect, it } from 'vitest';
import { ActivitySchema } from '../../core/activity.js';
import { normalizeRecord } from '../sdk/normalize-total.js';
import atlassian from './index.js';
import { eventTime } from './normalize.js';

const normalize = (record: unknown, lookup: Record<string, { email: string; isAdmin: boolean }> = {}) =>
  normalizeRecord(atlassian, record, {
    connectorInstanceId: 'c',
    ingestedAt: Date.UTC(2099, 0, 1),
    lookupAccount: (id) => (lookup[id] ? { email: lookup[id].email, name: null, isAdmin: lookup[id].isAdmin, status: 'active' } : undefined),
  });

const event = (action: string, attributes: Record<string, unknown> = {}) => ({
  id: `id-${action}`,
  type: 'events',
  attributes: {
    time: '2025-03-04T09:15:22.481Z',
    action,
    actor: { id: 'acc-1', name: 'Jane Roe', links: { self: 'https://api.atlassian.com/users/acc-1/manage/profile' } },
    context: [{ id: 'acc-2', type: 'users' }],
    container: [{ id: 'site-1', type: 'sites', links: { self: 'x', alt: 'https://acme.atlassian.net' } }],
    location: { ip: '203.0.113.7', geo: 'Lyon, France' },
    ...attributes,
  },
  links: { self: 'https://api.atlassian.com/admin/v1/orgs/o/events/id' },
});

describe('Atlassian normalisation', () => {
  it('reads an org audit event: time, actor from the inventory, IP, site, targets', () => {
    const a = normalize(event('user_logged_in'), { 'acc-1': { email: 'jane@acme.example', isAdmin: false }, 'acc-2': { email: 'bob@acme.example', isAdmin: false } });
    expect(ActivitySchema.safeParse(a).success).toBe(true);
    expect(a).toMatchObject({ provider: 'atlassian', sourceId: 'id-user_logged_in', time: Date.UTC(2025, 2, 4, 9, 15, 22, 481), action: 'user.login', outcome: 'success', srcIp: '203.0.113.7' });
    expect(a.actor).toMatchObject({ userId: 'acc-1', email: 'jane@acme.example', name: 'Jane Roe', type: 'user', isAdmin: false });
    expect(a.service).toEqual({ id: 'site-1', name: 'https://acme.atlassian.net' });
    expect(a.targets).toEqual([{ type: 'user', id: 'acc-2', name: null, email: 'bob@acme.example' }]);
  });

  it('normalises both epoch formats to UTC milliseconds: seconds (below 1e12) and milliseconds, numbers or numeric strings', () => {
    expect([eventTime(1741080922), eventTime(1741080922481), eventTime('1741080922'), eventTime('1741080922481'), eventTime(1741080922.5), eventTime('2025-03-04T09:35:22.481+00:00')]).toEqual([
      1741080922000, 1741080922481, 1741080922000, 1741080922481, 1741080922500, 1741080922481,
    ]);
    expect([eventTime(0), eventTime(-5), eventTime('soon'), eventTime(null)]).toEqual([null, null, null, null]);
    expect(normalize(event('user_logged_in', { time: 1741080922 })).time).toBe(1741080922000);
    expect(normalize(event('user_logged_in', { time: 1741080922481 })).time).toBe(1741080922481);
  });

  it('names the role of a grant (organisation admin is top tier), marks failures, and keeps the API token an actor worked through', () => {
    const grant = normalize(event('user_granted_role', { context: [{ id: 'acc-2', type: 'users' }, { id: 'atlassian/org-admin', type: 'roles' }] }), { 'acc-1': { email: 'jane@acme.example', isAdmin: true } });
    expect(grant.action).toBe('admin.role_assigned');
    expect(grant.actor).toMatchObject({ type: 'admin', isAdmin: true });
    expect(grant.targets[1]).toEqual({ type: 'role', id: 'atlassian/org-admin', name: 'Organization Admin', changes: [{ field: 'role', new: 'Organization Admin' }] });
    expect(normalize(event('user_login_failed')).outcome).toBe('failure');
    const viaToken = normalize(event('user_added_to_group', { actor: { id: 'acc-1', email: 'Jane@Acme.example', auth: { authType: 'api-token', tokenId: 'tok-1', tokenLabel: 'ci' } } }));
    expect(viaToken.actor.email).toBe('jane@acme.example');
    expect(viaToken.auth).toMatchObject({ method: 'api-token', interactive: false });
    expect(viaToken.sessionId).toBe('api-token:tok-1');
    const created = normalize(event('api_token_created', { context: [{ id: 'acc-1', type: 'users' }, { id: 'tok-1', type: 'api-tokens' }] }));
    expect(created.action).toBe('credential.created');
    expect(created.targets.map((t) => t.type)).toEqual(['user', 'token']);
  });

  it('takes the event out of `{data: event}` and of a one-event page; unknown actions are `other`, unreadable records kept', () => {
    expect(normalize({ data: event('user_logged_out') }).action).toBe('user.logout');
    expect(normalize({ data: [event('user_logged_out')], links: {}, meta: {} }).sourceId).toBe('id-user_logged_out');
    const odd = normalize(event('data_residency_move_completed', { actor: { id: 'atlassian', name: 'Atlassian' }, location: null }));
    expect(odd.action).toBe('other');
    expect(odd.actor.type).toBe('system');
    expect(odd.srcIp).toBeNull();
    const bad = normalize({ attributes: { action: 'user_logged_in' } });
    expect(ActivitySchema.safeParse(bad).success).toBe(true);
    expect(bad.action).toBe('other');
  });

  it('outcome: actions ending _failed, _denied or _blocked are failures, others successes', () => {
    expect(['user_login_failed', 'user_login_denied', 'user_login_blocked', 'user_logged_in', 'user_failed_login_reset'].map((a) => normalize(event(a)).outcome)).toEqual(['failure', 'failure', 'failure', 'success', 'success']);
  });

  it('a sign-in (and a failed one) is interactive; acting as another user is an impersonation', () => {
    expect(normalize(event('user_logged_in')).auth.interactive).toBe(true);
    expect(normalize(event('user_login_failed')).auth.interactive).toBe(true);
    expect(normalize(event('user_added_to_group')).auth.interactive).toBeNull();
    expect(normalize(event('user_logged_in_as_user'))).toMatchObject({ action: 'user.impersonation_started', ocsf: { classUid: 3002, activityId: 7 } });
    expect(normalize(event('two_step_verification_enforcement_disabled')).action).toBe('security.mfa_requirement_disabled');
  });

  it('the service is the site container even when another container comes first', () => {
    const a = normalize(event('user_logged_in', { container: [{ id: 'org-1', type: 'orgs', links: { self: 'x' } }, { id: 'site-1', type: 'sites', links: { self: 'x', alt: 'https://acme.atlassian.net' } }] }));
    expect(a.service).toEqual({ id: 'site-1', name: 'https://acme.atlassian.net' });
  });

  it('context items become typed targets; a user target takes the e-mail the event carries before the inventory’s', () => {
    const a = normalize(
      event('user_added_to_group', {
        context: [
          { id: 'acc-2', type: 'users', attributes: { email: 'Bob@Acme.example' } },
          { id: '33818412-47bc-4c3c-8bfd-0994d1e60ca4', type: 'groups', attributes: { name: 'legal-admins' } },
          { id: 'pol-1', type: 'auth-policies', attributes: { name: 'Default policy' } },
        ],
      }),
      { 'acc-2': { email: 'robert@acme.example', isAdmin: false } },
    );
    expect(a.targets).toEqual([
      { type: 'user', id: 'acc-2', name: null, email: 'bob@acme.example' },
      { type: 'group', id: '33818412-47bc-4c3c-8bfd-0994d1e60ca4', name: 'legal-admins' },
      { type: 'policy', id: 'pol-1', name: 'Default policy' },
    ]);
  });
});
