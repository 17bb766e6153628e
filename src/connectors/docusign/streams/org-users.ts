import type { DocusignClient, DocusignContext, OrgUser } from '../client.js';

/** One membership of a user, as the organisation's user list shows it for the account filtered on. */
export interface MembershipFact {
  accountId: string;
  accountName: string | null;
  membershipId: string | null;
  status: string | null;
  createdOn: string | null;
  closedOn: string | null;
  isAdmin?: boolean | null;
  permissionProfile?: { id: string | null; name: string | null } | null;
}

/** A user of the organisation with their memberships across its accounts. */
export interface GatheredUser {
  row: OrgUser;
  memberships: MembershipFact[];
}

/**
 * Every user of every account mapped to the organisation (Admin API, `user_read`), joined across accounts by
 * user id. The user list carries no admin or two-step flags: those come from each user's profile.
 */
export async function gatherOrgUsers(client: DocusignClient, context: DocusignContext, signal?: AbortSignal): Promise<Map<string, GatheredUser>> {
  const users = new Map<string, GatheredUser>();
  for (const account of context.accounts) {
    for await (const page of client.orgUsers(context.organizationId, { accountId: account.id }, signal)) {
      for (const row of page) {
        const key = row.id.toLowerCase();
        const gathered = users.get(key) ?? { row, memberships: [] };
        gathered.memberships.push({
          accountId: account.id,
          accountName: account.name,
          membershipId: row.membership_id ?? null,
          status: row.membership_status ?? null,
          createdOn: row.membership_created_on ?? null,
          closedOn: row.membership_closed_on ?? null,
        });
        users.set(key, gathered);
      }
    }
  }
  return users;
}
