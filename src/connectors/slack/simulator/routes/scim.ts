import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { userRef } from '../entries.js';
import type { SlackState } from '../state.js';
import { roleFlags, type SimGroup, type SimUser } from '../tenant.js';

const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** SCIM 2.0 errors: `{schemas:[Error], detail, status}`. */
export function scimError(reply: FastifyReply, status: number, detail: string) {
  return reply.code(status).send({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], detail, status: String(status) });
}

export function scimUser(state: SlackState, user: SimUser): Record<string, unknown> {
  const { person } = user;
  const flags = roleFlags(user.role);
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
    id: user.id,
    externalId: `okta-${person.index}`,
    userName: person.email.split('@')[0],
    nickName: person.firstName.toLowerCase(),
    name: { givenName: person.firstName, familyName: person.lastName },
    displayName: `${person.firstName} ${person.lastName}`,
    title: flags.is_admin ? 'IT' : '',
    active: user.active,
    emails: [{ value: person.email, primary: true }],
    userType: user.role === 'guest' ? 'multi_channel_guest' : 'member',
    groups: state.tenant.groups.filter((g) => g.memberIds.includes(user.id)).map((g) => ({ value: g.id, display: g.displayName })),
    meta: { created: new Date(user.created).toISOString(), location: `https://api.slack.com/scim/v2/Users/${user.id}` },
  };
}

function scimGroup(state: SlackState, group: SimGroup): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
    id: group.id,
    displayName: group.displayName,
    members: group.memberIds.map((id) => ({ value: id, display: state.userById(id)?.person.email ?? id })),
    meta: { created: new Date(state.now() - 400 * 86_400_000).toISOString(), location: `https://api.slack.com/scim/v2/Groups/${group.id}` },
  };
}

function authorised(state: SlackState, req: FastifyRequest, reply: FastifyReply): boolean {
  const kind = state.tokenKind(req.headers.authorization);
  if (kind === null) {
    scimError(reply, 401, 'invalid_authentication');
    return false;
  }
  if (kind !== 'admin') {
    scimError(reply, 403, 'missing_scope: admin');
    return false;
  }
  return true;
}

function page<T>(req: FastifyRequest, reply: FastifyReply, items: T[], render: (t: T) => Record<string, unknown>) {
  const query = req.query as Record<string, string | undefined>;
  const startIndex = query.startIndex === undefined ? 1 : Number(query.startIndex);
  const count = query.count === undefined ? 100 : Number(query.count);
  if (!Number.isInteger(startIndex) || startIndex < 1 || !Number.isInteger(count) || count < 0) return scimError(reply, 400, 'startIndex must be 1 or more and count 0 or more');
  const slice = items.slice(startIndex - 1, startIndex - 1 + Math.min(count, 1000));
  return reply.send({ schemas: [LIST], totalResults: items.length, itemsPerPage: slice.length, startIndex, Resources: slice.map(render) });
}

/** SCIM v2 Users and Groups (1-based `startIndex` + `count` paging) and deactivation. */
export function scimRoutes(app: FastifyInstance, state: SlackState): void {
  app.get('/scim/v2/Users', async (req, reply) => {
    if (!authorised(state, req, reply)) return reply;
    return page(req, reply, state.tenant.users, (u) => scimUser(state, u));
  });
  app.get('/scim/v2/Groups', async (req, reply) => {
    if (!authorised(state, req, reply)) return reply;
    return page(req, reply, state.tenant.groups, (g) => scimGroup(state, g));
  });
  app.get('/scim/v2/Users/:id', async (req, reply) => {
    if (!authorised(state, req, reply)) return reply;
    const user = state.userById((req.params as { id: string }).id);
    return user ? reply.send(scimUser(state, user)) : scimError(reply, 404, 'User not found');
  });

  const setActive = (req: FastifyRequest, reply: FastifyReply, active: boolean) => {
    const user = state.userById((req.params as { id: string }).id);
    if (!user) return scimError(reply, 404, 'User not found');
    if (user.role === 'primary_owner' && !active) return scimError(reply, 403, 'The primary owner cannot be deactivated');
    if (user.active !== active) {
      user.active = active;
      state.append({ action: active ? 'user_reactivated' : 'user_deactivated', actor: state.owner, entity: { type: 'user', value: userRef(user, state.tenant) }, ip: null, ua: 'SCIM' });
    }
    return reply.send(scimUser(state, user));
  };
  app.patch('/scim/v2/Users/:id', async (req, reply) => {
    if (!authorised(state, req, reply)) return reply;
    const ops = (req.body as { Operations?: { op?: string; path?: string; value?: unknown }[] } | undefined)?.Operations;
    const op = Array.isArray(ops) ? ops.find((o) => String(o.op).toLowerCase() === 'replace') : undefined;
    const value = op?.path === 'active' ? op.value : (op?.value as { active?: unknown } | undefined)?.active;
    if (typeof value !== 'boolean') return scimError(reply, 400, 'PATCH needs Operations [{op:"replace", path:"active", value:true|false}]');
    return setActive(req, reply, value);
  });
  app.delete('/scim/v2/Users/:id', async (req, reply) => {
    if (!authorised(state, req, reply)) return reply;
    return setActive(req, reply, false);
  });
}
