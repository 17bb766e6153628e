import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimulatorState } from '../state.js';
import type { SimAccount, SimMembership, SimUser } from '../tenant.js';
import { authenticate, esignTime, intParam, paramsOf, queryOf, requireScope, sendError, type Caller } from '../wire.js';

const ESIGN_MAX_COUNT = 100;

interface AccountCaller extends Caller {
  account: SimAccount;
  membership: SimMembership;
}

/** eSignature REST v2.1: account settings, password rules and the account's users (digest §4). */
export function esignatureRoutes(app: FastifyInstance, state: SimulatorState): void {
  const member = (req: FastifyRequest, reply: FastifyReply, adminOnly: boolean): AccountCaller | null => {
    const caller = authenticate(state, req, reply, 'esign');
    if (!caller || !requireScope(caller, 'signature', reply, 'esign')) return null;
    const accountId = paramsOf(req).accountId ?? '';
    const account = state.account(accountId);
    const membership = caller.user.memberships.find((m) => m.accountId === account?.id && m.status === 'active');
    if (!account || !membership) {
      sendError(reply, 400, 'esign', 'USER_DOES_NOT_BELONG_TO_SPECIFIED_ACCOUNT', 'The specified User is not a member of the specified Account.');
      return null;
    }
    if (adminOnly && !membership.isAdmin) {
      sendError(reply, 400, 'esign', 'USER_LACKS_PERMISSIONS', 'This user lacks sufficient permissions to access this resource.');
      return null;
    }
    return { ...caller, account, membership };
  };

  app.get('/restapi/v2.1/accounts/:accountId/settings', async (req, reply) => {
    const caller = member(req, reply, false);
    if (!caller) return reply;
    return reply.send(caller.account.settings);
  });

  app.get('/restapi/v2.1/accounts/:accountId/settings/password_rules', async (req, reply) => {
    const caller = member(req, reply, false);
    if (!caller) return reply;
    return reply.send(caller.account.passwordRules);
  });

  app.put('/restapi/v2.1/accounts/:accountId/settings/password_rules', async (req, reply) => {
    const caller = member(req, reply, true);
    if (!caller) return reply;
    const body = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return sendError(reply, 400, 'esign', 'INVALID_REQUEST_BODY', 'The request body is missing or improperly formatted.');
    }
    const rules = caller.account.passwordRules;
    for (const [field, value] of Object.entries(body as Record<string, unknown>)) {
      if (field.endsWith('Metadata') || !(field in rules)) continue;
      const next = typeof value === 'boolean' || typeof value === 'number' ? String(value) : value;
      if (typeof next !== 'string' || next === rules[field]) continue;
      const old = rules[field];
      rules[field] = next;
      state.append({
        site: caller.account.site,
        accountId: caller.account.id,
        organizationId: state.tenant.org.id,
        userId: caller.user.id,
        integratorKey: caller.token.integrationKey,
        userAgent: req.headers['user-agent'] ?? '',
        ip: req.ip,
        place: null,
        object: 'Account',
        action: 'SettingsUpdated',
        property: 'PasswordRules',
        field,
        result: 'Success',
        source: 'API',
        data: { OldValue: old, NewValue: next },
      });
    }
    return reply.send(rules);
  });

  app.get('/restapi/v2.1/accounts/:accountId/users', async (req, reply) => {
    const caller = member(req, reply, true);
    if (!caller) return reply;
    const q = queryOf(req);
    const count = intParam(q.count, ESIGN_MAX_COUNT, 1, ESIGN_MAX_COUNT);
    const start = intParam(q.start_position, 0, 0, Number.MAX_SAFE_INTEGER);
    if (count === null || start === null) {
      return sendError(reply, 400, 'esign', 'INVALID_REQUEST_PARAMETER', `count must be 1 to ${ESIGN_MAX_COUNT} and start_position a non-negative integer.`);
    }
    const statuses = q.status ? q.status.split(',').map((s) => s.trim().toLowerCase()) : null;
    const rows = state.tenant.users
      .flatMap((user) => user.memberships.filter((m) => m.accountId === caller.account.id).map((m) => ({ user, m })))
      .filter(({ user, m }) => (!statuses || statuses.includes(esignStatus(m).toLowerCase())) && (!q.email || user.email === q.email.toLowerCase()))
      .map(({ user, m }) => esignUser(state, caller.account, user, m));
    const page = rows.slice(start, start + count);
    const nextStart = start + count;
    const rest = (at: number) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(q)) if (v !== undefined && k !== 'start_position' && k !== 'count') params.set(k, v);
      params.set('start_position', String(at));
      params.set('count', String(count));
      return `/users?${params.toString()}`;
    };
    return reply.send({
      users: page,
      resultSetSize: String(page.length),
      totalSetSize: String(rows.length),
      startPosition: String(start),
      endPosition: String(Math.max(start, start + page.length - 1)),
      nextUri: nextStart < rows.length ? rest(nextStart) : '',
      previousUri: start > 0 ? rest(Math.max(0, start - count)) : '',
    });
  });

  app.delete('/restapi/v2.1/accounts/:accountId/users', async (req, reply) => {
    const caller = member(req, reply, true);
    if (!caller) return reply;
    const body = req.body as { users?: unknown } | undefined;
    if (!body || !Array.isArray(body.users)) return sendError(reply, 400, 'esign', 'INVALID_REQUEST_BODY', 'The request body must list users: {"users":[{"userId":"..."}]}.');
    const users = body.users.map((entry: unknown) => {
      const userId = typeof entry === 'object' && entry !== null ? String((entry as { userId?: unknown }).userId ?? '') : '';
      const user = state.userById(userId);
      const m = user?.memberships.find((x) => x.accountId === caller.account.id);
      if (!user || !m) return { userId, errorDetails: { errorCode: 'INVALID_USERID', message: 'Invalid UserId.' } };
      if (m.status !== 'closed') {
        m.status = 'closed';
        m.closedOn = state.now();
        state.append({
          site: caller.account.site,
          accountId: caller.account.id,
          organizationId: state.tenant.org.id,
          userId: caller.user.id,
          integratorKey: caller.token.integrationKey,
          userAgent: req.headers['user-agent'] ?? '',
          ip: req.ip,
          place: null,
          object: 'User',
          action: 'MembershipClosed',
          result: 'Success',
          source: 'API',
          referencedUserId: user.id,
          data: { AffectedUserId: user.id, AffectedMembershipId: m.id },
        });
      }
      return { userId: user.id, userName: `${user.firstName} ${user.lastName}`, email: user.email, userStatus: 'Closed', errorDetails: null };
    });
    return reply.send({ users });
  });
}

function esignStatus(m: SimMembership): string {
  switch (m.status) {
    case 'active':
      return 'Active';
    case 'closed':
      return 'Closed';
    case 'activation_sent':
      return 'ActivationSent';
    case 'activation_required':
      return 'ActivationRequired';
    default:
      return 'Disabled';
  }
}

function esignUser(state: SimulatorState, account: SimAccount, user: SimUser, m: SimMembership): Record<string, unknown> {
  return {
    userName: `${user.firstName} ${user.lastName}`,
    userId: user.id,
    userType: 'CompanyUser',
    isAdmin: m.isAdmin ? 'True' : 'False',
    isNAREnabled: 'false',
    userStatus: esignStatus(m),
    uri: `/users/${user.id}`,
    email: user.email,
    createdDateTime: esignTime(m.createdOn),
    firstName: user.firstName,
    lastName: user.lastName,
    jobTitle: '',
    company: state.tenant.org.name,
    permissionProfileId: String(m.permissionProfile.id),
    permissionProfileName: m.permissionProfile.name,
    defaultAccountId: account.id,
  };
}
