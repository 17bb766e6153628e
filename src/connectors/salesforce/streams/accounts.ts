import type { AccountRecord } from '../../../core/account.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { asRecord, bool, lowerEmail, str } from '../../sdk/normalize-helpers.js';
import type { SalesforceSession } from '../session.js';
import { adminPermissionsByUser } from './privileges.js';

export const USER_SOQL = 'SELECT Id, Username, Email, Name, IsActive, UserType, ProfileId, Profile.Name, UserRoleId, LastLoginDate, CreatedDate FROM User ORDER BY Id';

/** Frozen users (UserLogin.IsFrozen): they cannot sign in although IsActive is still true. */
export async function frozenUserIds(session: SalesforceSession, signal?: AbortSignal): Promise<Set<string>> {
  const rows = await session.client.rows('SELECT Id, UserId, IsFrozen, IsPasswordLocked FROM UserLogin WHERE IsFrozen = true', signal);
  return new Set(rows.map((r) => str(r.UserId)).filter((id): id is string => id !== null));
}

export function userAccount(user: Record<string, unknown>, frozen: boolean, admin: readonly string[] | undefined): AccountRecord | null {
  const id = str(user.Id);
  if (!id) return null;
  const active = bool(user.IsActive) !== false;
  return {
    providerId: id,
    email: lowerEmail(user.Email),
    name: str(user.Name),
    status: !active || frozen ? 'suspended' : 'active',
    isAdmin: (admin?.length ?? 0) > 0,
    aliases: [],
    details: {
      username: str(user.Username),
      userType: str(user.UserType),
      profile: str(asRecord(user.Profile)?.Name),
      profileId: str(user.ProfileId),
      frozen,
      deactivated: !active,
      adminPermissions: admin ?? [],
      lastLoginDate: str(user.LastLoginDate),
      createdDate: str(user.CreatedDate),
    },
  };
}

/** Every User of the org (inactive ones too), frozen ones as suspended, admins by their permissions. */
export const accountsStream: SnapshotStream<SalesforceSession, 'accounts'> = {
  kind: 'snapshot',
  entity: 'accounts',
  async *read(session, runtime) {
    const frozen = await frozenUserIds(session, runtime.signal);
    const admins = await adminPermissionsByUser(session, runtime.signal);
    for await (const page of session.client.queryAll(USER_SOQL, runtime.signal)) {
      yield page.map((u) => userAccount(u, frozen.has(str(u.Id) ?? ''), admins.get(str(u.Id) ?? ''))).filter((a): a is AccountRecord => a !== null);
    }
  },
};
