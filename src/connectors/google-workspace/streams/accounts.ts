import type { AccountRecord } from '../../../core/account.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { lowerEmail, str } from '../../sdk/normalize-helpers.js';
import type { GoogleObject } from '../client.js';
import { domainOf } from '../../../core/email.js';
import { listUsers, verifiedDomains } from '../directory.js';
import type { GoogleSession } from '../session.js';

/** `lastLoginTime` of a user who never signed in (digest §9.6). */
const NEVER = '1970-01-01T00:00:00.000Z';

export function toAccountRecord(user: GoogleObject, domains: readonly string[] | null): AccountRecord | null {
  const id = str(user.id);
  if (!id) return null;
  const email = lowerEmail(user.primaryEmail);
  const name = str((user.name as { fullName?: unknown } | undefined)?.fullName);
  const aliases = Array.isArray(user.aliases) ? user.aliases.map((a) => String(a as string).toLowerCase()) : [];
  const lastLogin = str(user.lastLoginTime);
  return {
    providerId: id,
    email,
    name,
    status: user.suspended === true || user.archived === true ? 'suspended' : 'active',
    isAdmin: user.isAdmin === true || user.isDelegatedAdmin === true,
    aliases,
    details: {
      superAdmin: user.isAdmin === true,
      delegatedAdmin: user.isDelegatedAdmin === true,
      isEnrolledIn2Sv: user.isEnrolledIn2Sv === true,
      isEnforcedIn2Sv: user.isEnforcedIn2Sv === true,
      suspensionReason: str(user.suspensionReason),
      orgUnitPath: str(user.orgUnitPath),
      creationTime: str(user.creationTime),
      lastLoginTime: lastLogin === NEVER ? null : lastLogin,
    },
    // Every Workspace user is a member of the customer (there are no guests): an e-mail in one of its
    // verified domains anchors the person's identity here.
    identityAnchor: domains !== null && domains.includes(domainOf(email) ?? ''),
  };
}

/** Directory users with their admin and 2-step verification flags; Google Workspace is an identity provider. */
export const accountsStream: SnapshotStream<GoogleSession, 'accounts'> = {
  kind: 'snapshot',
  entity: 'accounts',
  async *read(session, runtime) {
    // A tenant that leaves anchoring to another identity provider anchors nothing (its accounts still link).
    const domains = session.config.anchorIdentities ? await verifiedDomains(session, runtime) : [];
    for await (const page of listUsers(session, runtime)) yield page.map((u) => toAccountRecord(u, domains)).filter((a): a is AccountRecord => a !== null);
  },
};
