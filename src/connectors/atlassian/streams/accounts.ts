import type { AccountRecord } from '../../../core/account.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { bool, lowerEmail, str } from '../../sdk/normalize-helpers.js';
import type { AtlassianSession } from '../session.js';
import { directoryUsers, isAdminUser, type DirectoryUser } from './directory.js';

/** `account_status` of a managed account, and whether its access in this org is suspended. */
export function accountStatus(accountStatusText: string | null, membershipStatus: string | null): AccountRecord['status'] {
  if (accountStatusText === 'closed') return 'deleted';
  if (accountStatusText === 'inactive' || membershipStatus === 'suspended') return 'suspended';
  return 'active';
}

/** One managed account of `GET /admin/v1/orgs/{orgId}/users` (snake_case), with its directory entry when there is one. */
export function managedAccount(user: Record<string, unknown>, dir: DirectoryUser | undefined): AccountRecord | null {
  const id = str(user.account_id);
  if (!id) return null;
  const products = Array.isArray(user.product_access) ? user.product_access : [];
  return {
    providerId: id,
    email: lowerEmail(user.email) ?? dir?.email ?? null,
    name: str(user.name) ?? dir?.name ?? null,
    status: accountStatus(str(user.account_status), dir?.membershipStatus ?? null),
    isAdmin: dir ? isAdminUser(dir) : null,
    aliases: [],
    details: {
      accountType: str(user.account_type),
      accessBillable: bool(user.access_billable),
      lastActive: str(user.last_active),
      products: products.map((p) => str((p as Record<string, unknown> | null)?.key)).filter(Boolean),
      ...(dir ? { roles: dir.roles.map((r) => r.id), groups: dir.groups.map((g) => g.name ?? g.id), mfaEnabled: dir.mfaEnabled, membershipStatus: dir.membershipStatus } : {}),
    },
  };
}

/** The organisation's managed accounts (v1 `/users`, its `links.next` a full URL), with roles and 2SV from the v2 directory search. */
export const accountsStream: SnapshotStream<AtlassianSession, 'accounts'> = {
  kind: 'snapshot',
  entity: 'accounts',
  async *read(session, runtime) {
    const dir = new Map((await directoryUsers(session, runtime.signal)).map((u) => [u.accountId, u]));
    for await (const page of session.client.list('atlassian.users.list', `${session.client.org}/users`, {}, runtime.signal)) {
      yield page.map((u) => managedAccount(u, dir.get(str(u.account_id) ?? ''))).filter((a): a is AccountRecord => a !== null);
    }
  },
};
