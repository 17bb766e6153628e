import type { FastifyInstance } from 'fastify';
import type { SimulatorState } from '../state.js';
import { sendError } from '../wire.js';

const SCIM_DOCS = 'https://docs.github.com/enterprise-cloud@latest/rest/enterprise-admin/scim';

/** Enterprise SCIM users, only when the simulator plays an Enterprise Managed Users enterprise. */
export function scimRoutes(app: FastifyInstance, state: SimulatorState): void {
  const enterprise = state.options.emuEnterprise;
  const scimUser = (login: string) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    id: `scim-${login}`,
    externalId: `ext-${login}`,
    userName: login,
    active: !state.suspendedLogins.has(login),
    meta: { resourceType: 'User' },
  });
  app.get<{ Params: { enterprise: string }; Querystring: { filter?: string } }>('/scim/v2/enterprises/:enterprise/Users', async (req, reply) => {
    if (!enterprise || req.params.enterprise !== enterprise) return sendError(reply, 404, 'Not Found', SCIM_DOCS);
    const wanted = /^userName eq "([^"]+)"$/.exec(req.query.filter ?? '')?.[1];
    const users = state.users().filter((u) => u.person && (!wanted || u.login === wanted));
    return reply.header('content-type', 'application/scim+json').send({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: users.length, itemsPerPage: users.length, startIndex: 1, Resources: users.map((u) => scimUser(u.login)) });
  });
  app.patch<{ Params: { enterprise: string; id: string }; Body: { Operations?: { op: string; path?: string; value?: unknown }[] } }>('/scim/v2/enterprises/:enterprise/Users/:id', async (req, reply) => {
    if (!enterprise || req.params.enterprise !== enterprise) return sendError(reply, 404, 'Not Found', SCIM_DOCS);
    const login = req.params.id.replace(/^scim-/, '');
    if (!state.users().some((u) => u.login === login)) return sendError(reply, 404, 'Not Found', SCIM_DOCS);
    for (const op of req.body?.Operations ?? []) {
      if (op.path === 'active' && op.value === false) state.suspendedLogins.add(login);
      if (op.path === 'active' && op.value === true) state.suspendedLogins.delete(login);
    }
    return reply.header('content-type', 'application/scim+json').send(scimUser(login));
  });
}
