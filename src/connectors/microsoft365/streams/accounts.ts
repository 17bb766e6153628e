import type { AccountRecord } from '../../../core/account.js';
import { AuthError } from '../../../core/errors.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { lowerEmail, str } from '../../sdk/normalize-helpers.js';
import type { GraphObject } from '../client.js';
import { isAdminRole, loadRoleHoldings } from '../directory-roles.js';
import { M365_ERROR_CODES } from '../http-policy.js';
import type { M365Session } from '../session.js';

export const USER_SELECT = [
  'id',
  'displayName',
  'userPrincipalName',
  'mail',
  'proxyAddresses',
  'accountEnabled',
  'userType',
  'externalUserState',
  'creationType',
  'createdDateTime',
  'onPremisesSyncEnabled',
  'jobTitle',
  'department',
  'lastPasswordChangeDateTime',
  'signInSessionsValidFromDateTime',
].join(',');

/** A guest's UPN (`jane_fabrikam.com#EXT#@contoso.onmicrosoft.com`) is not an address anyone receives mail at. */
function isExternalUpn(upn: string | null): boolean {
  return upn !== null && upn.includes('#ext#');
}

/**
 * The e-mail addresses an account is known by, for linking it to the same person's accounts elsewhere:
 * its proxyAddresses (every SMTP address Exchange delivers to it) and its UPN. A guest who has not yet
 * accepted the invitation has proved none of them, so it carries none.
 */
export function aliasesOf(user: GraphObject, primary: string | null): string[] {
  if (str(user.externalUserState) === 'PendingAcceptance') return [];
  const addresses = new Set<string>();
  const proxies = Array.isArray(user.proxyAddresses) ? user.proxyAddresses : [];
  for (const proxy of proxies) {
    const match = /^smtp:(.+)$/i.exec(String(proxy));
    const address = match?.[1] ? lowerEmail(match[1]) : null;
    if (address?.includes('@')) addresses.add(address);
  }
  const upn = lowerEmail(user.userPrincipalName);
  if (upn && !isExternalUpn(upn)) addresses.add(upn);
  if (primary) addresses.delete(primary);
  return [...addresses].sort();
}

/** Maps one Graph user to an account record (`roles` = names of the directory roles it holds). */
export function toAccountRecord(user: GraphObject, roles: readonly string[]): AccountRecord | null {
  const id = str(user.id);
  if (!id) return null;
  const upn = lowerEmail(user.userPrincipalName);
  const email = lowerEmail(user.mail) ?? (isExternalUpn(upn) ? null : upn);
  const guest = str(user.userType) === 'Guest';
  return {
    providerId: id,
    email,
    name: str(user.displayName),
    status: user.accountEnabled === false ? 'suspended' : 'active',
    isAdmin: roles.some(isAdminRole),
    aliases: aliasesOf(user, email),
    details: {
      userPrincipalName: str(user.userPrincipalName),
      userType: str(user.userType),
      guest,
      externalUserState: str(user.externalUserState),
      emailVerified: !(guest && str(user.externalUserState) === 'PendingAcceptance'),
      accountEnabled: user.accountEnabled ?? null,
      onPremisesSyncEnabled: user.onPremisesSyncEnabled ?? null,
      createdDateTime: str(user.createdDateTime),
      jobTitle: str(user.jobTitle),
      department: str(user.department),
      lastPasswordChangeDateTime: str(user.lastPasswordChangeDateTime),
      signInSessionsValidFromDateTime: str(user.signInSessionsValidFromDateTime),
      signInActivity: user.signInActivity ?? null,
      directoryRoles: [...new Set(roles)].sort(),
    },
  };
}

function isNonPremium(error: unknown): boolean {
  return error instanceof AuthError && error.providerCode === M365_ERROR_CODES.nonPremium;
}

/**
 * Users with their aliases, state, directory roles and (with Entra ID P1) last sign-in. Without P1 the
 * list is read without `signInActivity` rather than not at all.
 */
export const accountsStream: SnapshotStream<M365Session, 'accounts'> = {
  kind: 'snapshot',
  entity: 'accounts',
  async *read(session, runtime) {
    const { client } = session;
    const rolesByPrincipal = new Map<string, string[]>();
    for (const holding of await loadRoleHoldings(session, runtime.signal)) {
      const list = rolesByPrincipal.get(holding.principalId) ?? [];
      list.push(holding.roleName);
      rolesByPrincipal.set(holding.principalId, list);
    }
    const url = client.graphUrl('/users');
    const map = (page: GraphObject[]) => page.map((u) => toAccountRecord(u, rolesByPrincipal.get(str(u.id) ?? '') ?? [])).filter((a): a is AccountRecord => a !== null);
    let yielded = false;
    try {
      for await (const page of client.graphPages('microsoft365.graph.users.sign-in-activity', url, { $select: `${USER_SELECT},signInActivity`, $top: 500 }, { signal: runtime.signal })) {
        yielded = true;
        yield map(page);
      }
      return;
    } catch (error) {
      if (yielded || !isNonPremium(error)) throw error;
      runtime.logger.warn('Microsoft 365: the tenant has no Entra ID P1/P2 licence, so users are listed without their last sign-in time.');
    }
    for await (const page of client.graphPages('microsoft365.graph.users', url, { $select: USER_SELECT, $top: 999 }, { signal: runtime.signal })) yield map(page);
  },
};
