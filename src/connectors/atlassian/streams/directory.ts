import { asRecord, bool, lowerEmail, str } from '../../sdk/normalize-helpers.js';
import type { AtlassianSession } from '../session.js';

/** v2 searches serve at most 100 users or groups a page. */
export const SEARCH_LIMIT = 100;

/** The platform role that administers the whole organisation. */
export const ORG_ADMIN_ROLE = 'atlassian/org-admin';
/** Roles that administer something (org, sites, user access); `atlassian/user` is not one. */
export const ADMIN_ROLES = new Set([ORG_ADMIN_ROLE, 'atlassian/site-admin', 'atlassian/user-access-admin', 'atlassian/admin']);

export interface DirectoryUser {
  accountId: string;
  email: string | null;
  name: string | null;
  accountStatus: string | null;
  membershipStatus: string | null;
  mfaEnabled: boolean | null;
  roles: { id: string; name: string }[];
  groups: { id: string; name: string | null }[];
}

/** One user of `POST …/directories/{directoryId}/users/search` (camelCase, expanded with platformRoles and groups). */
export function directoryUser(raw: Record<string, unknown>): DirectoryUser | null {
  const accountId = str(raw.accountId);
  if (!accountId) return null;
  const list = (v: unknown) => (Array.isArray(v) ? v.map(asRecord).filter((x): x is Record<string, unknown> => x !== null) : []);
  return {
    accountId,
    email: lowerEmail(raw.email),
    name: str(raw.name) ?? str(raw.nickname),
    accountStatus: str(raw.accountStatus),
    membershipStatus: str(raw.membershipStatus),
    mfaEnabled: bool(raw.mfaEnabled),
    roles: list(raw.platformRoles)
      .map((r) => ({ id: str(r.roleId) ?? str(r.id) ?? '', name: str(r.displayName) ?? str(r.name) ?? str(r.roleId) ?? str(r.id) ?? '' }))
      .filter((r) => r.id !== ''),
    groups: list(raw.groups)
      .map((g) => ({ id: str(g.groupId) ?? str(g.id) ?? '', name: str(g.name) }))
      .filter((g) => g.id !== ''),
  };
}

/** Every user of the directory, with platform roles, groups and 2SV (`mfaEnabled`). */
export async function directoryUsers(session: AtlassianSession, signal?: AbortSignal): Promise<DirectoryUser[]> {
  const out: DirectoryUser[] = [];
  const body = { limit: SEARCH_LIMIT, expand: ['platformRoles', 'groups'] };
  for await (const page of session.client.search('atlassian.directory.users.search', `${session.client.directory}/users/search`, body, signal)) {
    for (const raw of page) {
      const user = directoryUser(raw);
      if (user) out.push(user);
    }
  }
  return out;
}

export const isAdminUser = (u: DirectoryUser) => u.roles.some((r) => ADMIN_ROLES.has(r.id));
