import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { workforce, type Person } from '../../sdk/simulator/workforce.js';

export type SlackRole = 'primary_owner' | 'owner' | 'admin' | 'member' | 'guest';

/** One person's Slack account in the Enterprise Grid org. */
export interface SimUser {
  id: string;
  person: Person;
  role: SlackRole;
  active: boolean;
  has2fa: boolean;
  /** Epoch ms the account was created. */
  created: number;
  /** SCIM groups (ids) the user belongs to. */
  groupIds: string[];
  /** Works from a phone as well (Slack's iOS/Android apps). */
  usesPhone: boolean;
}

export interface SimGroup {
  id: string;
  displayName: string;
  memberIds: string[];
}

export interface SimApp {
  id: string;
  name: string;
  scopes: { name: string; token_type: 'user' | 'bot'; is_sensitive: boolean }[];
  isDirectoryApproved: boolean;
  isInternal: boolean;
  status: 'approved' | 'restricted' | 'requested';
  dateUpdated: number;
  /** False once admin.apps.uninstall removed it from the whole org. @default true */
  installed?: boolean;
}

export interface Tenant {
  enterprise: { id: string; name: string; domain: string };
  workspaces: { id: string; name: string; domain: string }[];
  users: SimUser[];
  groups: SimGroup[];
  apps: SimApp[];
  /** Org-level security preferences the posture checks read (admin.teams.settings.info and pref.* events). */
  prefs: { ssoRequired: boolean; sessionDurationHours: number; appApprovalEnabled: boolean };
  /** The org owner whose tokens the config carries. */
  ownerIndex: number;
  /** The leaver (person 9 of the workforce), deactivated through SCIM two days ago. */
  leaverIndex: number;
  auditToken: string;
  adminToken: string;
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function slackId(prefix: string, rng: SeededRandom, length = 10): string {
  let id = prefix;
  for (let i = 0; i < length; i++) id += ID_CHARS[rng.int(0, ID_CHARS.length - 1)];
  return id;
}

function token(rng: SeededRandom): string {
  const digits = () => String(rng.int(1e11, 1e12 - 1));
  let tail = '';
  for (let i = 0; i < 32; i++) tail += '0123456789abcdef'[rng.int(0, 15)];
  return `xoxp-${digits()}-${digits()}-${digits()}-${tail}`;
}

const PHONE_SHARE = 0.6;

/** The Grid org of the demo organisation: the shared workforce, two workspaces, IdP groups and approved apps. */
export function buildTenant(options: { seed: number; now: number; emailDomain: string; people?: number }): Tenant {
  const rng = new SeededRandom(mixSeed(options.seed, 0x51ac));
  const people = workforce({ seed: options.seed, domain: options.emailDomain, size: Math.max(40, options.people ?? 40) });
  const roleOf = (i: number): SlackRole => (i === 0 ? 'primary_owner' : i === 1 ? 'owner' : i === 2 || i === 3 || i === 21 ? 'admin' : i === 39 ? 'guest' : 'member');
  const users: SimUser[] = people.map((person) => ({
    id: slackId('W', rng, 8),
    person,
    role: roleOf(person.index),
    active: true,
    has2fa: person.index < 4 || rng.chance(0.7),
    created: options.now - (200 + rng.int(0, 900)) * 86_400_000,
    groupIds: [],
    usesPhone: rng.chance(PHONE_SHARE),
  }));
  const leaverIndex = 9;
  (users[leaverIndex] as SimUser).active = false;

  const groupNames = ['All Staff', 'Litigation', 'Corporate Law', 'IT and Security', 'Finance', 'EMEA Office'];
  const groups: SimGroup[] = groupNames.map((displayName) => ({ id: slackId('S', rng, 8), displayName, memberIds: [] }));
  for (const user of users) {
    const picks = [0, user.person.region === 'eu' ? 5 : -1, user.person.index < 4 ? 3 : 1 + (user.person.index % 3 === 0 ? 3 : user.person.index % 3)];
    for (const g of new Set(picks)) {
      const group = groups[g];
      if (!group) continue;
      group.memberIds.push(user.id);
      user.groupIds.push(group.id);
    }
  }

  const app = (name: string, scopes: [string, 'user' | 'bot', boolean][], status: SimApp['status'], directory = true): SimApp => ({
    id: slackId('A', rng, 9),
    name,
    scopes: scopes.map(([n, t, s]) => ({ name: n, token_type: t, is_sensitive: s })),
    isDirectoryApproved: directory,
    isInternal: !directory,
    status,
    dateUpdated: Math.floor((options.now - rng.int(40, 400) * 86_400_000) / 1000),
  });
  const apps = [
    app('Zoom', [['commands', 'bot', false], ['chat:write', 'bot', false], ['users:read', 'bot', false]], 'approved'),
    app('Google Drive', [['links:read', 'user', false], ['links:write', 'user', false], ['files:read', 'user', true]], 'approved'),
    app('Jira Cloud', [['commands', 'bot', false], ['chat:write', 'bot', false], ['channels:read', 'bot', false]], 'approved'),
    app('Matter Intake Bot', [['chat:write', 'bot', false], ['im:write', 'bot', false]], 'approved', false),
    app('Giphy', [['commands', 'bot', false], ['links:write', 'bot', false]], 'restricted'),
  ];

  return {
    enterprise: { id: slackId('E', rng, 8), name: 'Northwind Legal Group', domain: 'northwind-legal' },
    workspaces: [
      { id: slackId('T', rng, 8), name: 'Northwind Legal', domain: 'northwind-legal-hq' },
      { id: slackId('T', rng, 8), name: 'Northwind EMEA', domain: 'northwind-legal-emea' },
    ],
    users,
    groups,
    apps,
    prefs: { ssoRequired: true, sessionDurationHours: 168, appApprovalEnabled: true },
    ownerIndex: 0,
    leaverIndex,
    auditToken: token(rng),
    adminToken: token(rng),
  };
}

/** What Slack's SCIM and Web APIs call the role. */
export function roleFlags(role: SlackRole): { is_admin: boolean; is_owner: boolean; is_primary_owner: boolean; is_restricted: boolean } {
  return {
    is_admin: role !== 'member' && role !== 'guest',
    is_owner: role === 'owner' || role === 'primary_owner',
    is_primary_owner: role === 'primary_owner',
    is_restricted: role === 'guest',
  };
}
