import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZoomState } from '../state.js';
import { ADMIN_ROLE, OWNER_ROLE, userJson, type SimUser } from '../tenant.js';
import { decodeCursor, encodeCursor, pageSizeOf, zoomError } from './errors.js';

/** One page of a list by offset, with Zoom's `page_count`/`page_number`/`total_records`/`next_page_token`. */
function listPage<T>(reply: FastifyReply, state: ZoomState, query: string, items: T[], q: Record<string, string | undefined>): { slice: T[]; meta: Record<string, unknown> } | null {
  const size = pageSizeOf(q.page_size, 300);
  if (size === null) {
    zoomError(reply, 400, 300, 'Invalid field: page_size must be 1..300.');
    return null;
  }
  let offset = 0;
  if (q.next_page_token) {
    const cursor = decodeCursor(q.next_page_token);
    if (!cursor || cursor.q !== query || cursor.o === undefined || Date.now() - cursor.i > (state.options.pageTokenTtlMs ?? 15 * 60_000)) {
      zoomError(reply, 400, 300, 'The next page token is invalid or expired.');
      return null;
    }
    offset = cursor.o;
  } else if (q.page_number) {
    offset = (Math.max(1, Number(q.page_number) || 1) - 1) * size;
  }
  const slice = items.slice(offset, offset + size);
  const next = offset + size < items.length ? encodeCursor({ q: query, o: offset + size, i: Date.now() }) : '';
  return { slice, meta: { page_count: Math.max(1, Math.ceil(items.length / size)), page_number: Math.floor(offset / size) + 1, page_size: size, total_records: items.length, next_page_token: next } };
}

const member = (u: SimUser) => ({ id: u.id, email: u.person.email, first_name: u.person.firstName, last_name: u.person.lastName, type: u.type });

/** Users (list, one, status, sign-out), groups, roles and account settings. */
export function apiRoutes(app: FastifyInstance, state: ZoomState): void {
  const { tenant } = state;

  app.get('/v2/users', async (req: FastifyRequest, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const status = q.status ?? 'active';
    if (!['active', 'inactive', 'pending'].includes(status)) return zoomError(reply, 400, 300, `Invalid field: status ${status}.`);
    const users =
      status === 'pending'
        ? tenant.pending.map((p) => ({ email: p.email, type: 2, status: 'pending', role_id: '2', created_at: new Date(state.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'), group_ids: [], im_group_ids: [] }))
        : tenant.users.filter((u) => u.status === status && (!q.role_id || u.roleId === q.role_id)).map((u) => userJson(u, tenant));
    const page = listPage(reply, state, `users|${status}|${q.role_id ?? ''}`, users, q);
    if (!page) return reply;
    return reply.send({ ...page.meta, users: page.slice });
  });

  app.get('/v2/users/:userId', async (req: FastifyRequest<{ Params: { userId: string } }>, reply) => {
    const user = req.params.userId === 'me' ? state.owner : state.userByIdOrEmail(req.params.userId);
    if (!user) return zoomError(reply, 404, 1001, `User does not exist: ${req.params.userId}.`);
    const role = tenant.roles.find((r) => r.id === user.roleId);
    return reply.send({ ...userJson(user, tenant), role_name: role?.name ?? 'Member', login_types: [101], job_title: '' });
  });

  app.put('/v2/users/:userId/status', async (req: FastifyRequest<{ Params: { userId: string } }>, reply) => {
    const user = state.userByIdOrEmail(req.params.userId);
    if (!user) return zoomError(reply, 404, 1001, `User does not exist: ${req.params.userId}.`);
    const action = (req.body as { action?: unknown } | undefined)?.action;
    if (action !== 'activate' && action !== 'deactivate') return zoomError(reply, 400, 300, 'Invalid field: action must be activate or deactivate.');
    if (user.roleId === OWNER_ROLE || user.roleId === ADMIN_ROLE) return zoomError(reply, 400, 200, 'Zoom Room and Admin users’ status cannot be activated or deactivated.');
    const next = action === 'activate' ? 'active' : 'inactive';
    if (user.status !== next) {
      user.status = next;
      state.log('User', 'Update', `${action === 'activate' ? 'Activate' : 'Deactivate'} User ${user.person.email}`);
    }
    return reply.code(204).send();
  });

  app.delete('/v2/users/:userId/token', async (req: FastifyRequest<{ Params: { userId: string } }>, reply) => {
    const user = state.userByIdOrEmail(req.params.userId);
    if (!user) return zoomError(reply, 404, 1001, `User does not exist: ${req.params.userId}.`);
    user.signedOut += 1;
    state.log('User', 'Update', `Sign out user from all devices ${user.person.email}`);
    return reply.code(204).send();
  });

  app.get('/v2/groups', async () => ({
    total_records: tenant.groups.length,
    groups: tenant.groups.map((g) => ({ id: g.id, name: g.name, total_members: tenant.users.filter((u) => u.groupIds.includes(g.id)).length })),
  }));

  app.get('/v2/groups/:groupId/members', async (req: FastifyRequest<{ Params: { groupId: string } }>, reply) => {
    const group = tenant.groups.find((g) => g.id === req.params.groupId);
    if (!group) return zoomError(reply, 404, 4130, `Group does not exist: ${req.params.groupId}.`);
    const page = listPage(reply, state, `group|${group.id}`, tenant.users.filter((u) => u.groupIds.includes(group.id)).map(member), req.query as Record<string, string | undefined>);
    if (!page) return reply;
    return reply.send({ ...page.meta, members: page.slice });
  });

  const holders = (roleId: string) => tenant.users.filter((u) => u.roleId === roleId && u.status !== 'pending');
  app.get('/v2/roles', async () => ({
    total_records: tenant.roles.length,
    roles: tenant.roles.map((r) => ({ id: r.id, name: r.name, description: r.description, total_members: holders(r.id).length })),
  }));

  app.get('/v2/roles/:roleId', async (req: FastifyRequest<{ Params: { roleId: string } }>, reply) => {
    const role = tenant.roles.find((r) => r.id === req.params.roleId);
    if (!role) return zoomError(reply, 400, 1034, `Role does not exist: ${req.params.roleId}.`);
    return reply.send({ id: role.id, name: role.name, description: role.description, total_members: holders(role.id).length, privileges: role.privileges, sub_account_privileges: { second_level: 0 } });
  });

  app.get('/v2/roles/:roleId/members', async (req: FastifyRequest<{ Params: { roleId: string } }>, reply) => {
    const role = tenant.roles.find((r) => r.id === req.params.roleId);
    if (!role) return zoomError(reply, 400, 1034, `Role does not exist: ${req.params.roleId}.`);
    const page = listPage(reply, state, `role|${role.id}`, holders(role.id).map((u) => ({ ...member(u), department: u.person.index < 4 ? 'IT' : 'Legal' })), req.query as Record<string, string | undefined>);
    if (!page) return reply;
    return reply.send({ ...page.meta, members: page.slice });
  });

  app.get('/v2/accounts/:accountId/settings', async (req: FastifyRequest<{ Params: { accountId: string } }>, reply) => {
    if (req.params.accountId !== 'me' && req.params.accountId !== tenant.accountId) return zoomError(reply, 404, 2001, 'Account does not exist.');
    if (state.options.freePlan) return zoomError(reply, 400, 200, 'Only available for Paid account.');
    const option = (req.query as { option?: string }).option;
    if (option === 'security') return reply.send({ security: tenant.settings.security });
    if (option === 'meeting_security') return reply.send({ meeting_security: tenant.settings.meeting_security });
    if (option !== undefined && option !== '') return zoomError(reply, 400, 300, `Invalid field: option ${option}.`);
    return reply.send(tenant.settings.account);
  });
}
