import type { AccountRecord } from '../../../core/account.js';
import { AuthError } from '../../../core/errors.js';
import type { ConnectorRuntime, SnapshotStream } from '../../sdk/define-connector.js';
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
export function aliasesOf(user: GraphObject, primary: string | null, domains: readonly string[] | null = null): string[] {
  if (str(user.externalUserState) === 'PendingAcceptance') return [];
  const member = str(user.userType) !== 'Guest';
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
  // A member's addresses outside the tenant's verified domains are claims any admin can type.
  return [...addresses].filter((a) => !member || domains === null || inDomains(a, domains)).sort();
}

/** Whether an address is in one of `domains` or a subdomain of one. */
export function inDomains(address: string, domains: readonly string[]): boolean {
  const host = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  return domains.some((d) => host === d || host.endsWith(`.${d}`));
}

/**
 * Maps one Graph user to an account record (`roles` = names of the directory roles it holds; `domains` =
 * the tenant's verified domains, null when they could not be read). Only a member whose e-mail is in a
 * verified domain of this tenant anchors an identity; a member's e-mail outside them links nothing.
 */
export function toAccountRecord(user: GraphObject, roles: readonly string[], domains: readonly string[] | null = null): AccountRecord | null {
  const id = str(user.id);
  if (!id) return null;
  const upn = lowerEmail(user.userPrincipalName);
  const email = lowerEmail(user.mail) ?? (isExternalUpn(upn) ? null : upn);
  const guest = str(user.userType) === 'Guest';
  const ownDomain = email !== null && domains !== null && inDomains(email, domains);
  const foreignClaim = !guest && email !== null && domains !== null && !ownDomain;
  return {
    providerId: id,
    email,
    name: str(user.displayName),
    status: user.accountEnabled === false ? 'suspended' : 'active',
    isAdmin: roles.some(isAdminRole),
    aliases: aliasesOf(user, email, domains),
    identityAnchor: !guest && ownDomain,
    details: {
      userPrincipalName: str(user.userPrincipalName),
      userType: str(user.userType),
      guest,
      externalUserState: str(user.externalUserState),
      emailVerified: !(guest && str(user.externalUserState) === 'PendingAcceptance') && !foreignClaim,
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

/**
 * The tenant's verified domains (Graph /domains, Domain.Read.All): an e-mail in one of them belongs to
 * this tenant. Unreadable (permission missing): null, and no account of this tenant anchors an identity.
 */
async function verifiedDomains(session: M365Session, runtime: ConnectorRuntime): Promise<string[] | null> {
  try {
    const domains: string[] = [];
    for await (const page of session.client.graphPages('microsoft365.graph.domains', session.client.graphUrl('/domains'), { $select: 'id,isVerified' }, { signal: runtime.signal })) {
      for (const d of page) if (d.isVerified === true && str(d.id)) domains.push((str(d.id) as string).toLowerCase());
    }
    return domains;
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    runtime.logger.warn(`Microsoft 365: cannot read the tenant's verified domains (${error.message}); its accounts will not anchor identities until Domain.Read.All is granted.`);
    return null;
  }
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
    const domains = await verifiedDomains(session, runtime);
    const url = client.graphUrl('/users');
    const map = (page: GraphObject[]) => page.map((u) => toAccountRecord(u, rolesByPrincipal.get(str(u.id) ?? '') ?? [], domains)).filter((a): a is AccountRecord => a !== null);
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
