import { describe, expect, it } from 'vitest';
import { ActivitySchema } from '../../core/activity.js';
import { normalizeRecord, offlineContext } from '../sdk/normalize-total.js';
import connector from './index.js';
import { normalizeGithub } from './normalize.js';

const ctx = offlineContext('c', 1_000);
const base = { _document_id: 'doc-1', org: 'acme', org_id: 9876543, actor: 'alice-admin', actor_id: 5550101, actor_ip: '203.0.113.7', actor_location: { country_code: 'FR' } };

describe('normalizeGithub', () => {
  it('maps an SSO response to user.sso_login with time, actor, IP, country and the SAML protocol', () => {
    const a = normalizeGithub({ ...base, '@timestamp': 1741080922481, created_at: 1741080922481, action: 'org.sso_response', user_agent: 'UA', request_id: 'R1' }, ctx);
    expect(a).toMatchObject({ provider: 'github', sourceId: 'doc-1', time: 1741080922481, action: 'user.sso_login', outcome: 'success', srcIp: '203.0.113.7', userAgent: 'UA', correlationId: 'R1', tenantId: '9876543' });
    expect(a.actor).toMatchObject({ userId: '5550101', name: 'alice-admin', type: 'user' });
    expect(a.geo).toMatchObject({ country: 'FR', source: 'provider' });
    expect(a.auth.protocol).toBe('saml');
  });

  it('reads a role change: promotion to owner is admin.role_assigned with the owner role, demotion admin.role_removed, other changes other', () => {
    const promoted = normalizeGithub({ ...base, '@timestamp': 1, action: 'org.update_member', user: 'bob', user_id: 5550202, old_permission: 'read', permission: 'admin' }, ctx);
    expect(promoted.action).toBe('admin.role_assigned');
    expect(promoted.targets).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'user', id: '5550202', name: 'bob' }), expect.objectContaining({ type: 'role', name: 'Organization owner' })]));
    expect(normalizeGithub({ ...base, action: 'org.update_member', old_permission: 'admin', permission: 'read' }, ctx).action).toBe('admin.role_removed');
    expect(normalizeGithub({ ...base, action: 'org.update_member', old_permission: 'read', permission: 'write' }, ctx).action).toBe('other');
    expect(normalizeGithub({ ...base, action: 'org.add_member', permission: 'admin' }, ctx).action).toBe('admin.role_assigned');
    expect(normalizeGithub({ ...base, action: 'org.add_member', permission: 'read' }, ctx).action).toBe('user.created');
  });

  it('maps the scenarios: 2FA requirement off, repository made public, a token authorised with its scopes', () => {
    expect(normalizeGithub({ ...base, action: 'org.disable_two_factor_requirement' }, ctx).action).toBe('security.mfa_requirement_disabled');
    const publicRepo = normalizeGithub({ ...base, action: 'repo.access', repo: 'acme/secret', visibility: 'public', previous_visibility: 'private' }, ctx);
    expect(publicRepo.action).toBe('file.public_link_created');
    expect(publicRepo.targets[0]).toMatchObject({ type: 'file', name: 'acme/secret', changes: [{ field: 'visibility', old: 'private', new: 'public' }] });
    const grant = normalizeGithub({ ...base, action: 'org_credential_authorization.grant', credential_id: 77, oauth_application_name: 'personal access token (classic)', scopes: ['repo', 'admin:org'] }, ctx);
    expect(grant.action).toBe('oauth.consent_granted');
    expect(grant.targets).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'token', id: '77', changes: [{ field: 'scopes', new: ['repo', 'admin:org'] }] })]));
  });

  it('accepts export forms: created_at alone, ISO text with or without a zone or T, and takes the e-mail from the inventory', () => {
    const withLookup = { ...ctx, lookupAccount: (id: string) => (id === '5550101' ? { email: 'alice@acme.example', name: 'Alice', isAdmin: true, status: 'active' as const } : undefined) };
    expect(normalizeGithub({ ...base, created_at: 1741080922481, action: 'git.clone' }, withLookup)).toMatchObject({ time: 1741080922481, action: 'file.downloaded', actor: { email: 'alice@acme.example', isAdmin: true, type: 'admin' } });
    expect(normalizeGithub({ ...base, '@timestamp': '2025-03-04T09:35:22.481Z', action: 'git.push' }, ctx).time).toBe(Date.UTC(2025, 2, 4, 9, 35, 22, 481));
    expect(normalizeGithub({ ...base, created_at: '2025-03-04 09:35:22', action: 'git.push' }, ctx).time).toBe(Date.UTC(2025, 2, 4, 9, 35, 22));
    expect(normalizeGithub({ ...base, created_at: '2025-03-04T10:35:22+01:00', action: 'git.push' }, ctx).time).toBe(Date.UTC(2025, 2, 4, 9, 35, 22));
  });

  it('keeps an unknown event as other with its category class and raw whole; a bot actor is an app', () => {
    const record = { ...base, actor: 'ci[bot]', actor_is_bot: true, '@timestamp': 5, action: 'codespaces.create', extra: { nested: true } };
    const a = normalizeRecord(connector, record, ctx);
    expect(ActivitySchema.safeParse(a).success).toBe(true);
    expect(a).toMatchObject({ action: 'other', eventType: 'codespaces.create', raw: record, ocsf: { classUid: 6003, activityId: 99 } });
    expect(a.actor.type).toBe('app');
    expect(normalizeGithub({ ...base, action: 'team.rename' }, ctx).ocsf).toMatchObject({ classUid: 3006, activityId: 99 });
  });

  it('gives a record without a document id a stable id of its content', () => {
    const record = { action: 'org.block_user', '@timestamp': 10, actor: 'a' };
    expect(normalizeGithub(record, ctx).sourceId).toBe(normalizeGithub({ ...record }, ctx).sourceId);
    expect(normalizeGithub(record, ctx).sourceId).not.toBe(normalizeGithub({ ...record, '@timestamp': 11 }, ctx).sourceId);
  });

  /** The digest's audit event (§4): an owner promoted through a GitHub App token. */
  const digestEvent = {
    '@timestamp': 1741080922481, _document_id: 'qT3mZ0y1Rb-Xw8vK2aLp9g', action: 'org.update_member', actor: 'alice-admin', actor_id: 5550101, actor_ip: '203.0.113.7',
    actor_location: { country_code: 'FR' }, actor_is_bot: false, business: 'acme-ent', business_id: 4242, created_at: 1741080922481, operation_type: 'modify', org: 'acme', org_id: 9876543,
    user: 'bob-dev', user_id: 5550202, old_permission: 'read', permission: 'admin', request_id: 'C0DE:1A2B:3C4D5E:6F7A8B:67C6D35A', user_agent: 'Mozilla/5.0 (X11; Linux x86_64)',
    programmatic_access_type: 'GitHub App server-to-server token', token_id: 1234567, hashed_token: 'k2m=',
  };

  it("reads the digest's event exactly: the person, the token they acted through, the member and the role", () => {
    const a = normalizeGithub(digestEvent, ctx);
    expect(a.actor).toEqual({ userId: '5550101', email: null, name: 'alice-admin', type: 'user', isAdmin: null, appId: '1234567', appName: 'GitHub App server-to-server token' });
    expect(a.targets).toEqual([
      { type: 'user', id: '5550202', name: 'bob-dev', email: null },
      { type: 'role', id: 'admin', name: 'Organization owner', changes: [{ field: 'permission', old: 'read', new: 'admin' }] },
    ]);
    expect({ sourceId: a.sourceId, time: a.time, srcIp: a.srcIp, country: a.geo.country, outcome: a.outcome }).toEqual({ sourceId: 'qT3mZ0y1Rb-Xw8vK2aLp9g', time: 1741080922481, srcIp: '203.0.113.7', country: 'FR', outcome: 'success' });
  });

  it('a demotion names the role lost; re-saving an owner as owner is no role grant', () => {
    const demoted = normalizeGithub({ ...digestEvent, old_permission: 'admin', permission: 'read' }, ctx);
    expect(demoted.action).toBe('admin.role_removed');
    expect(demoted.targets.find((t) => t.type === 'role')).toEqual({ type: 'role', id: 'admin', name: 'Organization owner', changes: [{ field: 'permission', old: 'admin', new: 'read' }] });
    expect(normalizeGithub({ ...digestEvent, old_permission: 'admin', permission: 'admin' }, ctx).action).toBe('other');
  });

  it('removing a member is user.deleted (ACTIVITY-SCHEMA §3), the member as target', () => {
    const a = normalizeGithub({ ...base, '@timestamp': 1741080922481, action: 'org.remove_member', user: 'bob-dev', user_id: 5550202 }, ctx);
    expect([a.action, a.targets]).toEqual(['user.deleted', [{ type: 'user', id: '5550202', name: 'bob-dev', email: null }]]);
  });

  it('a bot flagged by actor_is_bot is an app even without the [bot] suffix; the actor e-mail and country are normalised', () => {
    expect(normalizeGithub({ ...base, actor: 'renovate', actor_is_bot: true, action: 'git.push' }, ctx).actor.type).toBe('app');
    const a = normalizeGithub({ ...base, actor_email: 'Alice@Acme.Example', actor_location: { country_code: 'fr' }, action: 'git.push' }, ctx);
    expect([a.actor.email, a.geo.country]).toEqual(['alice@acme.example', 'FR']);
  });

  it('an SSO response names the organisation as the service signed into', () => {
    expect(normalizeGithub({ ...base, '@timestamp': 1741080922481, action: 'org.sso_response' }, ctx).service).toEqual({ id: '9876543', name: 'acme' });
  });

  it('an explicit failure in an exported record is a failure', () => {
    expect(normalizeGithub({ ...base, action: 'org.sso_response', outcome: 'failure' }, ctx).outcome).toBe('failure');
    expect(normalizeGithub({ ...base, action: 'org.sso_response', result: 'denied' }, ctx).outcome).toBe('failure');
  });
});
