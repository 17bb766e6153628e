import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ODataError, decodeSkipToken, encodeSkipToken, matches, parseFilter, parseSelect, project } from '../odata.js';
import { microsoftPlaceName } from '../places.js';
import { directoryChange, ualValue } from '../records.js';
import type { SimulatorState } from '../state.js';
import { PRIVILEGED_ROLE_TEMPLATES, graphTime, type SimAppRoleAssignment, type SimGrant, type SimGroup, type SimServicePrincipal, type SimUser } from '../tenant.js';
import type { IssuedToken } from '../tokens.js';
import { originOf, paramsOf, queryOf, sendGraphError, type Query } from '../wire.js';
import { messageRuleRoutes } from './message-rules.js';

const GRAPH = 'https://graph.microsoft.com';
const NOT_FOUND = (id: string) => `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`;
const DENIED = 'Insufficient privileges to complete the operation.';

/** Permission sets (any one suffices) per area, as Graph's permission reference lists them for app-only calls. */
const READ = {
  users: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  groups: ['Group.Read.All', 'GroupMember.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  roles: ['RoleManagement.Read.Directory', 'RoleManagement.ReadWrite.Directory', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  auditLogs: ['AuditLog.Read.All'],
  apps: ['Application.Read.All', 'Application.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  grants: ['DelegatedPermissionGrant.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  policies: ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'],
  domains: ['Domain.Read.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  contacts: ['OrgContact.Read.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  directory: ['Directory.Read.All', 'Directory.ReadWrite.All'],
  organization: ['Organization.Read.All', 'User.Read.All', 'Directory.Read.All'],
} as const;

/** User properties this simulator lets a PATCH change. */
const UPDATABLE = ['accountEnabled', 'jobTitle', 'department', 'displayName'];

const USER_DEFAULT_SELECT = ['businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id'];

interface CollectionOptions {
  /** `@odata.context` after `$metadata#`. */
  context: string;
  defaultTop: number;
  maxTop: number;
  /** Field holding the record's time: pages of one listing stay a consistent snapshot. */
  timeField?: string;
  /** Properties returned when there is no `$select`. @default all */
  defaultSelect?: readonly string[];
  /** Default order, applied before `$orderby`. */
  newestFirst?: boolean;
  /** Server-driven paging: pages hold at most this many items whatever `$top` asks (Graph may return fewer). */
  pageCap?: number | undefined;
}

/** Advanced queries: Graph answers them on directory objects only with `ConsistencyLevel: eventual`. */
const DIRECTORY_CONTEXTS = new Set(['users', 'groups', 'directoryObjects', 'servicePrincipals']);
/** Properties Graph computes or returns only on request, so the records here may lack them. */
const SELECTABLE_EXTRAS = new Set(['signInActivity', '@odata.type']);

/** Strict OData: why Graph would refuse this query (null when it would not). */
function strictRefusal(req: FastifyRequest, query: Record<string, string | undefined>, items: readonly Record<string, unknown>[], context: string): { code: string; message: string } | null {
  const known = new Set<string>(SELECTABLE_EXTRAS);
  for (const item of items) for (const key of Object.keys(item)) known.add(key);
  for (const field of parseSelect(query.$select) ?? []) {
    if (items.length > 0 && !known.has(field)) return { code: 'Request_BadRequest', message: `Could not find a property named '${field}' on type 'microsoft.graph.${context.replace(/s$/, '')}'.` };
  }
  const advanced = query.$count === 'true' || query.$search !== undefined || (query.$orderby !== undefined && DIRECTORY_CONTEXTS.has(context)) || /\b(endsWith|not)\s*\(|\sne\s/i.test(query.$filter ?? '');
  const consistency = String(req.headers.consistencylevel ?? '').toLowerCase();
  if (advanced && DIRECTORY_CONTEXTS.has(context) && consistency !== 'eventual') {
    return { code: 'Request_UnsupportedQuery', message: 'Unsupported Query. This query needs the ConsistencyLevel header set to eventual and $count=true.' };
  }
  return null;
}

/** graph.microsoft.com v1.0 (and the one beta listing the connector uses). */
export function graphRoutes(app: FastifyInstance, state: SimulatorState): void {
  const { tenant } = state;

  /** The caller's token, or a Graph-worded 401 (then null). */
  const authenticate = (req: FastifyRequest, reply: FastifyReply): IssuedToken | null => {
    const lookup = state.tokens.resolve(req.headers.authorization, state.now());
    if (!lookup.ok) {
      const message = lookup.reason === 'missing' ? 'Access token is empty.' : lookup.reason === 'expired' ? 'Lifetime validation failed, the token is expired.' : 'Access token validation failure.';
      sendGraphError(reply, 401, 'InvalidAuthenticationToken', message);
      return null;
    }
    if (lookup.token.aud !== GRAPH) {
      sendGraphError(reply, 401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
      return null;
    }
    return lookup.token;
  };

  const authorize = (req: FastifyRequest, reply: FastifyReply, anyOf: readonly string[]): IssuedToken | null => {
    const token = authenticate(req, reply);
    if (!token) return null;
    if (!anyOf.some((p) => token.roles.includes(p))) {
      sendGraphError(reply, 403, 'Authorization_RequestDenied', DENIED);
      return null;
    }
    return token;
  };

  const premium = (reply: FastifyReply): boolean => {
    if (state.entraLicense !== 'free') return true;
    sendGraphError(reply, 403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', "Neither tenant is B2C or tenant doesn't have premium license");
    return false;
  };

  /** OData paging, `$filter`, `$select`, `$orderby`, `$top` over an in-memory collection. */
  const collection = (req: FastifyRequest, reply: FastifyReply, items: Record<string, unknown>[], options: CollectionOptions): FastifyReply => {
    const query = queryOf(req);
    const topText = query.$top;
    let top = options.defaultTop;
    if (topText !== undefined) {
      top = Number(topText);
      if (!/^\d+$/.test(topText) || top < 1 || top > options.maxTop) {
        return sendGraphError(reply, 400, 'Request_BadRequest', `Invalid page size specified: '${topText}'. Must be between 1 and ${options.maxTop} inclusive.`);
      }
    }
    top = Math.min(top, options.pageCap ?? top);
    let list = items;
    try {
      if (query.$filter) {
        const filter = parseFilter(query.$filter);
        list = list.filter((item) => matches(filter, item));
      }
    } catch (error) {
      if (error instanceof ODataError) return sendGraphError(reply, 400, 'BadRequest', `Invalid filter clause: ${error.message}`);
      throw error;
    }
    if (query.$orderby) {
      const [fieldName = '', direction = 'asc'] = query.$orderby.trim().split(/\s+/);
      const sign = direction.toLowerCase() === 'desc' ? -1 : 1;
      list = [...list].sort((a, b) => sign * String(a[fieldName] ?? '').localeCompare(String(b[fieldName] ?? '')));
    }
    const select = parseSelect(query.$select) ?? (options.defaultSelect ? [...options.defaultSelect] : null);
    if (state.options.strictOData) {
      const refusal = strictRefusal(req, query, items, options.context);
      if (refusal) {
        state.hardships.strictRefusals++;
        return sendGraphError(reply, 400, refusal.code, refusal.message);
      }
    }
    const fingerprint = createHash('sha1').update(`${req.url.split('?')[0]}|${query.$filter ?? ''}|${query.$select ?? ''}|${query.$orderby ?? ''}|${top}`).digest('hex').slice(0, 12);
    let offset = 0;
    let asOf = state.now();
    if (query.$skiptoken !== undefined) {
      try {
        ({ offset, asOf } = decodeSkipToken(query.$skiptoken, fingerprint));
      } catch (error) {
        if (error instanceof ODataError) return sendGraphError(reply, 400, 'Request_BadRequest', error.message);
        throw error;
      }
    }
    if (options.timeField) {
      const field = options.timeField;
      list = list.filter((item) => Date.parse(String(item[field])) <= asOf);
    }
    let size = top;
    if (state.options.shortPages && offset < list.length) {
      // Graph may serve fewer items than $top, or none, and still link the next page.
      const roll = createHash('sha1').update(`${fingerprint}:${offset}`).digest()[0] ?? 0;
      const key = `${fingerprint}:${offset}:${asOf}`;
      if (roll % 4 === 0 && !state.emptyServed.has(key)) {
        state.emptyServed.add(key);
        state.hardships.emptyPages++;
        size = 0;
      } else if (roll % 4 === 1 && top > 1) {
        state.hardships.shortPages++;
        size = Math.max(1, Math.floor(top / 3));
      }
    }
    const page = list.slice(offset, offset + size).map((item) => project(item, select));
    const body: Record<string, unknown> = {
      '@odata.context': `${GRAPH}/${req.url.startsWith('/beta/') ? 'beta' : 'v1.0'}/$metadata#${options.context}${query.$select ? `(${query.$select})` : ''}`,
    };
    if (offset + size < list.length) {
      const next = new URL(`${originOf(req, state.baseUrl)}${req.url.split('?')[0]}`);
      for (const [key, value] of Object.entries(query)) if (key !== '$skiptoken' && value !== undefined) next.searchParams.set(key, value);
      next.searchParams.set('$top', String(top));
      next.searchParams.set('$skiptoken', encodeSkipToken(offset + size, asOf, fingerprint));
      body['@odata.nextLink'] = next.toString().replace(/%24/g, '$');
    }
    body.value = page;
    return reply.send(body);
  };

  const entity = (reply: FastifyReply, context: string, value: Record<string, unknown>, select: string[] | null): FastifyReply =>
    reply.send({ '@odata.context': `${GRAPH}/v1.0/$metadata#${context}/$entity`, ...project(value, select) });

  const userJson = (u: SimUser, withSignIn: boolean): Record<string, unknown> => {
    const json: Record<string, unknown> = {
      id: u.id,
      businessPhones: [],
      displayName: u.displayName,
      givenName: u.givenName,
      surname: u.surname,
      jobTitle: u.jobTitle,
      mail: u.mail,
      mobilePhone: null,
      officeLocation: u.userType === 'Member' ? microsoftPlaceName(u.place.city) : null,
      preferredLanguage: 'en-US',
      userPrincipalName: u.userPrincipalName,
      accountEnabled: u.accountEnabled,
      userType: u.userType,
      createdDateTime: graphTime(u.createdDateTime),
      creationType: u.creationType,
      externalUserState: u.externalUserState,
      onPremisesSyncEnabled: u.onPremisesSyncEnabled,
      onPremisesImmutableId: u.onPremisesImmutableId,
      proxyAddresses: u.proxyAddresses,
      otherMails: [],
      department: u.department,
      city: u.userType === 'Member' ? microsoftPlaceName(u.place.city) : null,
      country: u.userType === 'Member' ? u.place.countryIso : null,
      usageLocation: u.place.countryIso,
      lastPasswordChangeDateTime: graphTime(u.lastPasswordChangeDateTime),
      signInSessionsValidFromDateTime: graphTime(u.signInSessionsValidFromDateTime),
    };
    if (withSignIn) {
      const activity = state.signInActivity(u);
      if (activity) json.signInActivity = activity;
    }
    return json;
  };

  /** `signInActivity` is only read when selected or filtered on; it needs AuditLog.Read.All and P1. */
  const wantsSignInActivity = (query: Query) => /signInActivity/i.test(`${query.$select ?? ''} ${query.$filter ?? ''}`);
  const checkSignInActivity = (token: IssuedToken, reply: FastifyReply): boolean => {
    if (!token.roles.includes('AuditLog.Read.All')) {
      sendGraphError(reply, 403, 'Authorization_RequestDenied', DENIED);
      return false;
    }
    return premium(reply);
  };

  const groupJson = (g: SimGroup): Record<string, unknown> => ({
    id: g.id,
    displayName: g.displayName,
    description: g.description,
    groupTypes: g.groupTypes,
    securityEnabled: g.securityEnabled,
    mailEnabled: g.mailEnabled,
    mailNickname: g.mailNickname,
    mail: g.mail,
    isAssignableToRole: g.isAssignableToRole,
    membershipRule: g.membershipRule,
    membershipRuleProcessingState: g.membershipRule ? 'On' : null,
    visibility: g.visibility,
    createdDateTime: graphTime(g.createdDateTime),
  });

  const directoryObject = (id: string): Record<string, unknown> | null => {
    const user = tenant.users.find((u) => u.id === id);
    if (user) return { '@odata.type': '#microsoft.graph.user', id: user.id, displayName: user.displayName, userPrincipalName: user.userPrincipalName, mail: user.mail, accountEnabled: user.accountEnabled, userType: user.userType, onPremisesSyncEnabled: user.onPremisesSyncEnabled };
    const group = tenant.groups.find((g) => g.id === id);
    if (group) return { '@odata.type': '#microsoft.graph.group', id: group.id, displayName: group.displayName, isAssignableToRole: group.isAssignableToRole, securityEnabled: group.securityEnabled };
    const sp = tenant.servicePrincipals.find((s) => s.id === id);
    if (sp) return { '@odata.type': '#microsoft.graph.servicePrincipal', id: sp.id, displayName: sp.displayName, appId: sp.appId };
    return null;
  };

  const spJson = (s: SimServicePrincipal): Record<string, unknown> => ({
    id: s.id,
    appId: s.appId,
    displayName: s.displayName,
    appDisplayName: s.displayName,
    appOwnerOrganizationId: s.appOwnerOrganizationId,
    servicePrincipalType: s.servicePrincipalType,
    accountEnabled: s.accountEnabled,
    verifiedPublisher: s.verifiedPublisher,
    signInAudience: s.signInAudience,
    tags: s.tags,
    appRoleAssignmentRequired: s.appRoleAssignmentRequired,
    homepage: s.homepage,
    servicePrincipalNames: [s.appId],
    replyUrls: [],
    description: null,
    notes: null,
    appRoles: s.appRoles,
    oauth2PermissionScopes: s.oauth2PermissionScopes,
  });

  const grantJson = (g: SimGrant) => ({ id: g.id, clientId: g.clientId, consentType: g.consentType, principalId: g.principalId, resourceId: g.resourceId, scope: g.scope });
  const assignmentJson = (a: SimAppRoleAssignment) => ({ id: a.id, deletedDateTime: null, appRoleId: a.appRoleId, createdDateTime: graphTime(a.createdDateTime), principalDisplayName: a.principalDisplayName, principalId: a.principalId, principalType: a.principalType, resourceDisplayName: a.resourceDisplayName, resourceId: a.resourceId });
  const connectorSp = () => tenant.servicePrincipals.find((s) => s.id === tenant.connectorApp.servicePrincipalId) as SimServicePrincipal;

  // Users.
  for (const version of ['v1.0', 'beta']) {
    app.get(`/${version}/users`, async (req, reply) => {
      const token = authorize(req, reply, READ.users);
      if (!token) return reply;
      const query = queryOf(req);
      const withSignIn = wantsSignInActivity(query);
      if (withSignIn && !checkSignInActivity(token, reply)) return reply;
      return collection(req, reply, tenant.users.map((u) => userJson(u, withSignIn)), { context: 'users', defaultTop: 100, maxTop: withSignIn ? 500 : 999, defaultSelect: USER_DEFAULT_SELECT });
    });
  }
  app.get('/v1.0/users/:id', async (req, reply) => {
    const token = authorize(req, reply, READ.users);
    if (!token) return reply;
    const query = queryOf(req);
    const withSignIn = wantsSignInActivity(query);
    if (withSignIn && !checkSignInActivity(token, reply)) return reply;
    const { id = '' } = paramsOf(req);
    const user = state.user(id);
    if (!user) return sendGraphError(reply, 404, 'Request_ResourceNotFound', NOT_FOUND(id));
    return entity(reply, 'users', userJson(user, withSignIn), parseSelect(query.$select) ?? USER_DEFAULT_SELECT);
  });
  app.get('/v1.0/users/:id/memberOf', async (req, reply) => {
    if (!authorize(req, reply, READ.users)) return reply;
    const { id = '' } = paramsOf(req);
    const user = state.user(id);
    if (!user) return sendGraphError(reply, 404, 'Request_ResourceNotFound', NOT_FOUND(id));
    const groups = tenant.groups.filter((g) => g.members.includes(user.id)).map((g) => ({ '@odata.type': '#microsoft.graph.group', ...groupJson(g) }));
    return collection(req, reply, groups, { context: 'directoryObjects', defaultTop: 100, maxTop: 999 });
  });

  app.patch('/v1.0/users/:id', async (req, reply) => {
    const token = authenticate(req, reply);
    if (!token) return reply;
    const { id = '' } = paramsOf(req);
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    const keys = Object.keys(body);
    const onlyEnabled = keys.length === 1 && keys[0] === 'accountEnabled';
    const allowed = onlyEnabled ? ['User.EnableDisableAccount.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'] : ['User.ReadWrite.All', 'Directory.ReadWrite.All'];
    if (!allowed.some((p) => token.roles.includes(p))) return sendGraphError(reply, 403, 'Authorization_RequestDenied', DENIED);
    const user = state.user(id);
    if (!user) return sendGraphError(reply, 404, 'Request_ResourceNotFound', NOT_FOUND(id));
    if (keys.length === 0) return sendGraphError(reply, 400, 'Request_BadRequest', 'Empty Payload. JSON content expected.');
    if ('accountEnabled' in body && typeof body.accountEnabled !== 'boolean') {
      return sendGraphError(reply, 400, 'Request_BadRequest', "Invalid value specified for property 'accountEnabled' of resource 'User'.");
    }
    if (user.onPremisesSyncEnabled) {
      return sendGraphError(reply, 400, 'Request_BadRequest', 'Unable to update the specified properties for on-premises mastered Directory Sync objects or objects currently undergoing migration.');
    }
    const privileged = tenant.roleAssignments.some((a) => a.principalId === user.id && PRIVILEGED_ROLE_TEMPLATES.includes(a.roleDefinitionId));
    if (privileged && !state.options.appCanManagePrivilegedUsers) return sendGraphError(reply, 403, 'Authorization_RequestDenied', DENIED);
    const modified: { Name: string; OldValue: string; NewValue: string }[] = [];
    for (const [key, value] of Object.entries(body)) {
      if (!UPDATABLE.includes(key)) return sendGraphError(reply, 400, 'Request_BadRequest', `Property '${key}' does not exist on type 'microsoft.graph.user'.`);
      const record = user as unknown as Record<string, unknown>;
      modified.push({ Name: key.charAt(0).toUpperCase() + key.slice(1), OldValue: ualValue(record[key]), NewValue: ualValue(value) });
      record[key] = value;
    }
    if ('accountEnabled' in body) user.disabledAt = body.accountEnabled === false ? state.now() : null;
    modified.push({ Name: 'Included Updated Properties', OldValue: '', NewValue: modified.map((m) => m.Name).join(', ') });
    state.recordAction(directoryChange(state.actionContext(), { time: state.now(), operation: 'Update user.', category: 'UserManagement', operationType: 'Update', actor: { kind: 'app', app: connectorSp() }, targets: [{ kind: 'user', id: user.id, name: user.displayName, upn: user.userPrincipalName, puid: user.puid }], modified }));
    return reply.code(204).send();
  });

  app.post('/v1.0/users/:id/revokeSignInSessions', async (req, reply) => {
    if (!authorize(req, reply, ['User.RevokeSessions.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'])) return reply;
    const { id = '' } = paramsOf(req);
    const user = state.user(id);
    if (!user) return sendGraphError(reply, 404, 'Request_ResourceNotFound', NOT_FOUND(id));
    const now = state.now();
    const old = user.signInSessionsValidFromDateTime;
    user.signInSessionsValidFromDateTime = now;
    state.recordAction(directoryChange(state.actionContext(), { time: now, operation: 'Update user.', category: 'UserManagement', operationType: 'Update', actor: { kind: 'app', app: connectorSp() }, targets: [{ kind: 'user', id: user.id, name: user.displayName, upn: user.userPrincipalName, puid: user.puid }], modified: [{ Name: 'StsRefreshTokensValidFrom', OldValue: ualValue(graphTime(old)), NewValue: ualValue(graphTime(now)) }, { Name: 'Included Updated Properties', OldValue: '', NewValue: 'StsRefreshTokensValidFrom' }] }));
    return reply.send({ '@odata.context': `${GRAPH}/v1.0/$metadata#Edm.Boolean`, value: true });
  });

  // Groups.
  app.get('/v1.0/groups', async (req, reply) => {
    if (!authorize(req, reply, READ.groups)) return reply;
    return collection(req, reply, tenant.groups.map(groupJson), { context: 'groups', defaultTop: 100, maxTop: 999 });
  });
  app.get('/v1.0/groups/:id', async (req, reply) => {
    if (!authorize(req, reply, READ.groups)) return reply;
    const { id = '' } = paramsOf(req);
    const group = tenant.groups.find((g) => g.id === id);
    if (!group) return sendGraphError(reply, 404, 'Request_ResourceNotFound', NOT_FOUND(id));
    return entity(reply, 'groups', groupJson(group), parseSelect(queryOf(req).$select));
  });
  const members = (transitive: boolean) => async (req: FastifyRequest, reply: FastifyReply) => {
    if (!authorize(req, reply, READ.groups)) return reply;
    const { id = '' } = paramsOf(req);
    const group = tenant.groups.find((g) => g.id === id);
    if (!group) return sendGraphError(reply, 404, 'Request_ResourceNotFound', NOT_FOUND(id));
    const ids = new Set<string>();
    const visit = (g: SimGroup) => {
      for (const member of g.members) {
        if (ids.has(member)) continue;
        ids.add(member);
        const nested = tenant.groups.find((x) => x.id === member);
        if (transitive && nested) visit(nested);
      }
    };
    visit(group);
    const items = [...ids].map(directoryObject).filter((x): x is Record<string, unknown> => x !== null);
    return collection(req, reply, items, { context: 'directoryObjects', defaultTop: 100, maxTop: 999 });
  };
  app.get('/v1.0/groups/:id/members', members(false));
  app.get('/v1.0/groups/:id/transitiveMembers', members(true));

  // Directory roles and unified role management.
  const activeRoles = () => tenant.roleDefinitions.filter((r) => tenant.roleAssignments.some((a) => a.roleDefinitionId === r.id));
  app.get('/v1.0/directoryRoles', async (req, reply) => {
    if (!authorize(req, reply, READ.roles)) return reply;
    return collection(req, reply, activeRoles().map((r) => ({ id: r.directoryRoleId, deletedDateTime: null, description: r.description, displayName: r.displayName, roleTemplateId: r.id })), { context: 'directoryRoles', defaultTop: 100, maxTop: 999 });
  });
  app.get('/v1.0/directoryRoles/:id/members', async (req, reply) => {
    if (!authorize(req, reply, READ.roles)) return reply;
    const { id = '' } = paramsOf(req);
    const role = tenant.roleDefinitions.find((r) => r.directoryRoleId === id);
    if (!role) return sendGraphError(reply, 404, 'Request_ResourceNotFound', NOT_FOUND(id));
    const items = tenant.roleAssignments.filter((a) => a.roleDefinitionId === role.id).map((a) => directoryObject(a.principalId)).filter((x): x is Record<string, unknown> => x !== null);
    return collection(req, reply, items, { context: 'directoryObjects', defaultTop: 100, maxTop: 999 });
  });
  app.get('/v1.0/roleManagement/directory/roleDefinitions', async (req, reply) => {
    if (!authorize(req, reply, READ.roles)) return reply;
    const items = tenant.roleDefinitions.map((r) => ({ id: r.id, description: r.description, displayName: r.displayName, isBuiltIn: true, isEnabled: true, resourceScopes: ['/'], templateId: r.id, version: '1', rolePermissions: [] }));
    return collection(req, reply, items, { context: 'roleManagement/directory/roleDefinitions', defaultTop: 999, maxTop: 999 });
  });
  app.get('/v1.0/roleManagement/directory/roleAssignments', async (req, reply) => {
    if (!authorize(req, reply, READ.roles)) return reply;
    const expand = /principal/i.test(queryOf(req).$expand ?? '');
    const items = tenant.roleAssignments.map((a) => {
      const json: Record<string, unknown> = { id: a.id, principalId: a.principalId, roleDefinitionId: a.roleDefinitionId, directoryScopeId: a.directoryScopeId, appScopeId: null, principalOrganizationId: tenant.id };
      if (expand) json.principal = directoryObject(a.principalId);
      return json;
    });
    return collection(req, reply, items, { context: 'roleManagement/directory/roleAssignments', defaultTop: 100, maxTop: 999 });
  });

  // Reports: sign-ins (P1) and directory audits, on their own tight bucket.
  const reports = (req: FastifyRequest, reply: FastifyReply): IssuedToken | null => {
    const token = authorize(req, reply, READ.auditLogs);
    if (!token) return null;
    const taken = state.auditLogsBucket.take();
    if (!taken.ok) {
      state.throttled.auditLogs++;
      reply.header('retry-after', String(Math.max(1, Math.ceil(taken.retryAfterMs / 1000))));
      sendGraphError(reply, 429, 'TooManyRequests', 'Too many requests. Please retry after the time given in the Retry-After header.');
      return null;
    }
    return token;
  };
  for (const version of ['v1.0', 'beta'] as const) {
    app.get(`/${version}/auditLogs/signIns`, async (req, reply) => {
      if (!reports(req, reply)) return reply;
      if (!premium(reply)) return reply;
      // v1.0 lists interactive sign-ins; beta can filter on signInEventTypes to reach the non-interactive ones.
      const filter = queryOf(req).$filter ?? '';
      const nonInteractive = version === 'beta' && /signInEventTypes\/any\(\s*\w+\s*:\s*\w+\s+eq\s+'nonInteractiveUser'\s*\)/i.test(filter);
      const items = nonInteractive ? state.signIns(false) : state.signIns(true);
      return collection(req, reply, items, { context: 'auditLogs/signIns', defaultTop: 1000, maxTop: 1000, timeField: 'createdDateTime', pageCap: state.activityPageSize });
    });
  }
  app.get('/v1.0/auditLogs/directoryAudits', async (req, reply) => {
    if (!reports(req, reply)) return reply;
    return collection(req, reply, state.directoryAudits(), { context: 'auditLogs/directoryAudits', defaultTop: 1000, maxTop: 1000, timeField: 'activityDateTime' });
  });

  // Service principals, consents and app role assignments.
  const findSp = (id: string) => tenant.servicePrincipals.find((s) => s.id === id);
  app.get('/v1.0/servicePrincipals', async (req, reply) => {
    if (!authorize(req, reply, READ.apps)) return reply;
    return collection(req, reply, tenant.servicePrincipals.map(spJson), { context: 'servicePrincipals', defaultTop: 100, maxTop: 999 });
  });
  app.get('/v1.0/servicePrincipals/:id', async (req, reply) => {
    if (!authorize(req, reply, READ.apps)) return reply;
    const { id = '' } = paramsOf(req);
    const sp = findSp(id);
    if (!sp) return sendGraphError(reply, 404, 'Request_ResourceNotFound', NOT_FOUND(id));
    return entity(reply, 'servicePrincipals', spJson(sp), parseSelect(queryOf(req).$select));
  });
  app.get('/v1.0/servicePrincipals/:id/appRoleAssignments', async (req, reply) => {
    if (!authorize(req, reply, READ.apps)) return reply;
    const { id = '' } = paramsOf(req);
    if (!findSp(id)) return sendGraphError(reply, 404, 'Request_ResourceNotFound', NOT_FOUND(id));
    return collection(req, reply, tenant.appRoleAssignments.filter((a) => a.principalId === id).map(assignmentJson), { context: `servicePrincipals('${id}')/appRoleAssignments`, defaultTop: 100, maxTop: 999 });
  });
  app.get('/v1.0/servicePrincipals/:id/appRoleAssignedTo', async (req, reply) => {
    if (!authorize(req, reply, READ.apps)) return reply;
    const { id = '' } = paramsOf(req);
    if (!findSp(id)) return sendGraphError(reply, 404, 'Request_ResourceNotFound', NOT_FOUND(id));
    return collection(req, reply, tenant.appRoleAssignments.filter((a) => a.resourceId === id).map(assignmentJson), { context: `servicePrincipals('${id}')/appRoleAssignedTo`, defaultTop: 100, maxTop: 999 });
  });
  app.get('/v1.0/servicePrincipals/:id/oauth2PermissionGrants', async (req, reply) => {
    if (!authorize(req, reply, READ.grants)) return reply;
    const { id = '' } = paramsOf(req);
    if (!findSp(id)) return sendGraphError(reply, 404, 'Request_ResourceNotFound', NOT_FOUND(id));
    return collection(req, reply, tenant.grants.filter((g) => g.clientId === id).map(grantJson), { context: 'oauth2PermissionGrants', defaultTop: 100, maxTop: 999 });
  });
  app.get('/v1.0/servicePrincipals/:id/delegatedPermissionClassifications', async (req, reply) => {
    if (!authorize(req, reply, READ.apps)) return reply;
    const { id = '' } = paramsOf(req);
    const sp = findSp(id);
    if (!sp) return sendGraphError(reply, 404, 'Request_ResourceNotFound', NOT_FOUND(id));
    const items = sp.appId === '00000003-0000-0000-c000-000000000000' ? ((tenant.policies.graphDelegatedPermissionClassifications?.value ?? []) as Record<string, unknown>[]) : [];
    return collection(req, reply, items, { context: `servicePrincipals('${id}')/delegatedPermissionClassifications`, defaultTop: 100, maxTop: 999 });
  });
  const removeAssignment = (side: 'principalId' | 'resourceId') => async (req: FastifyRequest, reply: FastifyReply) => {
    if (!authorize(req, reply, ['AppRoleAssignment.ReadWrite.All'])) return reply;
    const { id = '', assignmentId = '' } = paramsOf(req);
    const index = tenant.appRoleAssignments.findIndex((a) => a.id === assignmentId && a[side] === id);
    const assignment = tenant.appRoleAssignments[index];
    if (!assignment) return sendGraphError(reply, 404, 'Request_ResourceNotFound', NOT_FOUND(assignmentId));
    tenant.appRoleAssignments.splice(index, 1);
    const client = findSp(assignment.principalId);
    const resource = findSp(assignment.resourceId);
    const role = resource?.appRoles.find((r) => r.id === assignment.appRoleId);
    state.recordAction(directoryChange(state.actionContext(), { time: state.now(), operation: 'Remove app role assignment from service principal.', category: 'ApplicationManagement', operationType: 'Unassign', actor: { kind: 'app', app: connectorSp() }, targets: [{ kind: 'servicePrincipal', id: assignment.resourceId, name: assignment.resourceDisplayName }, { kind: 'servicePrincipal', id: assignment.principalId, name: client?.displayName ?? assignment.principalDisplayName }], modified: [{ Name: 'AppRole.Id', OldValue: assignment.appRoleId, NewValue: '' }, { Name: 'AppRole.Value', OldValue: role?.value ?? '', NewValue: '' }, { Name: 'ServicePrincipal.ObjectID', OldValue: assignment.principalId, NewValue: '' }], modifiedOn: 1 }));
    return reply.code(204).send();
  };
  app.delete('/v1.0/servicePrincipals/:id/appRoleAssignments/:assignmentId', removeAssignment('principalId'));
  app.delete('/v1.0/servicePrincipals/:id/appRoleAssignedTo/:assignmentId', removeAssignment('resourceId'));
  app.patch('/v1.0/servicePrincipals/:id', async (req, reply) => {
    if (!authorize(req, reply, ['Application.ReadWrite.All', 'Directory.ReadWrite.All'])) return reply;
    const { id = '' } = paramsOf(req);
    const sp = findSp(id);
    if (!sp) return sendGraphError(reply, 404, 'Request_ResourceNotFound', NOT_FOUND(id));
    const body = (req.body ?? {}) as { accountEnabled?: unknown };
    if (typeof body.accountEnabled === 'boolean') sp.accountEnabled = body.accountEnabled;
    return reply.code(204).send();
  });

  app.get('/v1.0/oauth2PermissionGrants', async (req, reply) => {
    if (!authorize(req, reply, READ.grants)) return reply;
    return collection(req, reply, tenant.grants.map(grantJson), { context: 'oauth2PermissionGrants', defaultTop: 100, maxTop: 999 });
  });
  app.delete('/v1.0/oauth2PermissionGrants/:id', async (req, reply) => {
    if (!authorize(req, reply, ['DelegatedPermissionGrant.ReadWrite.All', 'Directory.ReadWrite.All'])) return reply;
    const { id = '' } = paramsOf(req);
    const index = tenant.grants.findIndex((g) => g.id === id);
    const grant = tenant.grants[index];
    if (!grant) return sendGraphError(reply, 404, 'Request_ResourceNotFound', NOT_FOUND(id));
    tenant.grants.splice(index, 1);
    const client = findSp(grant.clientId);
    state.recordAction(directoryChange(state.actionContext(), { time: state.now(), operation: 'Remove delegated permission grant.', category: 'ApplicationManagement', operationType: 'Unassign', actor: { kind: 'app', app: connectorSp() }, targets: [{ kind: 'servicePrincipal', id: grant.resourceId, name: 'Microsoft Graph' }, { kind: 'servicePrincipal', id: grant.clientId, name: client?.displayName ?? null }], modified: [{ Name: 'DelegatedPermissionGrant.Scope', OldValue: grant.scope, NewValue: '' }, { Name: 'DelegatedPermissionGrant.ConsentType', OldValue: grant.consentType, NewValue: '' }], modifiedOn: 1 }));
    return reply.code(204).send();
  });

  // Posture documents.
  const policy = (path: string, key: string, needsPremium = false) =>
    app.get(path, async (req, reply) => {
      if (!authorize(req, reply, READ.policies)) return reply;
      if (needsPremium && !premium(reply)) return reply;
      const doc = tenant.policies[key] ?? {};
      return reply.send(doc);
    });
  policy('/v1.0/policies/identitySecurityDefaultsEnforcementPolicy', 'identitySecurityDefaultsEnforcementPolicy');
  policy('/v1.0/policies/authorizationPolicy', 'authorizationPolicy');
  policy('/v1.0/policies/authenticationMethodsPolicy', 'authenticationMethodsPolicy');
  policy('/v1.0/policies/adminConsentRequestPolicy', 'adminConsentRequestPolicy');
  app.get('/v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/:id', async (req, reply) => {
    if (!authorize(req, reply, READ.policies)) return reply;
    const { id = '' } = paramsOf(req);
    const configs = ((tenant.policies.authenticationMethodsPolicy?.authenticationMethodConfigurations ?? []) as Record<string, unknown>[]).filter((c) => String(c.id).toLowerCase() === id.toLowerCase());
    if (!configs[0]) return sendGraphError(reply, 404, 'Request_ResourceNotFound', NOT_FOUND(id));
    return reply.send({ '@odata.context': `${GRAPH}/v1.0/$metadata#authenticationMethodConfigurations/$entity`, ...configs[0] });
  });
  app.get('/v1.0/identity/conditionalAccess/policies', async (req, reply) => {
    if (!authorize(req, reply, READ.policies)) return reply;
    if (!premium(reply)) return reply;
    const doc = tenant.policies.conditionalAccessPolicies ?? { value: [] };
    return collection(req, reply, (doc.value ?? []) as Record<string, unknown>[], { context: 'identity/conditionalAccess/policies', defaultTop: 100, maxTop: 999 });
  });
  app.get('/v1.0/domains', async (req, reply) => {
    if (!authorize(req, reply, READ.domains)) return reply;
    return collection(req, reply, tenant.domains.map((d) => ({ ...d })), { context: 'domains', defaultTop: 100, maxTop: 999 });
  });
  app.get('/v1.0/groupSettings', async (req, reply) => {
    if (!authorize(req, reply, READ.directory)) return reply;
    return collection(req, reply, (tenant.policies.groupSettings?.value ?? []) as Record<string, unknown>[], { context: 'groupSettings', defaultTop: 100, maxTop: 999 });
  });
  app.get('/v1.0/contacts', async (req, reply) => {
    if (!authorize(req, reply, READ.contacts)) return reply;
    return collection(req, reply, tenant.contacts.map((c) => ({ ...c })), { context: 'contacts', defaultTop: 100, maxTop: 999 });
  });

  messageRuleRoutes(app, state, authorize);

  app.get('/v1.0/organization', async (req, reply) => {
    if (!authorize(req, reply, READ.organization)) return reply;
    return collection(
      req,
      reply,
      [{ id: tenant.id, displayName: tenant.displayName, tenantType: 'AAD', createdDateTime: graphTime(tenant.createdAt), verifiedDomains: tenant.domains.map((d) => ({ name: d.id, isDefault: d.isDefault, isInitial: d.isInitial, type: d.authenticationType })) }],
      { context: 'organization', defaultTop: 100, maxTop: 999 },
    );
  });
}
