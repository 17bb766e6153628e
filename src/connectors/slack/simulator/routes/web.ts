import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { userRef } from '../entries.js';
import type { SlackState } from '../state.js';
import { roleFlags, type SimApp } from '../tenant.js';

/** Web API failures are HTTP 200 with `{ok:false, error}` (digest §6). */
export function webError(reply: FastifyReply, error: string, extra: Record<string, unknown> = {}) {
  return reply.code(200).send({ ok: false, error, ...extra });
}

function params(req: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const source of [req.query, req.body]) {
    if (source && typeof source === 'object') for (const [k, v] of Object.entries(source as Record<string, unknown>)) if (v !== undefined) out[k] = String(v);
  }
  return out;
}

function appRecord(state: SlackState, app: SimApp): Record<string, unknown> {
  return {
    app: { id: app.id, name: app.name, description: '', help_url: '', privacy_policy_url: '', app_homepage_url: '', is_app_directory_approved: app.isDirectoryApproved, is_internal: app.isInternal, additional_info: '' },
    scopes: app.scopes.map((s) => ({ name: s.name, description: '', is_sensitive: s.is_sensitive, token_type: s.token_type })),
    date_updated: app.dateUpdated,
    last_resolved_by: { actor_id: state.owner.id, actor_type: 'user' },
    enterprise: { id: state.tenant.enterprise.id, name: state.tenant.enterprise.name },
  };
}

function pageOf<T>(items: T[], p: Record<string, string>): { slice: T[]; next: string } {
  const offset = p.cursor ? Number(Buffer.from(p.cursor, 'base64url').toString('utf8').replace('offset:', '')) : 0;
  const limit = Math.min(Math.max(Number(p.limit ?? 100) || 100, 1), 1000);
  const slice = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? Buffer.from(`offset:${offset + limit}`, 'utf8').toString('base64url') : '';
  return { slice, next };
}

/** The Web API methods the connector uses: admin.users.session.reset, admin.apps.* (lists, restrict, uninstall), admin.teams.settings.info, auth.test. */
export function webRoutes(app: FastifyInstance, state: SlackState): void {
  const method = (name: string, handler: (p: Record<string, string>, reply: FastifyReply) => unknown) => {
    const run = async (req: FastifyRequest, reply: FastifyReply) => {
      const kind = state.tokenKind(req.headers.authorization);
      if (!req.headers.authorization) return webError(reply, 'not_authed');
      if (kind === null) return webError(reply, 'invalid_auth');
      if (kind !== 'admin' && name !== 'auth.test') return webError(reply, 'missing_scope', { needed: name.startsWith('admin.apps') ? 'admin.apps:read' : 'admin.users:write', provided: 'auditlogs:read' });
      return handler(params(req), reply);
    };
    app.get(`/api/${name}`, run);
    app.post(`/api/${name}`, run);
  };

  method('auth.test', (_p, reply) => {
    const owner = state.owner;
    return reply.send({ ok: true, url: `https://${state.tenant.enterprise.domain}.enterprise.slack.com/`, team: state.tenant.enterprise.name, user: owner.person.email.split('@')[0], team_id: state.tenant.enterprise.id, user_id: owner.id, enterprise_id: state.tenant.enterprise.id, is_enterprise_install: true });
  });

  method('users.list', (p, reply) => {
    const { slice, next } = pageOf(state.tenant.users, p);
    return reply.send({
      ok: true,
      members: slice.map((u) => ({
        id: u.id,
        team_id: state.tenant.enterprise.id,
        name: u.person.email.split('@')[0],
        real_name: `${u.person.firstName} ${u.person.lastName}`,
        deleted: !u.active,
        ...roleFlags(u.role),
        is_ultra_restricted: false,
        is_bot: false,
        is_app_user: false,
        has_2fa: u.has2fa,
        ...(u.has2fa ? { two_factor_type: 'app' } : {}),
        updated: Math.floor(u.created / 1000),
        enterprise_user: { id: u.id, enterprise_id: state.tenant.enterprise.id, enterprise_name: state.tenant.enterprise.name, is_admin: roleFlags(u.role).is_admin, is_owner: roleFlags(u.role).is_owner, teams: state.tenant.workspaces.map((w) => w.id) },
        profile: { email: u.person.email, real_name: `${u.person.firstName} ${u.person.lastName}`, display_name: u.person.firstName, title: '' },
      })),
      response_metadata: { next_cursor: next },
    });
  });

  method('admin.users.session.reset', (p, reply) => {
    const user = p.user_id ? state.userById(p.user_id) : undefined;
    if (!p.user_id) return webError(reply, 'invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: user_id'] } });
    if (!user) return webError(reply, 'user_not_found');
    state.sessionResets.push({ userId: user.id, at: state.now() });
    state.append({ action: 'user_session_reset_by_admin', actor: state.owner, entity: { type: 'user', value: userRef(user, state.tenant) }, ip: null, ua: 'Slack API' });
    return reply.send({ ok: true });
  });

  const apps = (status: SimApp['status'], key: string) => (p: Record<string, string>, reply: FastifyReply) => {
    if (p.enterprise_id && p.enterprise_id !== state.tenant.enterprise.id) return webError(reply, 'team_not_found');
    const { slice, next } = pageOf(state.tenant.apps.filter((a) => a.status === status), p);
    return reply.send({ ok: true, [key]: slice.map((a) => appRecord(state, a)), response_metadata: { next_cursor: next } });
  };
  method('admin.apps.approved.list', apps('approved', 'approved_apps'));
  method('admin.apps.restricted.list', apps('restricted', 'restricted_apps'));
  // Revoking an app: restrict (no new installs; workspace approvals voided) and uninstall (installations and tokens go).
  const appEntity = (a: SimApp) => ({ type: 'app' as const, value: { id: a.id, name: a.name, is_distributed: !a.isInternal, is_directory_approved: a.isDirectoryApproved, scopes: a.scopes.map((s) => s.name) } });
  const oneOf = (p: Record<string, string>, team: string) => (p.enterprise_id ? 1 : 0) + (p[team] ? 1 : 0) === 1;
  method('admin.apps.restrict', (p, reply) => {
    if (!p.app_id && !p.request_id) return webError(reply, 'invalid_arguments', { response_metadata: { messages: ['[ERROR] either app_id or request_id is required'] } });
    if (!oneOf(p, 'team_id')) return webError(reply, 'invalid_arguments', { response_metadata: { messages: ['[ERROR] exactly one of team_id or enterprise_id is required'] } });
    if (p.enterprise_id && p.enterprise_id !== state.tenant.enterprise.id) return webError(reply, 'enterprise_not_found');
    const target = state.tenant.apps.find((a) => a.id === p.app_id || `Ar${a.id}` === p.request_id);
    if (!target) return webError(reply, p.app_id ? 'invalid_app_id' : 'invalid_request_id');
    target.status = 'restricted';
    target.dateUpdated = Math.floor(state.now() / 1000);
    state.append({ action: 'app_restricted', actor: state.owner, entity: appEntity(target), ip: null, ua: 'Slack API' });
    return reply.send({ ok: true });
  });
  method('admin.apps.uninstall', (p, reply) => {
    if (!p.app_id) return webError(reply, 'invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: app_id'] } });
    if (!oneOf(p, 'team_ids')) return webError(reply, 'invalid_arguments', { response_metadata: { messages: ['[ERROR] exactly one of team_ids or enterprise_id is required'] } });
    if (p.enterprise_id && p.enterprise_id !== state.tenant.enterprise.id) return webError(reply, 'enterprise_not_found');
    const target = state.tenant.apps.find((a) => a.id === p.app_id);
    if (!target) return webError(reply, 'app_not_found');
    if (target.installed !== false) {
      target.installed = false;
      state.append({ action: 'app_uninstalled', actor: state.owner, entity: appEntity(target), ip: null, ua: 'Slack API' });
    }
    return reply.send({ ok: true });
  });
  method('admin.apps.requests.list', (p, reply) => {
    if (!state.tenant.prefs.appApprovalEnabled) return webError(reply, 'app_management_app_not_installed_on_org');
    const { slice, next } = pageOf(state.tenant.apps.filter((a) => a.status === 'requested'), p);
    return reply.send({ ok: true, app_requests: slice.map((a) => ({ id: `Ar${a.id}`, app: appRecord(state, a).app, scopes: a.scopes, date_created: a.dateUpdated })), response_metadata: { next_cursor: next } });
  });
  method('admin.teams.settings.info', (p, reply) => {
    const team = state.tenant.workspaces.find((w) => w.id === p.team_id);
    if (!team) return webError(reply, 'team_not_found');
    return reply.send({ ok: true, team: { id: team.id, name: team.name, domain: team.domain, email_domain: state.owner.person.email.split('@')[1], enterprise_id: state.tenant.enterprise.id, enterprise_name: state.tenant.enterprise.name, default_channels: [] } });
  });
  method('admin.teams.list', (p, reply) => {
    const { slice, next } = pageOf(state.tenant.workspaces, p);
    return reply.send({ ok: true, teams: slice.map((w) => ({ id: w.id, name: w.name, discoverability: 'invite_only', primary_owner: { user_id: state.owner.id, email: state.owner.person.email }, team_url: `https://${w.domain}.slack.com/` })), response_metadata: { next_cursor: next } });
  });
}
