import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AtlassianState } from '../state.js';
import { authorize, badRequest, query, sendError } from '../wire.js';

const USERS_PAGE = 100;

/** The org, its managed accounts (v1, snake_case, `links.next` a full URL), policies and v1 suspend/restore. */
export function orgRoutes(app: FastifyInstance, state: AtlassianState): void {
  const { tenant } = state;

  // ACCESS-966: an org API key lists no orgs.
  app.get('/admin/v1/orgs', async (req, reply) => {
    if (!authorize(state, req, reply)) return reply;
    return reply.send({ data: [], links: { self: `${state.baseUrl}${req.url}` }, meta: null });
  });

  app.get('/admin/v1/orgs/:orgId', async (req, reply) => {
    if (!authorize(state, req, reply)) return reply;
    return reply.send({ data: { id: tenant.org.id, type: 'orgs', attributes: { name: tenant.org.name }, relationships: {}, links: { self: `${state.baseUrl}/admin/v1/orgs/${tenant.org.id}` } } });
  });

  app.get('/admin/v1/orgs/:orgId/users', async (req, reply) => {
    if (!authorize(state, req, reply)) return reply;
    const q = query(req);
    const start = q.cursor ? Number(Buffer.from(q.cursor, 'base64url').toString('utf8')) : 0;
    if (!Number.isInteger(start) || start < 0) return badRequest(reply, 'The cursor is invalid.');
    const size = Math.min(USERS_PAGE, state.options.pageSize ?? USERS_PAGE);
    const page = tenant.users.slice(start, start + size);
    const more = start + size < tenant.users.length;
    const next = `${state.baseUrl}/admin/v1/orgs/${tenant.org.id}/users?cursor=${Buffer.from(String(start + size)).toString('base64url')}`;
    return reply.send({
      data: page.map((u) => ({
        account_id: u.accountId,
        account_type: 'atlassian',
        account_status: 'active',
        name: `${u.person.firstName} ${u.person.lastName}`,
        picture: `https://avatar-management.services.atlassian.com/${u.accountId}/128`,
        email: u.person.email,
        access_billable: u.membership === 'active',
        last_active: new Date(state.now() - (u.person.index % 5) * 3_600_000).toISOString(),
        product_access: u.membership === 'active' ? u.products.map((key) => ({ key, name: key === 'confluence' ? 'Confluence' : 'Jira Software', url: tenant.site.url, last_active: new Date(state.now()).toISOString().slice(0, 10) })) : [],
        links: { self: `${state.baseUrl}/users/${u.accountId}/manage/profile` },
      })),
      links: { self: `${state.baseUrl}${req.url}`, ...(more ? { next } : {}) },
      meta: { total: tenant.users.length },
    });
  });

  app.get('/admin/v1/orgs/:orgId/policies', async (req, reply) => {
    if (!authorize(state, req, reply)) return reply;
    const type = query(req).type;
    if (type !== undefined && !['ip-allowlist', 'data-residency'].includes(type)) return badRequest(reply, `Unknown policy type ${type}.`);
    const policies = type === 'data-residency' ? [] : tenant.ipAllowlists;
    return reply.send({
      data: policies.map((p) => ({ id: p.id, type: 'policies', attributes: { type: 'ip-allowlist', name: p.name, status: p.status, rule: { ipRanges: ['62.216.28.0/24'] }, resources: [{ id: tenant.site.id }] } })),
      links: { self: `${state.baseUrl}${req.url}` },
      meta: {},
    });
  });

  const setMembership = (suspend: boolean) => async (req: FastifyRequest, reply: FastifyReply) => {
    if (!authorize(state, req, reply)) return reply;
    const { accountId } = req.params as { accountId: string };
    const user = state.user(accountId);
    if (!user) return sendError(reply, 404, 'ADMIN-404', 'NOT_FOUND', `No managed account ${accountId} in this directory.`);
    const wanted = suspend ? 'suspended' : 'active';
    if (user.membership !== wanted) {
      user.membership = wanted;
      state.append({ action: suspend ? 'user_access_suspended' : 'user_access_restored', actor: state.owner, context: [{ id: user.accountId, type: 'users' }] });
    }
    return reply.send({ message: `${suspend ? 'Suspended' : 'Restored'} access for ${accountId}` });
  };
  app.post('/admin/v1/orgs/:orgId/directory/users/:accountId/suspend-access', setMembership(true));
  app.post('/admin/v1/orgs/:orgId/directory/users/:accountId/restore-access', setMembership(false));
}
