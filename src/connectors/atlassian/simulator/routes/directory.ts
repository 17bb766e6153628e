import type { FastifyInstance } from 'fastify';
import { ROLE_DISPLAY, type SimUser } from '../tenant.js';
import type { AtlassianState } from '../state.js';
import { authorize, badRequest, decodeCursor, encodeCursor, sendError } from '../wire.js';

const MAX = 100;

interface Search {
  cursor?: string;
  limit?: number;
  accountIds?: string[];
  mfaEnabled?: boolean;
  expand?: string[];
}

/** The v2 directory searches (camelCase; `links.next` a bare cursor, digest §3). */
export function directoryRoutes(app: FastifyInstance, state: AtlassianState): void {
  const { tenant } = state;
  const checkDirectory = (params: unknown, reply: Parameters<typeof sendError>[0]) => {
    const dir = (params as { directoryId: string }).directoryId;
    if (dir !== '-' && dir !== tenant.directoryId) {
      sendError(reply, 404, 'ADMIN-404', 'NOT_FOUND', `Directory ${dir} not found.`);
      return false;
    }
    return true;
  };

  /** One page of `items`; the cursor carries the query it belongs to. */
  function paged<T>(body: Search, items: (q: Search) => T[]): { page: T[]; next: string | null } | 'invalid' {
    let q: Search & { o?: number } = body;
    if (body.cursor !== undefined) {
      const c = decodeCursor<Search & { o: number }>(body.cursor);
      if (!c || typeof c.o !== 'number') return 'invalid';
      q = c;
    }
    const limit = Math.min(q.limit ?? MAX, MAX, state.options.pageSize ?? MAX);
    if (!Number.isInteger(limit) || limit < 1) return 'invalid';
    const all = items(q);
    const offset = q.o ?? 0;
    const page = all.slice(offset, offset + limit);
    const more = offset + limit < all.length;
    const { cursor: _c, ...query } = q;
    return { page, next: more ? encodeCursor({ ...query, limit, o: offset + limit }) : null };
  }

  const view = (u: SimUser, expand: readonly string[]) => ({
    accountId: u.accountId,
    accountType: 'atlassian',
    accountStatus: 'active',
    membershipStatus: u.membership,
    claimStatus: 'managed',
    name: `${u.person.firstName} ${u.person.lastName}`,
    nickname: u.person.firstName,
    email: u.person.email,
    emailVerified: true,
    mfaEnabled: u.mfaEnabled,
    addedToOrg: '2023-04-01T09:00:00.000Z',
    ...(expand.includes('platformRoles') ? { platformRoles: u.roles.map((roleId) => ({ roleId, displayName: ROLE_DISPLAY[roleId] })) } : {}),
    ...(expand.includes('groups') ? { groups: u.groupIds.map((id) => ({ groupId: id, name: tenant.groups.find((g) => g.id === id)?.name ?? null })) } : {}),
  });

  app.post('/admin/v2/orgs/:orgId/directories/:directoryId/users/search', async (req, reply) => {
    if (!authorize(state, req, reply) || !checkDirectory(req.params, reply)) return reply;
    const body = (req.body ?? {}) as Search;
    const result = paged(body, (q) =>
      tenant.users.filter((u) => (!q.accountIds || q.accountIds.includes(u.accountId)) && (q.mfaEnabled === undefined || u.mfaEnabled === q.mfaEnabled)),
    );
    if (result === 'invalid') return badRequest(reply, 'The cursor or limit is invalid.');
    const expand = (body.cursor ? decodeCursor<Search>(body.cursor)?.expand : body.expand) ?? [];
    return reply.send({ data: result.page.map((u) => view(u, expand)), links: { self: `${state.baseUrl}${req.url}`, ...(result.next ? { next: result.next } : {}) } });
  });

  app.post('/admin/v2/orgs/:orgId/directories/:directoryId/groups/search', async (req, reply) => {
    if (!authorize(state, req, reply) || !checkDirectory(req.params, reply)) return reply;
    const result = paged((req.body ?? {}) as Search, () => tenant.groups);
    if (result === 'invalid') return badRequest(reply, 'The cursor or limit is invalid.');
    return reply.send({
      data: result.page.map((g) => ({ id: g.id, name: g.name, description: g.description, memberCount: tenant.users.filter((u) => u.groupIds.includes(g.id)).length })),
      links: { self: `${state.baseUrl}${req.url}`, ...(result.next ? { next: result.next } : {}) },
    });
  });

  app.get('/users/:accountId/manage/api-tokens', async (req, reply) => {
    if (!authorize(state, req, reply)) return reply;
    const user = state.user((req.params as { accountId: string }).accountId);
    if (!user) return sendError(reply, 404, 'ADMIN-404', 'NOT_FOUND', 'Account not found or not managed by this organization.');
    return reply.send(user.apiTokens.map((t) => ({ id: t.id, label: t.label, createdAt: new Date(t.createdAt).toISOString(), lastAccess: null, expiry: new Date(t.createdAt + 365 * 86_400_000).toISOString() })));
  });
}
