import type { FastifyInstance, FastifyReply } from 'fastify';
import type { BoxState } from '../state.js';
import type { ExternalUser, SimUser } from '../tenant.js';
import { userSource } from '../events.js';
import { decodeMarker, encodeMarker, pickFields, sendBoxError } from '../wire.js';

const USER_DEFAULTS = ['name', 'login', 'created_at', 'modified_at', 'language', 'timezone', 'space_amount', 'space_used', 'max_upload_size', 'status', 'job_title', 'phone', 'address', 'avatar_url'];
const GROUP_DEFAULTS = ['name', 'group_type'];
const OFFSET_MAX = 10_000;

function iso(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}

export function fullUser(state: BoxState, u: SimUser): Record<string, unknown> {
  return {
    type: 'user',
    id: u.id,
    name: `${u.person.firstName} ${u.person.lastName}`,
    login: u.person.email,
    created_at: iso(u.createdAt),
    modified_at: iso(u.createdAt + 86_400_000),
    language: u.person.region === 'eu' ? 'en-GB' : 'en',
    timezone: u.person.region === 'eu' ? 'Europe/London' : 'America/Los_Angeles',
    space_amount: 999999999999999,
    space_used: 1_000_000 + u.person.index * 7919,
    max_upload_size: 5368709120,
    status: u.status,
    job_title: '',
    phone: '',
    address: '',
    avatar_url: `https://app.box.com/api/avatar/large/${u.id}`,
    role: u.role,
    enterprise: { type: 'enterprise', id: state.tenant.enterprise.id, name: state.tenant.enterprise.name },
    is_external_collab_restricted: u.externalCollabRestricted,
    is_exempt_from_login_verification: u.exemptFromLoginVerification,
    is_platform_access_only: false,
  };
}

function externalUser(u: ExternalUser): Record<string, unknown> {
  return { type: 'user', id: u.id, name: u.name, login: u.login, status: 'active', created_at: '2024-03-01T09:00:00-08:00', modified_at: '2024-03-01T09:00:00-08:00', role: 'user', enterprise: null, space_amount: 10737418240, space_used: 0 };
}

/** Offset paging (`total_count`, `offset`, `limit`; offset beyond 10,000 refused) or marker paging (`usemarker=true`). */
function page(reply: FastifyReply, items: Record<string, unknown>[], q: Record<string, string | undefined>, maxLimit: number, defaultLimit: number) {
  const limit = q.limit === undefined ? defaultLimit : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1) return sendBoxError(reply, 400, 'bad_request', 'Invalid value for limit');
  const size = Math.min(limit, maxLimit);
  if (q.usemarker === 'true') {
    const from = q.marker ? decodeMarker(q.marker) : 0;
    if (from === null) return sendBoxError(reply, 400, 'invalid_parameter', 'Invalid value for marker');
    const entries = items.slice(from, from + size);
    return reply.send({ entries, limit: size, next_marker: from + size < items.length ? encodeMarker(from + size) : null, prev_marker: null });
  }
  const offset = q.offset === undefined ? 0 : Number(q.offset);
  if (!Number.isInteger(offset) || offset < 0) return sendBoxError(reply, 400, 'bad_request', 'Invalid value for offset');
  if (offset > OFFSET_MAX) return sendBoxError(reply, 400, 'bad_request', 'offset can not exceed 10000: use marker-based paging');
  return reply.send({ total_count: items.length, entries: items.slice(offset, offset + size), offset, limit: size, order: [{ by: 'id', direction: 'ASC' }] });
}

/** Users, groups, memberships, the collaboration allow-list, and the user governance calls. */
export function directoryRoutes(app: FastifyInstance, state: BoxState): void {
  app.get('/2.0/users/me', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const admin = state.tenant.users[state.tenant.adminIndex] as SimUser;
    const service = { ...fullUser(state, admin), id: '30000000001', name: 'Parapet Service Account', login: `AutomationUser_${state.tenant.clientId.slice(0, 6)}@boxdevedition.com`, role: 'coadmin', is_platform_access_only: true };
    return reply.send(pickFields(service, USER_DEFAULTS, q.fields));
  });

  app.get('/2.0/users', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const type = q.user_type ?? 'all';
    if (!['all', 'managed', 'external'].includes(type)) return sendBoxError(reply, 400, 'bad_request', 'Invalid value for user_type');
    const term = q.filter_term?.toLowerCase();
    let items: Record<string, unknown>[] = [];
    if (type !== 'external') items = state.tenant.users.filter((u) => !term || u.person.email.startsWith(term) || `${u.person.firstName} ${u.person.lastName}`.toLowerCase().startsWith(term)).map((u) => fullUser(state, u));
    // External users are only found by their exact login.
    if (type !== 'managed' && term) items.push(...state.tenant.externals.filter((u) => u.login === term).map(externalUser));
    return page(reply, items.map((u) => pickFields(u, USER_DEFAULTS, q.fields)), q, 1000, 100);
  });

  app.get('/2.0/users/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    const u = state.user(id);
    if (!u) return sendBoxError(reply, 404, 'not_found', 'Not Found');
    return reply.send(pickFields(fullUser(state, u), USER_DEFAULTS, (req.query as Record<string, string | undefined>).fields));
  });

  app.put('/2.0/users/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    const u = state.user(id);
    if (!u) return sendBoxError(reply, 404, 'not_found', 'Not Found');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const admin = state.tenant.users[state.tenant.adminIndex] as SimUser;
    if (body.status !== undefined) {
      if (!['active', 'inactive', 'cannot_delete_edit', 'cannot_delete_edit_upload'].includes(String(body.status))) return sendBoxError(reply, 400, 'bad_request', 'Invalid value for status');
      if (u.role === 'admin') return sendBoxError(reply, 403, 'access_denied_insufficient_permissions', 'The primary admin cannot be deactivated');
      u.status = body.status === 'inactive' ? 'inactive' : 'active';
      if (u.status === 'inactive') u.sessions = 0;
      state.append({ type: 'EDIT_USER', by: admin, source: userSource(u), details: { status: u.status } });
    }
    if (body.role !== undefined) {
      if (body.role !== 'coadmin' && body.role !== 'user') return sendBoxError(reply, 400, 'bad_request', 'role can only be set to coadmin or user');
      u.role = body.role;
      state.append({ type: 'CHANGE_ADMIN_ROLE', by: admin, source: userSource(u), details: { new_role: body.role } });
    }
    return reply.send(fullUser(state, u));
  });

  app.post('/2.0/users/terminate_sessions', async (req, reply) => {
    const body = (req.body ?? {}) as { user_ids?: unknown; user_logins?: unknown };
    if (!Array.isArray(body.user_ids) || !Array.isArray(body.user_logins)) return sendBoxError(reply, 400, 'bad_request', 'user_ids and user_logins are required');
    const ids = new Set(body.user_ids.map(String));
    const logins = new Set(body.user_logins.map((l) => String(l).toLowerCase()));
    const users = state.tenant.users.filter((u) => ids.has(u.id) || logins.has(u.person.email));
    if (users.length === 0) return sendBoxError(reply, 404, 'not_found', 'No user matches the ids or logins given');
    for (const u of users) {
      u.sessions = 0;
      state.terminated.push({ userId: u.id, at: Date.now() });
    }
    return reply.code(202).send({ message: 'Request is successful, please check the admin events for the status of the job' });
  });

  app.get('/2.0/groups', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const items = state.tenant.groups.map((g) => pickFields({ type: 'group', id: g.id, name: g.name, group_type: 'managed_group', description: '', provenance: 'Parapet demo', created_at: '2024-01-09T10:00:00-08:00', modified_at: '2025-02-01T12:00:00-08:00' }, GROUP_DEFAULTS, q.fields));
    return page(reply, items, q, 1000, 100);
  });

  app.get('/2.0/groups/:id/memberships', async (req, reply) => {
    const { id } = req.params as { id: string };
    const group = state.tenant.groups.find((g) => g.id === id);
    if (!group) return sendBoxError(reply, 404, 'not_found', 'Not Found');
    const items = group.members.map((m) => {
      const u = state.user(m.userId) as SimUser;
      return { type: 'group_membership', id: m.membershipId, user: { type: 'user', id: u.id, name: `${u.person.firstName} ${u.person.lastName}`, login: u.person.email }, group: { type: 'group', id: group.id, name: group.name, group_type: 'managed_group' }, role: m.role, created_at: '2024-01-09T10:00:00-08:00', modified_at: '2024-01-09T10:00:00-08:00' };
    });
    return page(reply, items, req.query as Record<string, string | undefined>, 1000, 100);
  });

  app.get('/2.0/collaboration_whitelist_entries', async (req, reply) => {
    const items = state.tenant.allowlist.map((e) => ({ type: 'collaboration_whitelist_entry', id: e.id, domain: e.domain, direction: e.direction, enterprise: { type: 'enterprise', id: state.tenant.enterprise.id, name: state.tenant.enterprise.name }, created_at: '2024-05-02T09:00:00-07:00' }));
    return page(reply, items, { ...(req.query as Record<string, string | undefined>), usemarker: 'true' }, 100, 100);
  });
}
