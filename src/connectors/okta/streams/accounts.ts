import type { AccountRecord } from '../../../core/account.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { asRecord, lowerEmail, str } from '../../sdk/normalize-helpers.js';
import type { OktaObject } from '../client.js';
import type { OktaSession } from '../session.js';

/** Okta user status -> Parapet account status: deactivated (DEPROVISIONED) users are closed accounts. */
export function accountStatus(status: string | null): AccountRecord['status'] {
  if (status === 'SUSPENDED') return 'suspended';
  if (status === 'DEPROVISIONED') return 'deleted';
  return 'active';
}

export function inDomains(address: string, domains: readonly string[]): boolean {
  const host = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return domains.some((d) => host === d || host.endsWith(`.${d}`));
}

/** One Okta user -> account. Only an address in one of the org's own domains anchors an identity. */
export function toAccountRecord(user: OktaObject, adminIds: ReadonlySet<string>, domains: readonly string[]): AccountRecord | null {
  const id = str(user.id);
  if (!id) return null;
  const profile = asRecord(user.profile) ?? {};
  const email = lowerEmail(profile.email) ?? (str(profile.login)?.includes('@') ? lowerEmail(profile.login) : null);
  const login = lowerEmail(profile.login);
  const name = [str(profile.firstName), str(profile.lastName)].filter(Boolean).join(' ') || str(profile.displayName) || null;
  const status = str(user.status);
  return {
    providerId: id,
    email,
    name,
    status: accountStatus(status),
    isAdmin: adminIds.has(id),
    aliases: login && login !== email && login.includes('@') ? [login] : [],
    identityAnchor: email !== null && inDomains(email, domains),
    details: {
      login: str(profile.login),
      oktaStatus: status,
      created: str(user.created),
      activated: str(user.activated),
      statusChanged: str(user.statusChanged),
      lastLogin: str(user.lastLogin),
      passwordChanged: str(user.passwordChanged),
      credentialProvider: str(asRecord(asRecord(user.credentials)?.provider)?.type),
    },
  };
}

/**
 * Users: the plain listing (which hides deactivated users) and then the deactivated ones by status
 * filter, so leavers stay in the inventory as closed accounts. Admins from the role assignees listing.
 */
export const accountsStream: SnapshotStream<OktaSession, 'accounts'> = {
  kind: 'snapshot',
  entity: 'accounts',
  async *read(session, runtime) {
    const { client, config } = session;
    const admins = new Set(await client.adminUserIds(runtime.signal));
    for (const query of [{ limit: 200 }, { limit: 200, filter: 'status eq "DEPROVISIONED"' }]) {
      for await (const users of client.list('okta.users.list', '/api/v1/users', query, runtime.signal)) {
        yield users.map((u) => toAccountRecord(u, admins, config.domains)).filter((a): a is AccountRecord => a !== null);
      }
    }
  },
};
