import { describe, expect, it } from 'vitest';
import { ActivitySchema } from '../../core/activity.js';
import { normalizeRecord, offlineContext } from '../sdk/normalize-total.js';
import { corpus } from './fidelity/corpus.js';
import slack from './index.js';
import { slackAction } from './normalize.js';

const normalize = (record: unknown, lookup: Record<string, { email: string; isAdmin: boolean }> = {}) =>
  normalizeRecord(slack, record, {
    connectorInstanceId: 'c',
    ingestedAt: Date.UTC(2099, 0, 1),
    lookupAccount: (id) => (lookup[id] ? { email: lookup[id].email, name: null, isAdmin: lookup[id].isAdmin, status: 'active' } : undefined),
  });

const entry = (action: string, extra: Record<string, unknown> = {}) => ({
  id: `id-${action}`,
  date_create: 1741080922,
  action,
  actor: { type: 'user', user: { id: 'W1', name: 'Jane Roe', email: 'Jane@Acme.com', team: 'E1' } },
  entity: { type: 'user', user: { id: 'W2', name: 'Bob Lee', email: 'bob@acme.com', team: 'E1' } },
  context: { location: { type: 'enterprise', id: 'E1', name: 'Acme', domain: 'acme' }, ua: 'Mozilla/5.0', ip_address: '203.0.113.7', session_id: '42' },
  ...extra,
});

describe('Slack normalisation', () => {
  it('reads the documented fields of an audit entry: seconds to ms, actor, IP, user agent, session, tenant', () => {
    const a = normalize(entry('user_login'));
    expect(ActivitySchema.safeParse(a).success).toBe(true);
    expect(a).toMatchObject({ provider: 'slack', sourceId: 'id-user_login', time: 1741080922000, action: 'user.login', outcome: 'success', srcIp: '203.0.113.7', ipVersion: 4, userAgent: 'Mozilla/5.0', sessionId: '42', tenantId: 'E1' });
    expect(a.actor).toMatchObject({ userId: 'W1', email: 'jane@acme.com', name: 'Jane Roe', type: 'user' });
  });

  it('marks admins from the inventory and failures from the action name', () => {
    const a = normalize(entry('user_login_failed'), { W1: { email: 'jane@acme.com', isAdmin: true } });
    expect(a.action).toBe('user.login_failed');
    expect(a.outcome).toBe('failure');
    expect(a.actor).toMatchObject({ type: 'admin', isAdmin: true });
  });

  it('turns role changes into role targets and app installs into app.installed with their scopes', () => {
    const promoted = normalize(entry('role_change_to_owner', { details: { previous_role: 'member', new_role: 'owner' } }));
    expect(promoted.action).toBe('admin.role_assigned');
    expect(promoted.targets.map((t) => [t.type, t.id, t.name])).toEqual([['user', 'W2', 'Bob Lee'], ['role', 'owner', 'Owner']]);
    const install = normalize(entry('app_installed', { entity: { type: 'app', app: { id: 'A1', name: 'Exporter', scopes: ['im:history', 'files:write'] } } }));
    expect(install.action).toBe('app.installed');
    expect(normalize(entry('app_uninstalled', { entity: { type: 'app', app: { id: 'A1', name: 'Exporter' } } })).action).toBe('app.removed');
    expect(install.targets).toEqual([{ type: 'app', id: 'A1', name: 'Exporter', changes: [{ field: 'scopes', new: 'im:history files:write' }] }]);
  });

  it('classifies pref.* changes: SSO, 2FA off, session rules, anything else', () => {
    expect(slackAction('pref.sso_setting_changed', { new_value: 'optional' })).toBe('security.sso_changed');
    expect(slackAction('pref.two_factor_auth_changed', { new_value: 'false' })).toBe('security.mfa_requirement_disabled');
    expect(slackAction('pref.two_factor_auth_changed', { new_value: 'true' })).toBe('security.policy_changed');
    expect(slackAction('pref.session_duration_changed', { new_value: '720' })).toBe('security.policy_changed');
    expect(slackAction('pref.allow_calls', { new_value: 'true' })).toBe('admin.setting_changed');
    const sso = normalize(entry('pref.sso_setting_changed', { entity: { type: 'enterprise', enterprise: { id: 'E1', name: 'Acme', domain: 'acme' } }, details: { new_value: 'optional', previous_value: 'required' } }));
    expect(sso.targets[0]).toEqual({ type: 'setting', id: 'sso_setting_changed', name: 'pref.sso_setting_changed', changes: [{ field: 'sso_setting_changed', old: 'required', new: 'optional' }] });
  });

  it('keeps unknown actions as `other` with the raw record, filed under the entity’s OCSF class', () => {
    const record = entry('workflow_published', { entity: { type: 'file', file: { id: 'F1', name: 'x' } } });
    const a = normalize(record);
    expect(a.action).toBe('other');
    expect(a.eventType).toBe('workflow_published');
    expect(a.ocsf.classUid).toBe(6006);
    expect(a.raw).toEqual(record);
  });

  it('reads app actors, the Slack system user and IPv6 addresses', () => {
    const app = normalize(entry('app_uninstalled', { actor: { type: 'app', app: { id: 'A9', name: 'Bot' } } }));
    expect(app.actor).toMatchObject({ type: 'app', appId: 'A9', appName: 'Bot', userId: null });
    const system = normalize(entry('manual_export_completed', { actor: { type: 'user', user: { id: 'USLACKUSER', name: 'Slack' } }, context: { ip_address: '2001:db8::1' } }));
    expect(system.actor.type).toBe('system');
    expect(system.srcIp).toBe('2001:db8::1');
    expect(system.ipVersion).toBe(6);
  });

  it('accepts a pasted one-entry API page as well as the bare entry', () => {
    const page = { entries: [entry('file_downloaded')], response_metadata: { next_cursor: '' } };
    const a = normalize(page);
    expect(a.action).toBe('file.downloaded');
    expect(a.sourceId).toBe('id-file_downloaded');
    expect(a.raw).toEqual(page);
  });

  it('agrees with every documented record of the fidelity corpus', () => {
    const ingestedAt = Date.UTC(2099, 0, 1);
    for (const c of corpus) {
      const a = normalizeRecord(slack, c.record, offlineContext('f', ingestedAt));
      const { user, ip, time, action, outcome, targets } = c.expect;
      if (user !== undefined) expect([a.actor.email, a.actor.userId, a.actor.name], c.shape).toContain(user);
      if (ip !== undefined) expect(a.srcIp, c.shape).toBe(ip);
      if (time !== undefined) expect(a.time, c.shape).toBe(time);
      if (action !== undefined) expect(a.action, c.shape).toBe(action);
      if (outcome !== undefined) expect(a.outcome, c.shape).toBe(outcome);
      if (targets !== undefined) expect(a.targets, c.shape).toHaveLength(targets.length);
      if (targets !== undefined) expect(a.targets.map((t, i) => [t.id, t.email, t.name].includes(targets[i] ?? '\u0000')), c.shape).toEqual(targets.map(() => true));
    }
  });

  it('role changes: a demotion to member is admin.role_removed; the role target keeps the previous and new role', () => {
    const demoted = normalize(entry('role_change_to_user', { details: { previous_role: 'admin', new_role: 'user' } }));
    expect(demoted.action).toBe('admin.role_removed');
    expect(demoted.targets).toEqual([
      { type: 'user', id: 'W2', name: 'Bob Lee', email: 'bob@acme.com' },
      { type: 'role', id: 'member', name: 'Member', changes: [{ field: 'role', old: 'admin', new: 'user' }] },
    ]);
  });

  it("lower-cases the target person's e-mail, and takes the actor's e-mail from the inventory when the entry has none", () => {
    const a = normalize(entry('user_deactivated', { actor: { type: 'user', user: { id: 'W1', name: 'Jane Roe' } }, entity: { type: 'user', user: { id: 'W2', name: 'Bob Lee', email: 'Bob.Lee@Acme.com' } } }), { W1: { email: 'jane@acme.com', isAdmin: false } });
    expect(a.targets[0]).toEqual({ type: 'user', id: 'W2', name: 'Bob Lee', email: 'bob.lee@acme.com' });
    expect(a.actor).toEqual({ userId: 'W1', email: 'jane@acme.com', name: 'Jane Roe', type: 'user', isAdmin: false, appId: null, appName: null });
  });

  it('an admin resetting sessions is user.sessions_revoked; an export started is data.exported', () => {
    expect(normalize(entry('user_session_reset_by_admin')).action).toBe('user.sessions_revoked');
    expect(normalize(entry('manual_export_started', { entity: { type: 'workspace', workspace: { id: 'T1', name: 'Acme HQ', domain: 'acme-hq' } } })).action).toBe('data.exported');
  });

  it('a workspace location is the service; an enterprise one is only the tenant', () => {
    const ws = normalize(entry('user_login', { context: { location: { type: 'workspace', id: 'T1', name: 'Acme HQ', domain: 'acme-hq' }, ip_address: '203.0.113.7' } }));
    expect([ws.tenantId, ws.service]).toEqual(['T1', { id: 'T1', name: 'Acme HQ' }]);
    expect(normalize(entry('user_login')).service).toBeNull();
  });

  it('app scopes come from details when the app entity lists none; a workflow actor is an app', () => {
    const a = normalize(entry('app_scopes_expanded', { entity: { type: 'app', app: { id: 'A1', name: 'Exporter', is_distributed: true } }, details: { scopes: 'channels:history,files:read' } }));
    expect(a.targets).toEqual([{ type: 'app', id: 'A1', name: 'Exporter', changes: [{ field: 'scopes', new: 'channels:history files:read' }] }]);
    const wf = normalize(entry('file_downloaded', { actor: { type: 'workflow', workflow: { id: 'Wf1', name: 'Nightly export' } } }));
    expect(wf.actor).toMatchObject({ type: 'app', appId: 'Wf1', appName: 'Nightly export', userId: null });
  });

  it("reads Slack's mobile apps from the user agent", () => {
    expect(normalize(entry('user_login', { context: { ua: 'com.tinyspeck.chatlyio/23.09.10 (iPhone; iOS 17.0.3; Scale/3.00)', ip_address: '203.0.113.7' } })).ua).toEqual({ os: 'iOS', browser: 'Slack', device: 'mobile' });
    expect(normalize(entry('user_login', { context: { ua: 'Slack/23.09.10 (Android 14; Pixel 8)', ip_address: '203.0.113.7' } })).ua).toEqual({ os: 'Android', browser: 'Slack', device: 'mobile' });
  });
});
