import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { WORKFORCE_LEAVER_INDEX } from '../../sdk/simulator/local-time.js';
import { workforce, type Person } from '../../sdk/simulator/workforce.js';

/** Admin roles as `members/list_v2` and `get_available_team_member_roles` name them (digest §5). */
export const ROLES = {
  team: { role_id: 'pid_dbtmr:1001', name: 'Team admin', description: 'Can manage all team settings, members and billing.' },
  userManagement: { role_id: 'pid_dbtmr:1002', name: 'User management admin', description: 'Can add, remove and manage members.' },
  support: { role_id: 'pid_dbtmr:1003', name: 'Support admin', description: 'Can reset passwords and help members.' },
  billing: { role_id: 'pid_dbtmr:1004', name: 'Billing admin', description: 'Can manage billing.' },
} as const;
export type SimRole = (typeof ROLES)[keyof typeof ROLES];

export type MemberStatus = 'active' | 'invited' | 'suspended';

export interface SimSession {
  kind: 'web_session' | 'desktop_client' | 'mobile_client';
  sessionId: string;
  ip: string;
  country: string;
  created: number;
  /** Desktop: host name; mobile: device name; web: browser. */
  name: string;
}

export interface SimMember {
  teamMemberId: string;
  accountId: string;
  externalId: string;
  person: Person;
  status: MemberStatus;
  roles: SimRole[];
  joinedOn: number;
  groupIds: string[];
  /** Has the Dropbox app on a phone. */
  usesPhone: boolean;
  sessions: SimSession[];
  /** App ids linked to this member's account. */
  linkedApps: string[];
}

export interface SimGroup {
  id: string;
  name: string;
  externalId: string | null;
  managementType: 'user_managed' | 'company_managed' | 'system_managed';
  members: { teamMemberId: string; accessType: 'member' | 'owner' }[];
}

export interface SimApp {
  id: string;
  name: string;
  publisher: string | null;
  publisherUrl: string | null;
  isAppFolder: boolean;
}

export interface Tenant {
  team: { id: string; name: string };
  members: SimMember[];
  groups: SimGroup[];
  apps: SimApp[];
  /** `team/get_info` → `policies` (digest §5). */
  policies: {
    sharedFolderMemberPolicy: 'team' | 'anyone' | 'team_and_approved';
    sharedFolderJoinPolicy: 'from_team_only' | 'from_anyone';
    sharedLinkCreatePolicy: 'default_public' | 'default_team_only' | 'team_only' | 'default_no_one';
    groupCreationPolicy: 'admins_and_members' | 'admins_only';
    emmState: 'disabled' | 'optional' | 'required';
    officeAddin: 'disabled' | 'enabled';
    suggestMembers: 'disabled' | 'enabled';
  };
  /** Person 0: the team admin who authorised Parapet's app. */
  adminIndex: number;
  leaverIndex: number;
  appKey: string;
  appSecret: string;
  refreshToken: string;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOWER = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function randomId(rng: SeededRandom, length: number, alphabet = B64): string {
  let id = '';
  for (let i = 0; i < length; i++) id += alphabet[rng.int(0, alphabet.length - 1)];
  return id;
}

const PHONES = ['iPhone 15', 'Pixel 8', 'iPhone 14 Pro', 'Galaxy S23'];

/** The Dropbox team of the demo organisation: the shared workforce, admins, groups, linked apps, devices. */
export function buildTenant(options: { seed: number; now: number; emailDomain: string; people?: number }): Tenant {
  const rng = new SeededRandom(mixSeed(options.seed, 0xd0b0));
  const people = workforce({ seed: options.seed, domain: options.emailDomain, size: Math.max(40, options.people ?? 40) });
  const rolesOf = (i: number): SimRole[] => (i === 0 ? [ROLES.team] : i === 1 ? [ROLES.userManagement] : i === 2 ? [ROLES.support] : i === 3 ? [ROLES.billing] : []);
  const members: SimMember[] = people.map((person) => {
    const usesPhone = rng.chance(0.6);
    const created = options.now - (200 + rng.int(0, 900)) * 86_400_000;
    const sessions: SimSession[] = [
      { kind: 'web_session', sessionId: `dbwsid:${rng.int(1e14, 9e14)}`, ip: person.ip, country: person.place.country, created: options.now - rng.int(1, 20) * 86_400_000, name: person.userAgent.includes('Firefox') ? 'Firefox' : person.userAgent.includes('Safari/605') ? 'Safari' : 'Chrome' },
      { kind: 'desktop_client', sessionId: `dbdsid:${rng.int(1e14, 9e14)}`, ip: person.ip, country: person.place.country, created: created + 86_400_000, name: `${person.firstName.toUpperCase()}-LAPTOP` },
    ];
    if (usesPhone) sessions.push({ kind: 'mobile_client', sessionId: `dbmsid:${rng.int(1e14, 9e14)}`, ip: person.ip, country: person.place.country, created: options.now - rng.int(30, 300) * 86_400_000, name: rng.pick(PHONES) });
    return {
      teamMemberId: `dbmid:AA${randomId(rng, 30)}`,
      accountId: `dbid:AA${randomId(rng, 40)}`,
      externalId: String(240_000 + person.index),
      person,
      status: person.index === 39 ? 'invited' : 'active',
      roles: rolesOf(person.index),
      joinedOn: created,
      groupIds: [],
      usesPhone,
      sessions,
      linkedApps: [],
    };
  });
  // An invitation not yet accepted has no session or device.
  for (const m of members) if (m.status === 'invited') m.sessions = [];
  const leaverIndex = WORKFORCE_LEAVER_INDEX;
  (members[leaverIndex] as SimMember).status = 'suspended';
  (members[leaverIndex] as SimMember).sessions = [];

  const groupNames: [string, SimGroup['managementType']][] = [
    ['Everyone at Northwind Legal Group', 'system_managed'],
    ['Litigation', 'company_managed'],
    ['Corporate Law', 'company_managed'],
    ['IT and Security', 'company_managed'],
    ['Finance', 'company_managed'],
    ['EMEA Office', 'user_managed'],
  ];
  const groups: SimGroup[] = groupNames.map(([name, managementType], i) => ({
    id: `g:${randomId(rng, 32, '0123456789abcdef')}`,
    name,
    externalId: managementType === 'company_managed' ? `grp-${1000 + i}` : null,
    managementType,
    members: [],
  }));
  for (const m of members) {
    if (m.status === 'invited') continue;
    const picks = [0, m.person.region === 'eu' ? 5 : -1, m.person.index < 4 ? 3 : 1 + (m.person.index % 3 === 0 ? 3 : m.person.index % 3)];
    for (const g of new Set(picks)) {
      const group = groups[g];
      if (!group) continue;
      group.members.push({ teamMemberId: m.teamMemberId, accessType: g === 5 && m.person.index === 21 ? 'owner' : 'member' });
      m.groupIds.push(group.id);
    }
  }

  const app = (name: string, publisher: string | null, url: string | null, isAppFolder = false): SimApp => ({ id: `dbaid:AA${randomId(rng, 28)}`, name, publisher, publisherUrl: url, isAppFolder });
  const apps = [
    app('Microsoft Office for Dropbox', 'Microsoft Corporation', 'https://www.microsoft.com'),
    app('Zoom for Dropbox', 'Zoom Video Communications', 'https://zoom.us'),
    app('DocuSign', 'DocuSign, Inc.', 'https://www.docusign.com'),
    app('Matter Intake Sync', 'Northwind Legal IT', null, true),
  ];
  for (const m of members) {
    if (m.status !== 'active') continue;
    const [office, zoom, docusign, intake] = apps as [SimApp, SimApp, SimApp, SimApp];
    if (rng.chance(0.5)) m.linkedApps.push(office.id);
    if (rng.chance(0.3)) m.linkedApps.push(zoom.id);
    if (m.person.index % 4 === 1) m.linkedApps.push(docusign.id);
    if (m.person.index % 7 === 0) m.linkedApps.push(intake.id);
  }

  return {
    team: { id: `dbtid:AA${randomId(rng, 30)}`, name: 'Northwind Legal Group' },
    members,
    groups,
    apps,
    policies: {
      sharedFolderMemberPolicy: 'team',
      sharedFolderJoinPolicy: 'from_team_only',
      sharedLinkCreatePolicy: 'default_team_only',
      groupCreationPolicy: 'admins_only',
      emmState: 'disabled',
      officeAddin: 'enabled',
      suggestMembers: 'enabled',
    },
    adminIndex: 0,
    leaverIndex,
    appKey: randomId(rng, 15, LOWER),
    appSecret: randomId(rng, 15, LOWER),
    refreshToken: randomId(rng, 64, B64),
  };
}
