import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { workforce, type Person } from '../../sdk/simulator/workforce.js';
import seededSettings from '../checks/fixtures/zoom.settings.json' with { type: 'json' };

export interface SimRole {
  id: string;
  name: string;
  description: string;
  privileges: string[];
}

/** One person's Zoom user. */
export interface SimUser {
  id: string;
  person: Person;
  roleId: string;
  status: 'active' | 'inactive' | 'pending';
  /** 1 Basic, 2 Licensed. */
  type: 1 | 2;
  /** Epoch ms the user was created. */
  created: number;
  groupIds: string[];
  /** Joins from the phone app as well (Zoom for iOS / Android). */
  usesPhone: boolean;
  /** Sign-out calls made through the API (DELETE /users/{id}/token). */
  signedOut: number;
}

export interface SimGroup {
  id: string;
  name: string;
}

export interface Tenant {
  accountId: string;
  clientId: string;
  clientSecret: string;
  users: SimUser[];
  /** Invited people who have not joined yet (no id). */
  pending: { email: string; created: number }[];
  roles: SimRole[];
  groups: SimGroup[];
  /** `GET /accounts/me/settings` documents: `security`, `meeting_security` and the full `account` object. */
  settings: Record<'security' | 'meeting_security' | 'account', Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
  ownerIndex: number;
  leaverIndex: number;
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function zoomId(rng: SeededRandom, length = 22): string {
  let id = '';
  for (let i = 0; i < length; i++) id += ID_CHARS[rng.int(0, ID_CHARS.length - 1)];
  return id;
}

export const OWNER_ROLE = '0';
export const ADMIN_ROLE = '1';
export const MEMBER_ROLE = '2';

/**
 * The Zoom account of the demo organisation: the shared workforce, the built-in roles (Owner, Admin, Member)
 * and a custom "Meeting Operations" role that may edit roles (its holder can make anyone an admin), a few
 * groups, and well-kept security settings.
 */
export function buildTenant(options: { seed: number; now: number; emailDomain: string; people?: number }): Tenant {
  const rng = new SeededRandom(mixSeed(options.seed, 0x200a));
  const people = workforce({ seed: options.seed, domain: options.emailDomain, size: Math.max(40, options.people ?? 40) });
  const roles: SimRole[] = [
    { id: OWNER_ROLE, name: 'Owner', description: 'Account owner', privileges: ['Account:Edit', 'Billing:Edit', 'User:Edit', 'Role:Edit', 'Security:Edit', 'Recording:Edit'] },
    { id: ADMIN_ROLE, name: 'Admin', description: 'Account admin', privileges: ['Account:Read', 'User:Edit', 'Group:Edit', 'Security:Edit', 'Recording:Edit', 'Report:Read'] },
    { id: MEMBER_ROLE, name: 'Member', description: 'Account member', privileges: [] },
    { id: zoomId(rng), name: 'Meeting Operations', description: 'AV team: rooms, webinars and role assignments for events', privileges: ['ZoomRooms:Edit', 'Webinar:Edit', 'Role:Edit', 'User:Read'] },
  ];
  const opsRole = (roles[3] as SimRole).id;
  const roleOf = (i: number): string => (i === 0 ? OWNER_ROLE : i === 2 || i === 3 ? ADMIN_ROLE : i === 17 ? opsRole : MEMBER_ROLE);
  const groups: SimGroup[] = ['Litigation', 'Corporate Law', 'IT and Security', 'EMEA Office'].map((name) => ({ id: zoomId(rng, 10), name }));
  const users: SimUser[] = people.map((person) => ({
    id: zoomId(rng),
    person,
    roleId: roleOf(person.index),
    status: 'active',
    type: person.index % 7 === 6 ? 1 : 2,
    created: options.now - (200 + rng.int(0, 900)) * 86_400_000,
    groupIds: [(groups[person.index < 4 ? 2 : person.index % 2] as SimGroup).id, ...(person.region === 'eu' ? [(groups[3] as SimGroup).id] : [])],
    usesPhone: rng.chance(0.5),
    signedOut: 0,
  }));
  const leaverIndex = 9;
  (users[leaverIndex] as SimUser).status = 'inactive';
  const domain = options.emailDomain;
  const settings = Object.fromEntries((seededSettings as { key: string; value: Record<string, unknown> }[]).map((r) => [r.key, structuredClone(r.value)])) as Tenant['settings'];
  return {
    accountId: zoomId(rng, 22),
    clientId: zoomId(rng, 22),
    clientSecret: zoomId(rng, 32),
    users,
    pending: [{ email: `new.associate@${domain}`, created: options.now - 3 * 86_400_000 }],
    roles,
    groups,
    settings,
    ownerIndex: 0,
    leaverIndex,
  };
}

/** A user as `GET /users` lists it (digest §4). */
export function userJson(user: SimUser, tenant: Tenant): Record<string, unknown> {
  return {
    id: user.id,
    first_name: user.person.firstName,
    last_name: user.person.lastName,
    display_name: `${user.person.firstName} ${user.person.lastName}`,
    email: user.person.email,
    type: user.type,
    pmi: 6_000_000_000 + user.person.index * 7919,
    timezone: user.person.region === 'eu' ? 'Europe/Amsterdam' : 'America/New_York',
    verified: 1,
    dept: user.person.index < 4 ? 'IT' : 'Legal',
    created_at: new Date(user.created).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    last_client_version: '5.17.5.2543(mac)',
    language: 'en-US',
    status: user.status,
    role_id: user.roleId,
    group_ids: user.groupIds,
    im_group_ids: [],
    user_created_at: new Date(user.created).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    account_id: tenant.accountId,
  };
}
