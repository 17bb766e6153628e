import type { AccountRecord } from '../../../core/account.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { asRecord, bool, lowerEmail, str } from '../../sdk/normalize-helpers.js';
import type { SlackSession } from '../session.js';

/** SCIM allows up to 1,000 users per page. */
export const SCIM_PAGE = 1000;

export interface WebMember {
  id: string;
  isAdmin: boolean;
  isOwner: boolean;
  isPrimaryOwner: boolean;
  isGuest: boolean;
  has2fa: boolean | null;
}

/** Roles and 2FA per user from `users.list` (SCIM does not carry them). */
export async function webMembers(session: SlackSession, signal?: AbortSignal): Promise<Map<string, WebMember>> {
  const out = new Map<string, WebMember>();
  for await (const page of session.client.webAll('users.list', 'members', {}, signal)) {
    for (const m of page) {
      const id = str(m.id);
      if (!id) continue;
      out.set(id, {
        id,
        isAdmin: bool(m.is_admin) === true,
        isOwner: bool(m.is_owner) === true,
        isPrimaryOwner: bool(m.is_primary_owner) === true,
        isGuest: bool(m.is_restricted) === true || bool(m.is_ultra_restricted) === true,
        has2fa: bool(m.has_2fa),
      });
    }
  }
  return out;
}

export function scimAccount(user: Record<string, unknown>, member: WebMember | undefined): AccountRecord | null {
  const id = str(user.id);
  if (!id) return null;
  const emails = Array.isArray(user.emails) ? user.emails.map(asRecord).filter((e) => e !== null) : [];
  const primary = emails.find((e) => e.primary === true) ?? emails[0];
  const name = asRecord(user.name);
  const display = str(user.displayName) ?? ([str(name?.givenName), str(name?.familyName)].filter(Boolean).join(' ') || null);
  return {
    providerId: id,
    email: lowerEmail(primary?.value),
    name: display,
    status: user.active === false ? 'suspended' : 'active',
    isAdmin: member ? member.isAdmin || member.isOwner : null,
    aliases: emails.filter((e) => e !== primary).map((e) => lowerEmail(e.value)).filter((e): e is string => e !== null),
    details: {
      userName: str(user.userName),
      userType: str(user.userType),
      externalId: str(user.externalId),
      groups: Array.isArray(user.groups) ? user.groups.map((g) => str(asRecord(g)?.display)).filter(Boolean) : [],
      ...(member ? { owner: member.isOwner, primaryOwner: member.isPrimaryOwner, guest: member.isGuest, has2fa: member.has2fa } : {}),
    },
  };
}

/** Every account of the org: SCIM users (deactivated ones stay listed, `active:false`) with roles from users.list. */
export const accountsStream: SnapshotStream<SlackSession, 'accounts'> = {
  kind: 'snapshot',
  entity: 'accounts',
  async *read(session, runtime) {
    const members = await webMembers(session, runtime.signal);
    for await (const page of session.client.scimAll('Users', SCIM_PAGE, runtime.signal)) {
      yield page.map((u) => scimAccount(u, members.get(str(u.id) ?? ''))).filter((a): a is AccountRecord => a !== null);
    }
  },
};
