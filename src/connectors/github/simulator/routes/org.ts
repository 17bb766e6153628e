import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimGithubUser } from '../tenant.js';
import type { SimulatorState } from '../state.js';
import { queryOf, sendError, sendPage } from '../wire.js';

/** GitHub's "simple user" shape. */
export function simpleUser(state: SimulatorState, u: Pick<SimGithubUser, 'login' | 'id'>): Record<string, unknown> {
  const api = state.baseUrl;
  return {
    login: u.login,
    id: u.id,
    node_id: Buffer.from(`04:User${u.id}`).toString('base64'),
    avatar_url: `https://avatars.githubusercontent.com/u/${u.id}?v=4`,
    url: `${api}/users/${u.login}`,
    html_url: `https://github.com/${u.login}`,
    type: u.login.endsWith('[bot]') ? 'Bot' : 'User',
    site_admin: false,
  };
}

/** Organisation, members, outside collaborators, teams, installations, credential authorisations, removal. */
export function orgRoutes(app: FastifyInstance, state: SimulatorState): void {
  const { org } = state.tenant;
  const orgOr404 = (req: FastifyRequest<{ Params: { org: string } }>, reply: FastifyReply): boolean => {
    if (req.params.org.toLowerCase() === org.login) return true;
    sendError(reply, 404, 'Not Found', 'https://docs.github.com/rest/orgs/orgs#get-an-organization');
    return false;
  };
  const members = () => state.users().filter((u) => u.role !== 'outside_collaborator');

  app.get<{ Params: { org: string } }>('/orgs/:org', async (req, reply) => {
    if (!orgOr404(req, reply)) return reply;
    return {
      login: org.login,
      id: org.id,
      node_id: 'O_kgDOAJawOw',
      url: `${state.baseUrl}/orgs/${org.login}`,
      name: org.name,
      company: null,
      blog: 'https://northwind-legal.example',
      type: 'Organization',
      public_repos: 3,
      total_private_repos: 9,
      plan: { name: 'enterprise', seats: 50, filled_seats: members().length },
      two_factor_requirement_enabled: state.twoFactorRequired,
      default_repository_permission: 'read',
      members_can_create_repositories: true,
      members_can_create_public_repositories: true,
      members_can_create_private_repositories: true,
      members_can_create_internal_repositories: true,
      members_can_fork_private_repositories: false,
      members_can_create_pages: true,
      web_commit_signoff_required: false,
      advanced_security_enabled_for_new_repositories: false,
      dependabot_alerts_enabled_for_new_repositories: true,
      secret_scanning_push_protection_enabled_for_new_repositories: false,
      created_at: '2019-04-02T09:12:44Z',
      updated_at: '2026-10-30T16:03:10Z',
    };
  });

  app.get<{ Params: { org: string } }>('/orgs/:org/members', async (req, reply) => {
    if (!orgOr404(req, reply)) return reply;
    const query = queryOf(req);
    const role = query.role ?? 'all';
    const filter = query.filter ?? 'all';
    if (!['all', 'admin', 'member'].includes(role) || !['all', '2fa_disabled', '2fa_insecure'].includes(filter)) return sendError(reply, 422, 'Validation Failed');
    const list = members()
      .filter((u) => role === 'all' || u.role === role)
      .filter((u) => filter === 'all' || (!u.twoFactor && !state.twoFactorRequired));
    return sendPage(req, reply, state.baseUrl, list, (page) => page.map((u) => simpleUser(state, u)));
  });

  app.get<{ Params: { org: string } }>('/orgs/:org/outside_collaborators', async (req, reply) => {
    if (!orgOr404(req, reply)) return reply;
    const list = state.users().filter((u) => u.role === 'outside_collaborator');
    return sendPage(req, reply, state.baseUrl, list, (page) => page.map((u) => simpleUser(state, u)));
  });

  app.get<{ Params: { org: string } }>('/orgs/:org/teams', async (req, reply) => {
    if (!orgOr404(req, reply)) return reply;
    return sendPage(req, reply, state.baseUrl, state.tenant.teams, (page) =>
      page.map((t) => ({ id: t.id, node_id: `T_${t.id}`, slug: t.slug, name: t.name, description: null, privacy: 'closed', notification_setting: 'notifications_enabled', permission: 'pull', url: `${state.baseUrl}/orgs/${org.login}/teams/${t.slug}`, parent: null })),
    );
  });

  app.get<{ Params: { org: string; slug: string } }>('/orgs/:org/teams/:slug/members', async (req, reply) => {
    if (!orgOr404(req, reply)) return reply;
    const team = state.tenant.teams.find((t) => t.slug === req.params.slug);
    if (!team) return sendError(reply, 404, 'Not Found', 'https://docs.github.com/rest/teams/members#list-team-members');
    const list = state.users().filter((u) => team.memberLogins.includes(u.login));
    return sendPage(req, reply, state.baseUrl, list, (page) => page.map((u) => simpleUser(state, u)));
  });

  app.get<{ Params: { org: string } }>('/orgs/:org/installations', async (req, reply) => {
    if (!orgOr404(req, reply)) return reply;
    const list = state.tenant.installations;
    return sendPage(req, reply, state.baseUrl, list, (page) => ({
      total_count: list.length,
      installations: page.map((i) => ({ ...i, target_id: org.id, target_type: 'Organization', account: { login: org.login, id: org.id, type: 'Organization' }, updated_at: i.created_at, suspended_at: null, suspended_by: null, single_file_name: null })),
    }));
  });

  app.get<{ Params: { org: string } }>('/orgs/:org/credential-authorizations', async (req, reply) => {
    if (!orgOr404(req, reply)) return reply;
    const login = queryOf(req).login?.toLowerCase();
    const list = state.tenant.credentials.filter((c) => !state.revokedCredentials.has(c.credential_id) && !state.removedLogins.has(c.login) && (!login || c.login.toLowerCase() === login));
    return sendPage(req, reply, state.baseUrl, list, (page) => page.map((c) => ({ ...c, fingerprint: null, authorized_credential_id: null, authorized_credential_note: null })));
  });

  app.delete<{ Params: { org: string; id: string } }>('/orgs/:org/credential-authorizations/:id', async (req, reply) => {
    if (!orgOr404(req, reply)) return reply;
    const credential = state.tenant.credentials.find((c) => String(c.credential_id) === req.params.id && !state.revokedCredentials.has(c.credential_id));
    if (!credential) return sendError(reply, 404, 'Not Found', 'https://docs.github.com/rest/orgs/orgs#remove-a-saml-sso-authorization-for-an-organization');
    state.revokedCredentials.add(credential.credential_id);
    state.audit('org_credential_authorization.revoke', { user: credential.login, credential_id: credential.credential_id });
    return reply.code(204).send();
  });

  app.get<{ Params: { id: string } }>('/user/:id', async (req, reply) => {
    const user = state.tenant.users.find((u) => String(u.id) === req.params.id);
    if (!user) return sendError(reply, 404, 'Not Found', 'https://docs.github.com/rest/users/users#get-a-user-using-their-id');
    return { ...simpleUser(state, user), name: user.name, company: null, email: null };
  });

  app.get<{ Params: { org: string; login: string } }>('/orgs/:org/memberships/:login', async (req, reply) => {
    if (!orgOr404(req, reply)) return reply;
    const user = members().find((u) => u.login.toLowerCase() === req.params.login.toLowerCase());
    if (!user) return sendError(reply, 404, 'Not Found', 'https://docs.github.com/rest/orgs/members#get-organization-membership-for-a-user');
    return { url: `${state.baseUrl}/orgs/${org.login}/memberships/${user.login}`, state: 'active', role: user.role, organization_url: `${state.baseUrl}/orgs/${org.login}`, organization: { login: org.login, id: org.id }, user: simpleUser(state, user) };
  });

  const remove = async (req: FastifyRequest<{ Params: { org: string; login: string } }>, reply: FastifyReply) => {
    if (!orgOr404(req, reply)) return reply;
    const user = state.users().find((u) => u.login.toLowerCase() === req.params.login.toLowerCase());
    if (!user) return sendError(reply, 404, 'Not Found', 'https://docs.github.com/rest/orgs/members#remove-organization-membership-for-a-user');
    if (user.role === 'admin' && members().filter((u) => u.role === 'admin').length <= 1) return sendError(reply, 403, 'You cannot remove the last owner of an organization.');
    state.removedLogins.add(user.login);
    state.audit(user.role === 'outside_collaborator' ? 'org.remove_outside_collaborator' : 'org.remove_member', { user: user.login, user_id: user.id });
    return reply.code(204).send();
  };
  app.delete<{ Params: { org: string; login: string } }>('/orgs/:org/memberships/:login', remove);
  app.delete<{ Params: { org: string; login: string } }>('/orgs/:org/members/:login', remove);
}
