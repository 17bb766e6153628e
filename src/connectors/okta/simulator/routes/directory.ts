import type { FastifyInstance } from 'fastify';
import type { SimulatorState } from '../state.js';
import { ROLE_LABELS, type SimGroup, type SimUser } from '../tenant.js';
import { authorize, invalid, notFound, pageOf, query } from '../wire.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function userJson(state: SimulatorState, u: SimUser): Record<string, unknown> {
  const p = u.person;
  return {
    id: u.id,
    status: u.status,
    created: iso(u.created),
    activated: u.status === 'STAGED' ? null : iso(u.created + 60_000),
    statusChanged: iso(u.statusChanged),
    lastLogin: iso(u.lastLogin),
    lastUpdated: iso(u.statusChanged),
    passwordChanged: iso(u.created + 300_000),
    type: { id: 'otynorthwinddefault1' },
    profile: { firstName: p.firstName, lastName: p.lastName, login: p.email, email: p.email, mobilePhone: null, secondEmail: null, city: p.place.city, countryCode: p.place.countryIso },
    credentials: { password: {}, provider: { type: 'OKTA', name: 'OKTA' } },
    _links: { self: { href: `${state.baseUrl}/api/v1/users/${u.id}` } },
  };
}

function groupJson(state: SimulatorState, g: SimGroup): Record<string, unknown> {
  return {
    id: g.id,
    created: iso(g.created),
    lastUpdated: iso(g.created),
    lastMembershipUpdated: iso(g.created),
    objectClass: ['okta:user_group'],
    type: g.type,
    profile: { name: g.name, description: g.description },
    _links: { users: { href: `${state.baseUrl}/api/v1/groups/${g.id}/users` }, apps: { href: `${state.baseUrl}/api/v1/groups/${g.id}/apps` } },
  };
}

function roleJson(state: SimulatorState, u: SimUser, r: SimUser['roles'][number]): Record<string, unknown> {
  return {
    id: r.id,
    label: r.type === 'SUPER_ADMIN' ? 'Super Organization administrator' : (ROLE_LABELS[r.type] ?? r.type),
    type: r.type,
    status: 'ACTIVE',
    created: iso(r.created),
    lastUpdated: iso(r.created),
    assignmentType: 'USER',
    _links: { assignee: { href: `${state.baseUrl}/api/v1/users/${u.id}` } },
  };
}

/** Users, groups, role assignments and OAuth consent grants (digest §2, §5), each list Link-paged. */
export function directoryRoutes(app: FastifyInstance, state: SimulatorState): void {
  app.get('/api/v1/users', async (req, reply) => {
    if (!authorize(state, req, reply, 'okta.users.read')) return reply;
    const q = query(req);
    // The plain listing hides deactivated users; a `filter`/`search` on status shows them.
    let users = state.tenant.users.filter((u) => u.status !== 'DEPROVISIONED');
    const expr = q.search ?? q.filter;
    if (expr) {
      const m = /^status\s+eq\s+"([A-Z_]+)"$/.exec(expr.trim());
      if (!m) return invalid(reply, `${q.search ? 'search' : 'filter'}: Invalid search expression: ${expr}`);
      users = state.tenant.users.filter((u) => u.status === m[1]);
    }
    const page = pageOf(state, req, reply, users, (u) => u.id, 200, 200);
    return page === null ? reply : reply.send(page.map((u) => userJson(state, u)));
  });

  app.get<{ Params: { id: string } }>('/api/v1/users/:id', async (req, reply) => {
    if (!authorize(state, req, reply, 'okta.users.read')) return reply;
    const u = state.user(req.params.id);
    return u ? reply.send(userJson(state, u)) : notFound(reply, req.params.id, 'User');
  });

  app.get('/api/v1/groups', async (req, reply) => {
    if (!authorize(state, req, reply, 'okta.groups.read')) return reply;
    const page = pageOf(state, req, reply, state.tenant.groups, (g) => g.id, 10_000, 10_000);
    return page === null ? reply : reply.send(page.map((g) => groupJson(state, g)));
  });

  app.get<{ Params: { id: string } }>('/api/v1/groups/:id/users', async (req, reply) => {
    if (!authorize(state, req, reply, 'okta.groups.read')) return reply;
    const group = state.tenant.groups.find((g) => g.id === req.params.id);
    if (!group) return notFound(reply, req.params.id, 'UserGroup');
    const members = state.tenant.users.filter((u) => group.members.has(u.id));
    const page = pageOf(state, req, reply, members, (u) => u.id, 1000, 1000);
    return page === null ? reply : reply.send(page.map((u) => userJson(state, u)));
  });

  app.get('/api/v1/iam/assignees/users', async (req, reply) => {
    if (!authorize(state, req, reply, 'okta.roles.read')) return reply;
    const admins = state.tenant.users.filter((u) => u.roles.length > 0);
    const page = pageOf(state, req, reply, admins, (u) => u.id, 100, 100);
    if (page === null) return reply;
    return reply.send({ value: page.map((u) => ({ id: u.id, orn: `orn:okta:directory:northwind:users:${u.id}`, _links: { self: { href: `${state.baseUrl}/api/v1/users/${u.id}` }, roles: { href: `${state.baseUrl}/api/v1/users/${u.id}/roles` } } })), _links: {} });
  });

  app.get<{ Params: { id: string } }>('/api/v1/users/:id/roles', async (req, reply) => {
    if (!authorize(state, req, reply, 'okta.roles.read')) return reply;
    const u = state.user(req.params.id);
    return u ? reply.send(u.roles.map((r) => roleJson(state, u, r))) : notFound(reply, req.params.id, 'User');
  });

  app.get<{ Params: { id: string } }>('/api/v1/users/:id/grants', async (req, reply) => {
    if (!authorize(state, req, reply, 'okta.users.read')) return reply;
    const u = state.user(req.params.id);
    if (!u) return notFound(reply, req.params.id, 'User');
    const grants = state.tenant.grants.filter((g) => g.userId === u.id && g.status === 'ACTIVE');
    const page = pageOf(state, req, reply, grants, (g) => g.id, 20, 200);
    if (page === null) return reply;
    return reply.send(
      page.map((g) => ({
        id: g.id,
        status: g.status,
        created: iso(g.created),
        lastUpdated: iso(g.created),
        issuer: state.baseUrl,
        clientId: g.clientId,
        userId: g.userId,
        scopeId: g.scopeId,
        source: 'END_USER',
        createdBy: { id: g.userId, type: 'User' },
        _embedded: { scope: { id: g.scopeId } },
        _links: { app: { href: `${state.baseUrl}/api/v1/apps/${state.tenant.apps.find((a) => a.clientId === g.clientId)?.id ?? g.clientId}`, title: state.tenant.apps.find((a) => a.clientId === g.clientId)?.label ?? null }, client: { href: `${state.baseUrl}/oauth2/v1/clients/${g.clientId}` } },
      })),
    );
  });

  app.get<{ Params: { id: string } }>('/api/v1/users/:id/clients', async (req, reply) => {
    if (!authorize(state, req, reply, 'okta.users.read')) return reply;
    const u = state.user(req.params.id);
    if (!u) return notFound(reply, req.params.id, 'User');
    const clients = new Set(state.tenant.grants.filter((g) => g.userId === u.id && g.status === 'ACTIVE').map((g) => g.clientId));
    return reply.send(state.tenant.apps.filter((a) => clients.has(a.clientId)).map((a) => ({ client_id: a.clientId, client_name: a.label, client_uri: null, logo_uri: null, _links: { grants: { href: `${state.baseUrl}/api/v1/users/${u.id}/clients/${a.clientId}/grants` } } })));
  });

  app.get<{ Querystring: { type?: string } }>('/api/v1/policies', async (req, reply) => {
    if (!authorize(state, req, reply, 'okta.policies.read')) return reply;
    const type = req.query.type;
    if (!type) return invalid(reply, 'type: The type parameter is required.');
    const policies = state.policies[type] ?? [];
    return reply.send(policies.map(({ rules: _rules, ...p }) => ({ ...p, _links: { self: { href: `${state.baseUrl}/api/v1/policies/${String(p.id)}` }, rules: { href: `${state.baseUrl}/api/v1/policies/${String(p.id)}/rules` } } })));
  });

  app.get<{ Params: { id: string } }>('/api/v1/policies/:id/rules', async (req, reply) => {
    if (!authorize(state, req, reply, 'okta.policies.read')) return reply;
    const policy = Object.values(state.policies).flat().find((p) => p.id === req.params.id);
    return policy ? reply.send(policy.rules ?? []) : notFound(reply, req.params.id, 'Policy');
  });
}
