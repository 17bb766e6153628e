import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimulatorState } from '../state.js';
import type { SimUser } from '../tenant.js';
import { decodeToken, encodeToken, insufficientScopes, invalidCredentials, sendGoogleError } from '../wire.js';

const AUTH = 'https://www.googleapis.com/auth/';
const USER_READ = [`${AUTH}admin.directory.user.readonly`, `${AUTH}admin.directory.user`];
const USER_WRITE = [`${AUTH}admin.directory.user`];
const SECURITY = [`${AUTH}admin.directory.user.security`];
const GROUP_READ = [`${AUTH}admin.directory.group.readonly`, `${AUTH}admin.directory.group`];
const ROLE_READ = [`${AUTH}admin.directory.rolemanagement.readonly`, `${AUTH}admin.directory.rolemanagement`];
const DOMAIN_READ = [`${AUTH}admin.directory.domain.readonly`, `${AUTH}admin.directory.domain`];
export const POLICY_READ = [`${AUTH}cloud-identity.policies.readonly`, `${AUTH}cloud-identity.policies`];
export const REPORTS_READ = [`${AUTH}admin.reports.audit.readonly`];

const iso = (ms: number | null) => (ms === null ? '1970-01-01T00:00:00.000Z' : new Date(ms).toISOString());
const etag = (s: string) => `"${Buffer.from(s).toString('base64url').slice(0, 27)}"`;

/** Resolves the bearer token and checks one of `scopes`; answers 401/403 itself when it fails. */
export function authorize(state: SimulatorState, req: FastifyRequest, reply: FastifyReply, scopes: readonly string[]): { sub: string } | null {
  const token = state.resolveToken(req.headers.authorization);
  if (!token) {
    invalidCredentials(reply);
    return null;
  }
  if (!scopes.some((s) => token.scopes.has(s))) {
    insufficientScopes(reply);
    return null;
  }
  return { sub: token.sub };
}

export function userResource(state: SimulatorState, u: SimUser): Record<string, unknown> {
  return {
    kind: 'admin#directory#user',
    id: u.id,
    etag: etag(`${u.id}${u.suspended}`),
    primaryEmail: u.email,
    name: { givenName: u.firstName, familyName: u.lastName, fullName: `${u.firstName} ${u.lastName}` },
    isAdmin: u.superAdmin,
    isDelegatedAdmin: u.delegatedAdmin,
    lastLoginTime: iso(u.lastLoginTime),
    creationTime: iso(u.creationTime),
    agreedToTerms: true,
    suspended: u.suspended,
    ...(u.suspended ? { suspensionReason: u.suspensionReason ?? 'ADMIN' } : {}),
    archived: false,
    changePasswordAtNextLogin: false,
    ipWhitelisted: false,
    emails: [{ address: u.email, primary: true }],
    customerId: state.tenant.customerId,
    orgUnitPath: u.orgUnitPath,
    isMailboxSetup: true,
    isEnrolledIn2Sv: u.enrolled2sv,
    isEnforcedIn2Sv: u.enforced2sv,
    includeInGlobalAddressList: true,
  };
}

/** One page of `items` from an offset token. */
function page<T>(items: readonly T[], token: string | undefined, max: number): { slice: T[]; next: string | null } | 'invalid' {
  const decoded = decodeToken<{ o: number }>(token);
  if (decoded === 'invalid') return 'invalid';
  const offset = decoded?.o ?? 0;
  const slice = items.slice(offset, offset + max);
  return { slice, next: offset + max < items.length ? encodeToken({ o: offset + max }) : null };
}

const maxResults = (value: unknown, limit: number, fallback: number) => {
  const n = Number(value ?? fallback);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, limit) : fallback;
};

/** Admin SDK Directory: users (list, get, patch suspend, signOut), tokens, groups, members, roles, domains. */
export function directoryRoutes(app: FastifyInstance, state: SimulatorState): void {
  const { tenant } = state;
  const customerOk = (c: unknown) => c === 'my_customer' || c === tenant.customerId;
  const badCustomer = (reply: FastifyReply) => sendGoogleError(reply, 400, 'badRequest', 'Bad Request');
  const invalidToken = (reply: FastifyReply) => sendGoogleError(reply, 400, 'invalid', 'Invalid Input: pageToken');

  app.get('/admin/directory/v1/users', async (req, reply) => {
    if (!authorize(state, req, reply, USER_READ)) return reply;
    const q = req.query as Record<string, string | undefined>;
    if (!customerOk(q.customer) && !q.domain) return badCustomer(reply);
    const users = [...tenant.users].sort((a, b) => a.email.localeCompare(b.email));
    const p = page(users, q.pageToken, maxResults(q.maxResults, 500, 100));
    if (p === 'invalid') return invalidToken(reply);
    return { kind: 'admin#directory#users', etag: etag(`users${p.slice.length}`), ...(p.slice.length ? { users: p.slice.map((u) => userResource(state, u)) } : {}), ...(p.next ? { nextPageToken: p.next } : {}) };
  });

  const findUser = (req: FastifyRequest, reply: FastifyReply): SimUser | null => {
    const key = (req.params as { userKey: string }).userKey;
    const user = state.userByKey(key);
    if (!user) {
      sendGoogleError(reply, 404, 'notFound', 'Resource Not Found: userKey');
      return null;
    }
    return user;
  };

  app.get('/admin/directory/v1/users/:userKey', async (req, reply) => {
    if (!authorize(state, req, reply, USER_READ)) return reply;
    const user = findUser(req, reply);
    return user ? userResource(state, user) : reply;
  });

  app.patch('/admin/directory/v1/users/:userKey', async (req, reply) => {
    const caller = authorize(state, req, reply, USER_WRITE);
    if (!caller) return reply;
    const user = findUser(req, reply);
    if (!user) return reply;
    const body = (req.body ?? {}) as { suspended?: unknown };
    if (body.suspended !== undefined && typeof body.suspended !== 'boolean') return sendGoogleError(reply, 400, 'invalid', 'Invalid Input: suspended');
    if (typeof body.suspended === 'boolean' && body.suspended !== user.suspended) {
      user.suspended = body.suspended;
      user.suspensionReason = body.suspended ? 'ADMIN' : null;
      state.logAdminEvent(caller.sub, body.suspended ? 'SUSPEND_USER' : 'UNSUSPEND_USER', { USER_EMAIL: user.email });
    }
    return userResource(state, user);
  });

  app.post('/admin/directory/v1/users/:userKey/signOut', async (req, reply) => {
    if (!authorize(state, req, reply, SECURITY)) return reply;
    const user = findUser(req, reply);
    if (!user) return reply;
    state.signOuts.push(user.id);
    return reply.code(204).send();
  });

  app.get('/admin/directory/v1/users/:userKey/tokens', async (req, reply) => {
    if (!authorize(state, req, reply, SECURITY)) return reply;
    const user = findUser(req, reply);
    if (!user) return reply;
    const tokens = tenant.tokens.get(user.id) ?? [];
    return {
      kind: 'admin#directory#tokenList',
      etag: etag(`tokens${user.id}${tokens.length}`),
      ...(tokens.length
        ? { items: tokens.map((t) => ({ kind: 'admin#directory#token', etag: etag(t.clientId), clientId: t.clientId, displayText: t.displayText, anonymous: false, nativeApp: t.nativeApp, userKey: user.id, scopes: t.scopes })) }
        : {}),
    };
  });

  app.delete('/admin/directory/v1/users/:userKey/tokens/:clientId', async (req, reply) => {
    if (!authorize(state, req, reply, SECURITY)) return reply;
    const user = findUser(req, reply);
    if (!user) return reply;
    const { clientId } = req.params as { clientId: string };
    const tokens = tenant.tokens.get(user.id) ?? [];
    if (!tokens.some((t) => t.clientId === clientId)) return sendGoogleError(reply, 404, 'notFound', 'Resource Not Found: clientId');
    tenant.tokens.set(user.id, tokens.filter((t) => t.clientId !== clientId));
    return reply.code(204).send();
  });

  app.get('/admin/directory/v1/groups', async (req, reply) => {
    if (!authorize(state, req, reply, GROUP_READ)) return reply;
    const q = req.query as Record<string, string | undefined>;
    if (!customerOk(q.customer) && !q.domain && !q.userKey) return badCustomer(reply);
    const p = page(tenant.groups, q.pageToken, maxResults(q.maxResults, 200, 200));
    if (p === 'invalid') return invalidToken(reply);
    const groups = p.slice.map((g) => ({ kind: 'admin#directory#group', id: g.id, etag: etag(g.id), email: g.email, name: g.name, directMembersCount: String(g.members.length), description: '', adminCreated: true }));
    return { kind: 'admin#directory#groups', etag: etag('groups'), ...(groups.length ? { groups } : {}), ...(p.next ? { nextPageToken: p.next } : {}) };
  });

  app.get('/admin/directory/v1/groups/:groupKey/members', async (req, reply) => {
    if (!authorize(state, req, reply, GROUP_READ)) return reply;
    const { groupKey } = req.params as { groupKey: string };
    const group = tenant.groups.find((g) => g.id === groupKey || g.email === groupKey.toLowerCase());
    if (!group) return sendGoogleError(reply, 404, 'notFound', 'Resource Not Found: groupKey');
    const q = req.query as Record<string, string | undefined>;
    const p = page(group.members, q.pageToken, maxResults(q.maxResults, 200, 200));
    if (p === 'invalid') return invalidToken(reply);
    const members = p.slice.map((m) => {
      const u = tenant.users[m.userIndex] as SimUser;
      return { kind: 'admin#directory#member', etag: etag(u.id), id: u.id, email: u.email, role: m.role, type: 'USER', status: u.suspended ? 'SUSPENDED' : 'ACTIVE' };
    });
    return { kind: 'admin#directory#members', etag: etag('members'), ...(members.length ? { members } : {}), ...(p.next ? { nextPageToken: p.next } : {}) };
  });

  app.get('/admin/directory/v1/customer/:customer/roles', async (req, reply) => {
    if (!authorize(state, req, reply, ROLE_READ)) return reply;
    if (!customerOk((req.params as { customer: string }).customer)) return badCustomer(reply);
    const q = req.query as Record<string, string | undefined>;
    const p = page(tenant.roles, q.pageToken, maxResults(q.maxResults, 100, 100));
    if (p === 'invalid') return invalidToken(reply);
    const items = p.slice.map((r) => ({ kind: 'admin#directory#role', etag: etag(r.roleId), ...r, rolePrivileges: [] }));
    return { kind: 'admin#directory#roles', etag: etag('roles'), ...(items.length ? { items } : {}), ...(p.next ? { nextPageToken: p.next } : {}) };
  });

  app.get('/admin/directory/v1/customer/:customer/roleassignments', async (req, reply) => {
    if (!authorize(state, req, reply, ROLE_READ)) return reply;
    if (!customerOk((req.params as { customer: string }).customer)) return badCustomer(reply);
    const q = req.query as Record<string, string | undefined>;
    const p = page(tenant.roleAssignments, q.pageToken, maxResults(q.maxResults, 200, 100));
    if (p === 'invalid') return invalidToken(reply);
    const items = p.slice.map((a) => ({ kind: 'admin#directory#roleAssignment', etag: etag(a.roleAssignmentId), ...a, assigneeType: 'user' }));
    return { kind: 'admin#directory#roleAssignments', etag: etag('ra'), ...(items.length ? { items } : {}), ...(p.next ? { nextPageToken: p.next } : {}) };
  });

  app.get('/admin/directory/v1/customer/:customer/domains', async (req, reply) => {
    if (!authorize(state, req, reply, DOMAIN_READ)) return reply;
    if (!customerOk((req.params as { customer: string }).customer)) return badCustomer(reply);
    return {
      kind: 'admin#directory#domains',
      etag: etag('domains'),
      domains: [
        { kind: 'admin#directory#domain', domainName: tenant.domain, isPrimary: true, verified: true, creationTime: String(tenant.builtAt - 2000 * 86_400_000) },
        { kind: 'admin#directory#domain', domainName: `northwind-legal-old.example`, isPrimary: false, verified: false, creationTime: String(tenant.builtAt - 90 * 86_400_000) },
      ],
    };
  });
}
