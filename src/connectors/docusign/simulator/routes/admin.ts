import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SECOND_ORGANISATION, type SimulatorState } from '../state.js';
import type { SimIdentityProvider, SimMembership, SimReservedDomain, SimUser } from '../tenant.js';
import { adminTime, authenticate, intParam, origin, paramsOf, queryOf, requireScope, sendError, type Caller } from '../wire.js';

/** Largest `take` the simulator serves (integrations cap at 250; DocuSign's own maximum is not published). */
export const ADMIN_MAX_TAKE = 250;
const ADMIN_DEFAULT_TAKE = 20;

/**
 * The Admin API under `/management` (digest §3): organisations, paged users, the per-user drilldown, and
 * closing / re-activating memberships, each of which also lands in the Monitor stream.
 */
export function adminRoutes(app: FastifyInstance, state: SimulatorState): void {
  const orgAdmin = (req: FastifyRequest, reply: FastifyReply, scope: string): Caller | null => {
    const caller = authenticate(state, req, reply, 'admin');
    if (!caller || !requireScope(caller, scope, reply, 'admin')) return null;
    const orgId = (paramsOf(req).orgId ?? '').toLowerCase();
    if (orgId !== state.tenant.org.id) {
      sendError(reply, 404, 'admin', 'not_found', `Organization ${paramsOf(req).orgId} was not found.`);
      return null;
    }
    if (!caller.user.isOrgAdmin) {
      sendError(reply, 403, 'admin', 'forbidden', 'The user is not an organization administrator of this organization.');
      return null;
    }
    return caller;
  };

  app.get('/management/v2/organizations', async (req, reply) => {
    const caller = authenticate(state, req, reply, 'admin');
    if (!caller || !requireScope(caller, 'organization_read', reply, 'admin')) return reply;
    const mode = queryOf(req).mode ?? 'org_admin';
    const { org, accounts } = state.tenant;
    const member = caller.user.memberships.some((m) => m.status === 'active');
    const visible = mode === 'account_membership' ? member : caller.user.isOrgAdmin;
    const organizations = visible
      ? [
          {
            id: org.id,
            name: org.name,
            default_account_id: org.defaultAccountId,
            created_on: new Date(org.createdOn).toISOString(),
            accounts: accounts.map((a) => ({ id: a.id, name: a.name, external_account_id: a.externalAccountId, site_id: a.siteId })),
            reserved_domains: org.reservedDomains.map((d) => domainResponse(req, state, d)),
            // The spec types this list as IdentityProvidersResponse items (each wrapping its own list), not bare providers.
            identity_providers: [{ identity_providers: org.identityProviders.map((p) => identityProviderResponse(req, state, p)) }],
            links: [{ rel: 'self', href: `${origin(req, state)}/management/v2/organizations/${org.id}` }],
          },
          ...(state.options.secondOrganisation && mode === 'org_admin'
            ? [{ id: SECOND_ORGANISATION.id, name: SECOND_ORGANISATION.name, default_account_id: null, created_on: new Date(org.createdOn).toISOString(), accounts: [], reserved_domains: [], identity_providers: [], links: [] }]
            : []),
        ]
      : [];
    return reply.send({ organizations });
  });

  app.get('/management/v2/organizations/:orgId/reserved_domains', async (req, reply) => {
    if (!orgAdmin(req, reply, 'domain_read')) return reply;
    return reply.send({ reserved_domains: state.tenant.org.reservedDomains.map((d) => domainResponse(req, state, d)) });
  });

  app.get('/management/v2/organizations/:orgId/identity_providers', async (req, reply) => {
    if (!orgAdmin(req, reply, 'identity_provider_read')) return reply;
    return reply.send({ identity_providers: state.tenant.org.identityProviders.map((p) => identityProviderResponse(req, state, p)) });
  });

  app.get('/management/v2/organizations/:orgId/users', async (req, reply) => {
    if (!orgAdmin(req, reply, 'user_read')) return reply;
    const q = queryOf(req);
    if (!q.email && !q.account_id && !q.organization_reserved_domain_id) {
      return sendError(reply, 400, 'admin', 'invalid_request', 'One of email, account_id or organization_reserved_domain_id is required.');
    }
    const start = intParam(q.start, 0, 0, Number.MAX_SAFE_INTEGER);
    const take = intParam(q.take, ADMIN_DEFAULT_TAKE, 1, ADMIN_MAX_TAKE);
    if (start === null) return sendError(reply, 400, 'admin', 'invalid_request', 'start must be a non-negative integer.');
    if (take === null) return sendError(reply, 400, 'admin', 'invalid_request', `take must be an integer from 1 to ${ADMIN_MAX_TAKE}.`);
    if (q.account_id && !state.account(q.account_id)) return sendError(reply, 400, 'admin', 'invalid_request', `Account ${q.account_id} is not part of this organization.`);
    const domainId = q.organization_reserved_domain_id?.toLowerCase();
    const domain = domainId ? state.tenant.org.reservedDomains.find((d) => d.id === domainId) : undefined;
    if (domainId && !domain) return sendError(reply, 400, 'admin', 'invalid_request', 'Unknown organization_reserved_domain_id.');

    const rows: Record<string, unknown>[] = [];
    for (const user of state.tenant.users) {
      if (q.email && user.email !== q.email.trim().toLowerCase()) continue;
      if (domain && !user.email.endsWith(`@${domain.host_name}`)) continue;
      if (q.status && !q.status.split(',').includes(state.userStatus(user))) continue;
      for (const m of user.memberships) {
        if (q.account_id && m.accountId !== q.account_id.toLowerCase()) continue;
        if (q.membership_status && !q.membership_status.split(',').includes(m.status)) continue;
        rows.push(userRow(state, user, m));
      }
    }
    const page = rows.slice(start, start + take);
    const link = (at: number) => {
      const url = new URL(`${origin(req, state)}/management/v2/organizations/${state.tenant.org.id}/users`);
      for (const [k, v] of Object.entries(q)) if (v !== undefined && k !== 'start' && k !== 'take') url.searchParams.set(k, v);
      url.searchParams.set('start', String(at));
      url.searchParams.set('take', String(take));
      return url.toString();
    };
    return reply.send({
      users: page,
      paging: {
        result_set_size: page.length,
        result_set_start_position: start,
        result_set_end_position: Math.max(start, start + page.length - 1),
        total_set_size: rows.length,
        next: start + take < rows.length ? link(start + take) : null,
        previous: start > 0 ? link(Math.max(0, start - take)) : null,
      },
    });
  });

  const profile = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!orgAdmin(req, reply, 'user_read')) return reply;
    const { userId } = paramsOf(req);
    const email = queryOf(req).email;
    if (!userId && !email) return sendError(reply, 400, 'admin', 'invalid_request', 'email is required.');
    const users = userId ? [state.userById(userId)].filter((u): u is SimUser => u !== undefined) : state.usersByEmail(email ?? '');
    return reply.send({ users: users.map((u) => drilldown(state, u)) });
  };
  app.get('/management/v2/organizations/:orgId/users/profile', profile);
  app.get('/management/v2.1/organizations/:orgId/users/dsprofile', profile);
  app.get('/management/v2.1/organizations/:orgId/users/:userId/dsprofile', profile);

  app.delete('/management/v2/organizations/:orgId/users/:userId/accounts', async (req, reply) => {
    const caller = orgAdmin(req, reply, 'user_write');
    if (!caller) return reply;
    const user = state.userById(paramsOf(req).userId ?? '');
    if (!user) return sendError(reply, 404, 'admin', 'not_found', `User ${paramsOf(req).userId} was not found in this organization.`);
    const body = req.body as { accounts?: unknown } | undefined;
    if (!body || !Array.isArray(body.accounts) || body.accounts.length === 0) {
      return sendError(reply, 400, 'admin', 'invalid_request', 'The body must list the accounts to close: {"accounts":[{"id":"..."}]}.');
    }
    const results = body.accounts.map((entry: unknown) => {
      const id = typeof entry === 'object' && entry !== null && typeof (entry as { id?: unknown }).id === 'string' ? (entry as { id: string }).id.toLowerCase() : '';
      const membership = user.memberships.find((m) => m.accountId === id);
      if (!membership) {
        return { id, error_details: { error: 'invalid_request', error_description: 'The user has no membership in this account.' } };
      }
      if (membership.status !== 'closed') {
        membership.status = 'closed';
        membership.closedOn = state.now();
        appendMembershipEvent(state, req, caller, user, membership, 'MembershipClosed');
      }
      return { id, error_details: null };
    });
    return reply.send({ success: results.every((r) => r.error_details === null), accounts: results });
  });

  app.post('/management/v2/organizations/:orgId/users/:userId/memberships/:membershipId', async (req, reply) => {
    const caller = orgAdmin(req, reply, 'user_write');
    if (!caller) return reply;
    const { userId, membershipId } = paramsOf(req);
    const user = state.userById(userId ?? '');
    const membership = user?.memberships.find((m) => m.id === (membershipId ?? '').toLowerCase());
    if (!user || !membership) return sendError(reply, 404, 'admin', 'not_found', 'No such user or membership in this organization.');
    if (membership.status !== 'active') {
      membership.status = 'active';
      membership.closedOn = null;
      appendMembershipEvent(state, req, caller, user, membership, 'MembershipReactivated');
    }
    return reply.send({ status: 'active' });
  });
}

/** Admin API `DomainResponse` (claimed domain; `settings` are key/value/type triples). */
function domainResponse(req: FastifyRequest, state: SimulatorState, d: SimReservedDomain): Record<string, unknown> {
  return {
    id: d.id,
    status: d.status,
    host_name: d.host_name,
    txt_token: d.txt_token,
    identity_provider_id: d.identity_provider_id,
    settings: [],
    links: [{ rel: 'self', href: `${origin(req, state)}/management/v2/organizations/${state.tenant.org.id}/reserved_domains/${d.id}` }],
  };
}

/** Admin API `IdentityProviderResponse`. */
function identityProviderResponse(req: FastifyRequest, state: SimulatorState, p: SimIdentityProvider): Record<string, unknown> {
  return { ...p, links: [{ rel: 'self', href: `${origin(req, state)}/management/v2/organizations/${state.tenant.org.id}/identity_providers/${p.id}` }] };
}

function userRow(state: SimulatorState, user: SimUser, m: SimMembership): Record<string, unknown> {
  const allClosed = state.userStatus(user) === 'closed';
  return {
    id: user.id,
    user_name: `${user.firstName} ${user.lastName}`,
    first_name: user.firstName,
    last_name: user.lastName,
    user_status: state.userStatus(user),
    membership_status: m.status,
    email: user.email,
    created_on: adminTime(user.createdOn),
    membership_created_on: adminTime(m.createdOn),
    membership_closed_on: adminTime(m.closedOn),
    closed_on: allClosed ? adminTime(Math.max(...user.memberships.map((x) => x.closedOn ?? 0))) : null,
    membership_id: m.id,
    is_membership_managed_by_scim: false,
    is_managed_by_scim: false,
    ds_groups: [],
  };
}

function drilldown(state: SimulatorState, user: SimUser): Record<string, unknown> {
  const home = state.account(user.memberships[0]?.accountId ?? state.tenant.org.defaultAccountId);
  return {
    id: user.id,
    site_id: home?.siteId ?? 1,
    site_name: home?.siteName ?? '',
    user_name: `${user.firstName} ${user.lastName}`,
    first_name: user.firstName,
    last_name: user.lastName,
    user_status: state.userStatus(user),
    default_account_id: home?.id ?? '',
    default_account_name: home?.name ?? '',
    is_organization_admin: user.isOrgAdmin,
    created_on: adminTime(user.createdOn),
    federated_status: user.federatedStatus,
    device_verification_enabled: false,
    require_two_step_verification: user.requireTwoStep,
    memberships: user.memberships.map((m) => {
      const account = state.account(m.accountId);
      return {
        id: m.id,
        email: user.email,
        account_id: m.accountId,
        external_account_id: String(account?.externalAccountId ?? ''),
        account_name: account?.name ?? '',
        is_external_account: false,
        status: m.status,
        permission_profile: m.permissionProfile,
        created_on: adminTime(m.createdOn),
        closed_on: adminTime(m.closedOn),
        groups: [{ id: 1, name: 'Everyone', type: 'everyone_group' }],
        is_admin: m.isAdmin,
      };
    }),
    identities: [],
  };
}

function appendMembershipEvent(state: SimulatorState, req: FastifyRequest, caller: Caller, user: SimUser, m: SimMembership, action: string): void {
  const account = state.account(m.accountId);
  state.append({
    site: account?.site ?? '',
    accountId: m.accountId,
    organizationId: state.tenant.org.id,
    userId: caller.user.id,
    integratorKey: caller.token.integrationKey,
    userAgent: req.headers['user-agent'] ?? '',
    ip: req.ip,
    place: null,
    object: 'User',
    action,
    result: 'Success',
    source: 'API',
    referencedUserId: user.id,
    data: { AffectedUserId: user.id, AffectedMembershipId: m.id },
  });
}
