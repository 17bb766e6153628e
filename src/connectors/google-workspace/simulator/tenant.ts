import { DAY } from '../../../core/clock.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { DEMO_ORGANISATION, workforce, type Person } from '../../sdk/simulator/workforce.js';
import { numericId } from './ids.js';

export interface SimUser extends Person {
  id: string;
  superAdmin: boolean;
  delegatedAdmin: boolean;
  suspended: boolean;
  suspensionReason: string | null;
  enrolled2sv: boolean;
  enforced2sv: boolean;
  orgUnitPath: string;
  creationTime: number;
  lastLoginTime: number | null;
}

export interface SimGroup {
  id: string;
  email: string;
  name: string;
  members: { userIndex: number; role: 'OWNER' | 'MANAGER' | 'MEMBER' }[];
}

export interface SimToken {
  clientId: string;
  displayText: string;
  scopes: string[];
  nativeApp: boolean;
}

export interface SimRole {
  roleId: string;
  roleName: string;
  isSuperAdminRole: boolean;
  isSystemRole: boolean;
}

export interface SimRoleAssignment {
  roleAssignmentId: string;
  roleId: string;
  assignedTo: string;
  scopeType: 'CUSTOMER' | 'ORG_UNIT';
}

/** The third-party apps people use day to day (benign, low scopes). */
export const EVERYDAY_APPS: readonly SimToken[] = [
  { clientId: '651203948816-zoomcal.apps.googleusercontent.com', displayText: 'Zoom for Google Workspace', scopes: ['openid', 'email', 'https://www.googleapis.com/auth/calendar.events'], nativeApp: false },
  { clientId: '407408718192.apps.googleusercontent.com', displayText: 'Google APIs Explorer', scopes: ['openid', 'email', 'profile'], nativeApp: false },
  { clientId: '882716354102-slackapp.apps.googleusercontent.com', displayText: 'Slack', scopes: ['openid', 'email', 'profile'], nativeApp: false },
];

export interface Tenant {
  seed: number;
  builtAt: number;
  customerId: string;
  domain: string;
  users: SimUser[];
  groups: SimGroup[];
  roles: SimRole[];
  roleAssignments: SimRoleAssignment[];
  /** OAuth tokens per user id. */
  tokens: Map<string, SimToken[]>;
  /** Index of the impersonated super admin (person 0). */
  adminIndex: number;
  /** Service account of the demo credentials and the client id delegation is granted to. */
  serviceAccountEmail: string;
  serviceAccountClientId: string;
}

/** The demo organisation's Google Workspace: the shared workforce, two super admins, groups, roles and tokens. */
export function buildTenant(seed: number, builtAt: number): Tenant {
  const rng = new SeededRandom(mixSeed(seed, 0x60061e));
  const people = workforce({ seed, domain: DEMO_ORGANISATION.domain });
  const users: SimUser[] = people.map((p) => ({
    ...p,
    id: numericId(rng, 21),
    superAdmin: p.index === 0 || p.index === 1,
    delegatedAdmin: p.index === 2,
    suspended: false,
    suspensionReason: null,
    // Most people enrolled; a few have not yet: the posture check finds them.
    enrolled2sv: p.index % 9 !== 4,
    enforced2sv: p.index % 9 !== 4,
    orgUnitPath: p.region === 'us' ? '/Americas' : '/EMEA',
    creationTime: builtAt - rng.int(200, 1500) * DAY,
    lastLoginTime: null,
  }));
  const group = (email: string, name: string, indices: number[], owner: number): SimGroup => ({
    id: numericId(rng, 17).replace(/^./, '0'),
    email: `${email}@${DEMO_ORGANISATION.domain}`,
    name,
    members: indices.map((i) => ({ userIndex: i, role: i === owner ? 'OWNER' : 'MEMBER' })),
  });
  const groups = [
    group('all-staff', 'All staff', users.map((u) => u.index), 0),
    group('litigation', 'Litigation', users.filter((u) => u.index % 3 === 0).map((u) => u.index), 3),
    group('it-admins', 'IT administrators', [0, 1, 2], 0),
  ];
  const roles: SimRole[] = [
    { roleId: '03hv69ve4bjwe54', roleName: '_SEED_ADMIN_ROLE', isSuperAdminRole: true, isSystemRole: true },
    { roleId: '03hv69ve4bjwe55', roleName: '_USER_MANAGEMENT_ADMIN_ROLE', isSuperAdminRole: false, isSystemRole: true },
    { roleId: '03hv69ve4bjwe56', roleName: '_HELP_DESK_ADMIN_ROLE', isSuperAdminRole: false, isSystemRole: true },
  ];
  const roleAssignments: SimRoleAssignment[] = [
    { roleAssignmentId: '9169201234567001', roleId: '03hv69ve4bjwe54', assignedTo: (users[0] as SimUser).id, scopeType: 'CUSTOMER' },
    { roleAssignmentId: '9169201234567002', roleId: '03hv69ve4bjwe54', assignedTo: (users[1] as SimUser).id, scopeType: 'CUSTOMER' },
    { roleAssignmentId: '9169201234567003', roleId: '03hv69ve4bjwe55', assignedTo: (users[2] as SimUser).id, scopeType: 'CUSTOMER' },
  ];
  const tokens = new Map<string, SimToken[]>();
  for (const u of users) {
    const held = EVERYDAY_APPS.filter((_, i) => (u.index + i) % 3 !== 0);
    tokens.set(u.id, held.map((t) => ({ ...t, scopes: [...t.scopes] })));
  }
  return {
    seed,
    builtAt,
    customerId: `C0${numericId(rng, 2)}nw${numericId(rng, 3)}`.slice(0, 10),
    domain: DEMO_ORGANISATION.domain,
    users,
    groups,
    roles,
    roleAssignments,
    tokens,
    adminIndex: 0,
    serviceAccountEmail: 'parapet-connector@northwind-security.iam.gserviceaccount.com',
    serviceAccountClientId: numericId(rng, 21),
  };
}
