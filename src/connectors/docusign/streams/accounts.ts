import type { AccountRecord, AccountStatus } from '../../../core/account.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import type { UserProfile } from '../client.js';
import type { DocusignSession } from '../session.js';
import { gatherOrgUsers, type GatheredUser } from './org-users.js';

const PAGE = 100;
/** Membership states of an invitation not yet accepted. */
const PENDING = new Set(['activation_required', 'activation_sent']);

/**
 * DocuSign's rule, kept as the seed documents it: a user is `active` only when active in every account
 * of the organisation they belong to; anyone else (a membership closed, still activating or disabled
 * anywhere) is reported `deleted`. Parapet never reports DocuSign users as `suspended`.
 */
export function docusignAccountStatus(userStatus: string | null | undefined, memberships: readonly { status: string | null }[]): AccountStatus {
  if (userStatus && userStatus.toLowerCase() !== 'active') return 'deleted';
  if (memberships.length === 0) return 'deleted';
  return memberships.every((m) => (m.status ?? '').toLowerCase() === 'active') ? 'active' : 'deleted';
}

function toRecord(user: GatheredUser, profile: UserProfile | null): AccountRecord {
  const { row } = user;
  const byAccount = new Map(profile?.memberships.map((m) => [m.account_id.toLowerCase(), m]) ?? []);
  const memberships = user.memberships.map((m) => {
    const detail = byAccount.get(m.accountId.toLowerCase());
    return detail
      ? {
          ...m,
          isAdmin: detail.is_admin ?? null,
          permissionProfile: detail.permission_profile
            ? { id: detail.permission_profile.id === null || detail.permission_profile.id === undefined ? null : String(detail.permission_profile.id), name: detail.permission_profile.name ?? null }
            : null,
        }
      : m;
  });
  const name = row.user_name ?? ([row.first_name, row.last_name].filter(Boolean).join(' ') || null);
  const isAdmin = profile ? profile.is_organization_admin === true || memberships.some((m) => m.isAdmin === true) : null;
  // Someone who never activated an invitation has proved nothing about the address: it links no identity.
  const activated = (row.user_status ?? '').toLowerCase() !== 'created' && user.memberships.some((m) => !PENDING.has((m.status ?? '').toLowerCase()));
  return {
    providerId: row.id,
    email: row.email?.toLowerCase() ?? null,
    name,
    status: docusignAccountStatus(row.user_status, memberships),
    isAdmin,
    aliases: [],
    details: {
      userStatus: row.user_status ?? null,
      createdOn: row.created_on ?? null,
      closedOn: row.closed_on ?? null,
      memberships,
      isOrganizationAdmin: profile?.is_organization_admin ?? null,
      requireTwoStepVerification: profile?.require_two_step_verification ?? null,
      deviceVerificationEnabled: profile?.device_verification_enabled ?? null,
      federatedStatus: profile?.federated_status ?? null,
      emailVerified: activated,
    },
  };
}

/**
 * Every user of every account mapped to the organisation (Admin API, 250 per page), joined across
 * accounts, with each user's drilldown for admin and two-step flags (one request per user).
 */
export const accountsStream: SnapshotStream<DocusignSession, 'accounts'> = {
  kind: 'snapshot',
  entity: 'accounts',
  async *read(session, runtime) {
    const { client } = session;
    const signal = runtime.signal;
    const context = await client.getContext(signal);
    const users = await gatherOrgUsers(client, context, signal);

    let batch: AccountRecord[] = [];
    for (const user of users.values()) {
      const profile = user.row.email ? await client.profileOf(context.organizationId, { id: user.row.id, email: user.row.email }, signal) : null;
      batch.push(toRecord(user, profile));
      if (batch.length >= PAGE) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
    runtime.logger.debug({ users: users.size, accounts: context.accounts.length }, 'docusign accounts read');
  },
};
