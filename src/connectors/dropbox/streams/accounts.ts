import type { AccountRecord, AccountStatus } from '../../../core/account.js';
import { AuthError } from '../../../core/errors.js';
import type { SnapshotStream } from '../../sdk/define-connector.js';
import { asRecord, bool, lowerEmail, str } from '../../sdk/normalize-helpers.js';
import type { DropboxSession } from '../session.js';

/** Dropbox member status → Parapet's: invited members hold a seat and an address, so they count as active. */
const STATUS: Record<string, AccountStatus> = { active: 'active', invited: 'active', suspended: 'suspended', removed: 'deleted' };

/** The admin roles of a `members/list_v2` entry (`roles[]`; empty for members). */
export function memberRoles(entry: Record<string, unknown>): { roleId: string; name: string }[] {
  const roles = Array.isArray(entry.roles) ? entry.roles.map(asRecord).filter((r) => r !== null) : [];
  return roles.map((r) => ({ roleId: str(r.role_id) ?? '', name: str(r.name) ?? str(r.role_id) ?? '' })).filter((r) => r.roleId !== '');
}

export function memberAccount(entry: Record<string, unknown>): AccountRecord | null {
  const profile = asRecord(entry.profile);
  const id = str(profile?.team_member_id);
  if (!profile || !id) return null;
  const name = asRecord(profile.name);
  const status = str(asRecord(profile.status)?.['.tag']) ?? 'active';
  const roles = memberRoles(entry);
  const secondary = Array.isArray(profile.secondary_emails) ? profile.secondary_emails.map(asRecord).filter((e) => e !== null && e.is_verified === true) : [];
  return {
    providerId: id,
    email: lowerEmail(profile.email),
    name: str(name?.display_name),
    status: STATUS[status] ?? 'active',
    isAdmin: roles.length > 0,
    aliases: secondary.map((e) => lowerEmail(e?.email)).filter((e): e is string => e !== null),
    details: {
      accountId: str(profile.account_id),
      externalId: str(profile.external_id),
      dropboxStatus: status,
      membershipType: str(asRecord(profile.membership_type)?.['.tag']),
      emailVerified: bool(profile.email_verified),
      joinedOn: str(profile.joined_on),
      invitedOn: str(profile.invited_on),
      groups: Array.isArray(profile.groups) ? profile.groups.filter((g): g is string => typeof g === 'string') : [],
      roles: roles.map((r) => r.name),
    },
  };
}

export interface MemberDevices {
  web: number;
  desktop: string[];
  mobile: string[];
}

/**
 * Each member's web sessions and linked desktop and mobile clients (`devices/list_members_devices`); null
 * when the app lacks `sessions.list` (the accounts are still listed, without devices).
 */
export async function devicesByMember(session: DropboxSession, signal?: AbortSignal): Promise<Map<string, MemberDevices> | null> {
  const out = new Map<string, MemberDevices>();
  const names = (list: unknown, key: string) => (Array.isArray(list) ? list.map((d) => str(asRecord(d)?.[key]) ?? 'unnamed') : []);
  try {
    for await (const page of session.client.devices(signal)) {
      for (const entry of page) {
        const id = str(entry.team_member_id);
        if (!id) continue;
        out.set(id, { web: Array.isArray(entry.web_sessions) ? entry.web_sessions.length : 0, desktop: names(entry.desktop_clients, 'host_name'), mobile: names(entry.mobile_clients, 'device_name') });
      }
    }
  } catch (error) {
    if (error instanceof AuthError && error.providerCode === 'missing_scope') return null;
    throw error;
  }
  return out;
}

/** Every member of the team (`members/list_v2` + `list/continue_v2`), removed ones left out, with their devices. */
export const accountsStream: SnapshotStream<DropboxSession, 'accounts'> = {
  kind: 'snapshot',
  entity: 'accounts',
  async *read(session, runtime) {
    const devices = await devicesByMember(session, runtime.signal);
    for await (const page of session.client.members({}, runtime.signal)) {
      yield page
        .map(memberAccount)
        .filter((a): a is AccountRecord => a !== null)
        .map((a) => (devices ? { ...a, details: { ...a.details, devices: devices.get(a.providerId) ?? { web: 0, desktop: [], mobile: [] } } } : a));
    }
  },
};
