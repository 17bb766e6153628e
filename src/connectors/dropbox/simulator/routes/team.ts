import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SimMember, SimSession } from '../tenant.js';
import { ROLES } from '../tenant.js';
import type { DropboxState } from '../state.js';
import { badInput, decodeCursor, encodeCursor, iso, routeError, tagOf, voidResult } from '../wire.js';
import { userInfo } from '../events.js';

type Body = Record<string, unknown>;

export function memberProfile(m: SimMember): Body {
  return {
    team_member_id: m.teamMemberId,
    account_id: m.accountId,
    external_id: m.externalId,
    email: m.person.email,
    email_verified: m.status !== 'invited',
    secondary_emails: [],
    status: { '.tag': m.status },
    name: { given_name: m.person.firstName, surname: m.person.lastName, familiar_name: m.person.firstName, display_name: `${m.person.firstName} ${m.person.lastName}`, abbreviated_name: `${m.person.firstName[0] ?? ''}${m.person.lastName[0] ?? ''}` },
    membership_type: { '.tag': 'full' },
    ...(m.status === 'invited' ? { invited_on: iso(m.joinedOn) } : { joined_on: iso(m.joinedOn) }),
    groups: [...m.groupIds],
    member_folder_id: String(2_000_000 + m.person.index),
    root_folder_id: String(3_000_000 + m.person.index),
  };
}

/** One page of `items` from `offset` with a cursor for the rest. */
function slice<T>(items: readonly T[], offset: number, limit: number): { page: T[]; cursor: string; hasMore: boolean } {
  const page = items.slice(offset, offset + limit);
  return { page, cursor: encodeCursor({ o: offset + page.length, l: limit }), hasMore: offset + page.length < items.length };
}

function limitOf(body: Body, reply: FastifyReply, route: string): number | null {
  const limit = body.limit === undefined ? 1000 : Number(body.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    badInput(reply, route, `limit: ${String(body.limit)} is not within range [1, 1000]`);
    return null;
  }
  return limit;
}

function cursorOf(body: Body, reply: FastifyReply): { o: number; l: number; g?: string } | null {
  const c = decodeCursor(body.cursor);
  if (!c || typeof c.o !== 'number' || typeof c.l !== 'number') {
    routeError(reply, 409, 'invalid_cursor');
    return null;
  }
  return { o: c.o, l: c.l, ...(typeof c.g === 'string' ? { g: c.g } : {}) };
}

/** The member a `UserSelectorArg` names (`team_member_id`, `external_id` or `email`). */
function selectMember(state: DropboxState, selector: unknown): SimMember | undefined {
  if (!selector || typeof selector !== 'object') return undefined;
  const s = selector as Body;
  switch (tagOf(s)) {
    case 'team_member_id':
      return state.member(String(s.team_member_id));
    case 'external_id':
      return state.tenant.members.find((m) => m.externalId === s.external_id);
    case 'email':
      return state.tenant.members.find((m) => m.person.email === String(s.email).toLowerCase());
    default:
      return undefined;
  }
}

function sessionJson(s: SimSession): Body {
  const base = { session_id: s.sessionId, ip_address: s.ip, country: s.country, created: iso(s.created), updated: iso(s.created + 3_600_000) };
  if (s.kind === 'web_session') return { ...base, user_agent: `${s.name} browser`, os: 'Windows', browser: s.name };
  if (s.kind === 'desktop_client') return { ...base, host_name: s.name, client_type: { '.tag': 'windows' }, client_version: '205.4.6371', platform: 'Windows 11', is_delete_on_unlink_supported: true };
  return { ...base, device_name: s.name, client_type: { '.tag': s.name.startsWith('iPhone') ? 'iphone' : 'android' }, client_version: '380.2.2', os_version: '17.4', last_carrier: 'T-Mobile' };
}

/** The team namespace: info, members (list, suspend, unsuspend, roles), groups, linked apps, devices. */
export function teamRoutes(app: FastifyInstance, state: DropboxState): void {
  const { tenant } = state;
  const adminSpec = () => ({ actor: state.admin, asAdmin: true, ip: '203.0.113.10', access: 'api' as const, geo: { city: 'Ashburn', region: 'Virginia', country: 'US' } });

  app.post('/2/team/get_info', async () => ({
    name: tenant.team.name,
    team_id: tenant.team.id,
    num_licensed_users: tenant.members.length + 5,
    num_provisioned_users: tenant.members.filter((m) => m.status !== 'invited').length,
    num_used_licenses: tenant.members.length,
    policies: {
      sharing: {
        shared_folder_member_policy: { '.tag': tenant.policies.sharedFolderMemberPolicy },
        shared_folder_join_policy: { '.tag': tenant.policies.sharedFolderJoinPolicy },
        shared_link_create_policy: { '.tag': tenant.policies.sharedLinkCreatePolicy },
        group_creation_policy: { '.tag': tenant.policies.groupCreationPolicy },
        shared_folder_link_restriction_policy: { '.tag': 'anyone' },
        enforce_link_password_policy: { '.tag': 'optional' },
        default_link_expiration_days_policy: { '.tag': 'none' },
        shared_link_default_permissions_policy: { '.tag': 'default' },
      },
      emm_state: { '.tag': tenant.policies.emmState },
      office_addin: { '.tag': tenant.policies.officeAddin },
      suggest_members_policy: { '.tag': tenant.policies.suggestMembers },
      top_level_content_policy: { '.tag': 'admin_only' },
    },
  }));

  app.post('/2/team/token/get_authenticated_admin', async () => ({ admin_profile: memberProfile(state.admin) }));

  const members = (includeRemoved: boolean) => tenant.members.filter((m) => includeRemoved || m.status !== ('removed' as string));
  const memberPage = (items: SimMember[], offset: number, limit: number) => {
    const { page, cursor, hasMore } = slice(items, offset, limit);
    return { members: page.map((m) => ({ profile: memberProfile(m), roles: m.roles.map((r) => ({ ...r })) })), cursor, has_more: hasMore };
  };
  app.post('/2/team/members/list_v2', async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const limit = limitOf(body, reply, 'team/members/list_v2');
    if (limit === null) return reply;
    return memberPage(members(body.include_removed === true), 0, limit);
  });
  app.post('/2/team/members/list/continue_v2', async (req, reply) => {
    const c = cursorOf((req.body ?? {}) as Body, reply);
    if (!c) return reply;
    return memberPage(members(false), c.o, c.l);
  });

  app.post('/2/team/members/get_available_team_member_roles', async () => ({ roles: Object.values(ROLES).map((r) => ({ ...r })) }));

  app.post('/2/team/members/suspend', async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const m = selectMember(state, body.user);
    if (!m) return routeError(reply, 409, 'user_not_found');
    if (m.status !== 'active') return routeError(reply, 409, 'suspend_inactive_user');
    if (m.roles.some((r) => r.role_id === ROLES.team.role_id) && tenant.members.filter((x) => x.status === 'active' && x.roles.some((r) => r.role_id === ROLES.team.role_id)).length === 1) return routeError(reply, 409, 'suspend_last_admin');
    m.status = 'suspended';
    // wipe_data defaults to true: a suspended member's linked devices are wiped unless the caller says false.
    const wipe = body.wipe_data !== false;
    m.sessions = [];
    state.append({ ...adminSpec(), type: 'member_change_status', description: 'Changed member status (invited, joined, suspended, etc.)', category: 'members', context: m, participants: [{ '.tag': 'user', user: userInfo(m) }], details: { previous_value: { '.tag': 'active' }, new_value: { '.tag': 'suspended' }, action: { '.tag': 'action', action: { '.tag': wipe ? 'remote_wipe' : 'leave_account' } } } });
    return voidResult(reply);
  });

  app.post('/2/team/members/unsuspend', async (req, reply) => {
    const m = selectMember(state, ((req.body ?? {}) as Body).user);
    if (!m) return routeError(reply, 409, 'user_not_found');
    if (m.status !== 'suspended') return routeError(reply, 409, 'unsuspend_non_suspended_member');
    m.status = 'active';
    state.append({ ...adminSpec(), type: 'member_change_status', description: 'Changed member status (invited, joined, suspended, etc.)', category: 'members', context: m, participants: [{ '.tag': 'user', user: userInfo(m) }], details: { previous_value: { '.tag': 'suspended' }, new_value: { '.tag': 'active' } } });
    return voidResult(reply);
  });

  const groupSummary = (g: (typeof tenant.groups)[number]) => ({
    group_name: g.name,
    group_id: g.id,
    ...(g.externalId ? { group_external_id: g.externalId } : {}),
    member_count: g.members.length,
    group_management_type: { '.tag': g.managementType },
  });
  app.post('/2/team/groups/list', async (req, reply) => {
    const limit = limitOf((req.body ?? {}) as Body, reply, 'team/groups/list');
    if (limit === null) return reply;
    const { page, cursor, hasMore } = slice(tenant.groups, 0, limit);
    return { groups: page.map(groupSummary), cursor, has_more: hasMore };
  });
  app.post('/2/team/groups/list/continue', async (req, reply) => {
    const c = cursorOf((req.body ?? {}) as Body, reply);
    if (!c) return reply;
    const { page, cursor, hasMore } = slice(tenant.groups, c.o, c.l);
    return { groups: page.map(groupSummary), cursor, has_more: hasMore };
  });

  const groupMemberPage = (groupId: string, offset: number, limit: number) => {
    const g = tenant.groups.find((x) => x.id === groupId);
    if (!g) return null;
    const page = g.members.slice(offset, offset + limit);
    const next = offset + page.length;
    return {
      members: page.map((gm) => ({ profile: memberProfile(state.member(gm.teamMemberId) as SimMember), access_type: { '.tag': gm.accessType } })),
      cursor: encodeCursor({ o: next, l: limit, g: groupId }),
      has_more: next < g.members.length,
    };
  };
  app.post('/2/team/groups/members/list', async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const limit = limitOf(body, reply, 'team/groups/members/list');
    if (limit === null) return reply;
    const selector = (body.group ?? {}) as Body;
    const result = groupMemberPage(String(selector.group_id ?? ''), 0, limit);
    return result ?? routeError(reply, 409, 'group_not_found');
  });
  app.post('/2/team/groups/members/list/continue', async (req, reply) => {
    const c = cursorOf((req.body ?? {}) as Body, reply);
    if (!c) return reply;
    return groupMemberPage(c.g ?? '', c.o, c.l) ?? routeError(reply, 409, 'invalid_cursor');
  });

  // Linked apps and devices page over members, 20 members per call, the cursor in the argument.
  const PER_CALL = 20;
  const active = () => tenant.members.filter((m) => m.status !== 'invited');
  const memberCursor = (body: Body, reply: FastifyReply): number | null => {
    if (body.cursor === undefined) return 0;
    const c = decodeCursor(body.cursor);
    if (!c || typeof c.o !== 'number') {
      routeError(reply, 409, 'reset');
      return null;
    }
    return c.o;
  };
  app.post('/2/team/linked_apps/list_members_linked_apps', async (req, reply) => {
    const offset = memberCursor((req.body ?? {}) as Body, reply);
    if (offset === null) return reply;
    const all = active();
    const page = all.slice(offset, offset + PER_CALL);
    const more = offset + page.length < all.length;
    return {
      apps: page.map((m) => ({
        team_member_id: m.teamMemberId,
        linked_api_apps: m.linkedApps.map((id) => {
          const a = tenant.apps.find((x) => x.id === id);
          return { app_id: id, app_name: a?.name ?? id, is_app_folder: a?.isAppFolder ?? false, ...(a?.publisher ? { publisher: a.publisher } : {}), ...(a?.publisherUrl ? { publisher_url: a.publisherUrl } : {}), linked: iso(m.joinedOn + 86_400_000) };
        }),
      })),
      has_more: more,
      ...(more ? { cursor: encodeCursor({ o: offset + page.length }) } : {}),
    };
  });

  app.post('/2/team/linked_apps/revoke_linked_app', async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const m = state.member(String(body.team_member_id ?? ''));
    if (!m) return routeError(reply, 409, 'member_not_found');
    const appId = String(body.app_id ?? '');
    if (!m.linkedApps.includes(appId)) return routeError(reply, 409, 'app_not_found');
    m.linkedApps = m.linkedApps.filter((id) => id !== appId);
    const a = tenant.apps.find((x) => x.id === appId);
    state.append({ ...adminSpec(), type: 'app_unlink_user', description: 'Unlinked app for member', category: 'apps', context: m, details: { app_info: { '.tag': 'user_or_team_linked_app', app_id: appId, display_name: a?.name ?? appId } } });
    return voidResult(reply);
  });

  app.post('/2/team/devices/list_members_devices', async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const offset = memberCursor(body, reply);
    if (offset === null) return reply;
    const all = active();
    const page = all.slice(offset, offset + PER_CALL);
    const more = offset + page.length < all.length;
    const want = (flag: unknown) => flag !== false;
    return {
      devices: page.map((m) => ({
        team_member_id: m.teamMemberId,
        ...(want(body.include_web_sessions) ? { web_sessions: m.sessions.filter((s) => s.kind === 'web_session').map(sessionJson) } : {}),
        ...(want(body.include_desktop_clients) ? { desktop_clients: m.sessions.filter((s) => s.kind === 'desktop_client').map(sessionJson) } : {}),
        ...(want(body.include_mobile_clients) ? { mobile_clients: m.sessions.filter((s) => s.kind === 'mobile_client').map(sessionJson) } : {}),
      })),
      has_more: more,
      ...(more ? { cursor: encodeCursor({ o: offset + page.length }) } : {}),
    };
  });

  app.post('/2/team/devices/revoke_device_session', async (req, reply) => {
    const body = (req.body ?? {}) as Body;
    const kind = tagOf(body);
    if (kind !== 'web_session' && kind !== 'desktop_client' && kind !== 'mobile_client') return badInput(reply, 'team/devices/revoke_device_session', 'unknown tag');
    const m = state.member(String(body.team_member_id ?? ''));
    if (!m) return routeError(reply, 409, 'member_not_found');
    const session = m.sessions.find((s) => s.sessionId === body.session_id && s.kind === kind);
    if (!session) return routeError(reply, 409, 'device_session_not_found');
    m.sessions = m.sessions.filter((s) => s !== session);
    state.append({ ...adminSpec(), type: 'device_unlink', description: 'Disconnected device', category: 'devices', context: m, details: { session_info: { '.tag': kind, session_id: session.sessionId }, display_name: session.name, delete_data: body.delete_on_unlink === true } });
    return voidResult(reply);
  });

}
