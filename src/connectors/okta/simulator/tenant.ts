import { DAY, HOUR } from '../../../core/clock.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { DEMO_ORGANISATION, workforce, type Person } from '../../sdk/simulator/workforce.js';
import { WORKFORCE_LEAVER_INDEX } from '../../sdk/simulator/local-time.js';

/** Okta ids are 20 characters: a 3-character type prefix (`00u` users, `00g` groups, `0oa` apps…) and 17 more. */
const ID_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export function oktaId(prefix: string, rng: SeededRandom): string {
  let id = prefix;
  while (id.length < 20) id += ID_CHARS[rng.int(0, ID_CHARS.length - 1)];
  return id;
}

export type UserStatus = 'ACTIVE' | 'SUSPENDED' | 'DEPROVISIONED' | 'STAGED' | 'PROVISIONED' | 'LOCKED_OUT';

export interface SimFactor {
  id: string;
  factorType: 'push' | 'token:software:totp' | 'webauthn' | 'sms';
  provider: 'OKTA' | 'GOOGLE' | 'FIDO';
  created: number;
}

export interface SimUser {
  index: number;
  id: string;
  person: Person;
  status: UserStatus;
  created: number;
  statusChanged: number;
  lastLogin: number | null;
  factors: SimFactor[];
  /** Role types assigned directly (SUPER_ADMIN, HELP_DESK_ADMIN…). */
  roles: { id: string; type: string; created: number }[];
  sessions: number;
  /** A scenario deactivated them here: their Okta activity ends at this moment (epoch ms). */
  goneAt?: number;
}

export interface SimGroup {
  id: string;
  name: string;
  description: string;
  type: 'OKTA_GROUP' | 'BUILT_IN';
  created: number;
  members: Set<string>;
}

export interface SimApp {
  id: string;
  label: string;
  /** OAuth client id of an app users consented to (its grants appear under /users/{id}/grants). */
  clientId: string;
  scopes: string[];
}

export interface SimGrant {
  id: string;
  userId: string;
  clientId: string;
  scopeId: string;
  created: number;
  status: 'ACTIVE' | 'REVOKED';
}

export interface SimApiToken {
  id: string;
  name: string;
  userId: string;
  created: number;
}

/** The people of the demo organisation, as the Okta org that holds their identities. */
export interface OktaTenant {
  domain: string;
  orgName: string;
  users: SimUser[];
  groups: SimGroup[];
  apps: SimApp[];
  grants: SimGrant[];
  apiTokens: SimApiToken[];
  /** The SSWS token of the demo admin (person 0). */
  apiToken: string;
  /** The OAuth 2.0 service app Parapet connects as. */
  serviceClientId: string;
  adminIndex: number;
  /** Person whose account the admins deactivate three days before "now" (the leaver). */
  leaverIndex: number;
  suspendedIndex: number;
  stagedIndex: number;
}

export const ROLE_LABELS: Record<string, string> = {
  SUPER_ADMIN: 'Super Administrator',
  ORG_ADMIN: 'Organization Administrator',
  APP_ADMIN: 'Application Administrator',
  USER_ADMIN: 'Group Administrator',
  HELP_DESK_ADMIN: 'Help Desk Administrator',
  READ_ONLY_ADMIN: 'Read Only Administrator',
  REPORT_ADMIN: 'Report Administrator',
};

/** The organisation's leaver, the same person in every app (see sdk/simulator/local-time.ts). */
export const LEAVER_INDEX = WORKFORCE_LEAVER_INDEX;
/**
 * The people the attack scenarios (scenarios.ts) are done by or happen to, besides the holiday-maker: the
 * organisation admin, the help-desk admin, the colleague made Super Administrator, the person deactivated in Okta alone.
 */
export const SCENARIO_PEOPLE = { orgAdmin: 1, helpdesk: 21, grantee: 14, leaver: 19 } as const;
const SUSPENDED_INDEX = 33;
const STAGED_INDEX = 39;

/** Builds the org as it stood 30 days before `now`; history and scenarios then change it. */
export function buildTenant(seed: number, now: number): OktaTenant {
  const rng = new SeededRandom(mixSeed(seed, 0x0c7a));
  const people = workforce({ seed, domain: DEMO_ORGANISATION.domain });
  const start = now - 400 * DAY;
  const users: SimUser[] = people.map((person) => {
    const created = start + rng.int(0, 300) * DAY + rng.int(0, 23) * HOUR;
    const factors: SimFactor[] = [{ id: oktaId('opf', rng), factorType: 'push', provider: 'OKTA', created: created + HOUR }];
    if (rng.chance(0.3)) factors.push({ id: oktaId('uft', rng), factorType: 'token:software:totp', provider: 'GOOGLE', created: created + 2 * HOUR });
    return { index: person.index, id: oktaId('00u', rng), person, status: 'ACTIVE', created, statusChanged: created, lastLogin: null, factors, roles: [], sessions: 0 };
  });
  const admin = users[0] as SimUser;
  admin.roles.push({ id: oktaId('ra1', rng), type: 'SUPER_ADMIN', created: start });
  admin.factors.push({ id: oktaId('fwf', rng), factorType: 'webauthn', provider: 'FIDO', created: start });
  (users[1] as SimUser).roles.push({ id: oktaId('ra1', rng), type: 'ORG_ADMIN', created: start + 10 * DAY });
  (users[21] as SimUser).roles.push({ id: oktaId('ra1', rng), type: 'HELP_DESK_ADMIN', created: start + 20 * DAY });
  (users[5] as SimUser).roles.push({ id: oktaId('ra1', rng), type: 'READ_ONLY_ADMIN', created: start + 40 * DAY });
  const suspended = users[SUSPENDED_INDEX] as SimUser;
  suspended.status = 'SUSPENDED';
  suspended.statusChanged = now - 45 * DAY;
  const staged = users[STAGED_INDEX] as SimUser;
  staged.status = 'STAGED';
  staged.factors = [];

  const group = (name: string, description: string, type: SimGroup['type'], members: SimUser[]): SimGroup => ({
    id: oktaId('00g', rng),
    name,
    description,
    type,
    created: start,
    members: new Set(members.map((u) => u.id)),
  });
  const groups = [
    group('Everyone', 'All users in your organization', 'BUILT_IN', users),
    group('Legal', 'Lawyers and paralegals', 'OKTA_GROUP', users.filter((u) => u.index % 3 === 0)),
    group('Finance', 'Billing and accounts', 'OKTA_GROUP', users.filter((u) => u.index % 5 === 1)),
    group('IT', 'IT and security', 'OKTA_GROUP', users.filter((u) => u.roles.length > 0)),
    group('EU Office', 'People in the European offices', 'OKTA_GROUP', users.filter((u) => u.person.region === 'eu')),
  ];

  const apps: SimApp[] = [
    { id: oktaId('0oa', rng), label: 'Microsoft Office 365', clientId: oktaId('0oa', rng), scopes: ['openid', 'profile', 'email'] },
    { id: oktaId('0oa', rng), label: 'DocuSign', clientId: oktaId('0oa', rng), scopes: ['openid', 'email'] },
    { id: oktaId('0oa', rng), label: 'Slack', clientId: oktaId('0oa', rng), scopes: ['openid', 'profile'] },
    { id: oktaId('0oa', rng), label: 'Expense Tracker', clientId: oktaId('0oa', rng), scopes: ['openid', 'profile', 'okta.users.read.self'] },
  ];
  const grants: SimGrant[] = [];
  for (const user of users) {
    if (user.status === 'STAGED') continue;
    for (const app of apps.slice(0, rng.int(1, apps.length))) {
      for (const scopeId of app.scopes) grants.push({ id: oktaId('oag', rng), userId: user.id, clientId: app.clientId, scopeId, created: user.created + DAY, status: 'ACTIVE' });
    }
  }
  return {
    domain: DEMO_ORGANISATION.domain,
    orgName: DEMO_ORGANISATION.name,
    users,
    groups,
    apps,
    grants,
    apiTokens: [],
    apiToken: `00${oktaId('', rng)}${oktaId('', rng)}`.slice(0, 42),
    serviceClientId: oktaId('0oa', rng),
    adminIndex: 0,
    leaverIndex: LEAVER_INDEX,
    suspendedIndex: SUSPENDED_INDEX,
    stagedIndex: STAGED_INDEX,
  };
}

/** The seeded policies of digest §6, as `GET /api/v1/policies?type=…` returns them (rules embedded for the routes to split off). */
export function seededPolicies(created: number): Record<string, Record<string, unknown>[]> {
  const iso = new Date(created).toISOString();
  const base = (id: string, type: string, name: string, priority: number, system: boolean) => ({ id, status: 'ACTIVE', name, description: null, priority, system, type, created: iso, lastUpdated: iso });
  return {
    PASSWORD: [
      {
        ...base('00pnorthwindpwd00001', 'PASSWORD', 'Default Policy', 1, true),
        conditions: { people: { groups: { include: ['everyone'] } }, authProvider: { provider: 'OKTA' } },
        settings: {
          password: {
            complexity: { minLength: 12, minLowerCase: 1, minUpperCase: 1, minNumber: 1, minSymbol: 0, excludeUsername: true, excludeAttributes: [], dictionary: { common: { exclude: true } } },
            age: { maxAgeDays: 0, expireWarnDays: 0, minAgeMinutes: 0, historyCount: 4 },
            lockout: { maxAttempts: 10, autoUnlockMinutes: 0, showLockoutFailures: false },
          },
          recovery: { factors: { okta_email: { status: 'ACTIVE' } } },
          delegation: { options: { skipUnlock: false } },
        },
        rules: [],
      },
    ],
    OKTA_SIGN_ON: [
      {
        ...base('00pnorthwindsignon01', 'OKTA_SIGN_ON', 'Default Policy', 1, true),
        conditions: { people: { groups: { include: ['everyone'] } } },
        rules: [
          {
            id: '0prnorthwindsignon01',
            status: 'ACTIVE',
            name: 'Default Rule',
            priority: 1,
            system: true,
            type: 'SIGN_ON',
            conditions: { network: { connection: 'ANYWHERE' } },
            actions: { signon: { access: 'ALLOW', requireFactor: true, factorPromptMode: 'SESSION', factorLifetime: 15, rememberDeviceByDefault: false, session: { usePersistentCookie: false, maxSessionIdleMinutes: 120, maxSessionLifetimeMinutes: 720 } } },
          },
        ],
      },
    ],
    MFA_ENROLL: [
      {
        ...base('00pnorthwindmfaenrol', 'MFA_ENROLL', 'Default Policy', 1, true),
        conditions: { people: { groups: { include: ['everyone'] } } },
        settings: {
          type: 'AUTHENTICATORS',
          authenticators: [
            { key: 'okta_verify', enroll: { self: 'REQUIRED' } },
            { key: 'webauthn', enroll: { self: 'OPTIONAL' } },
            { key: 'google_otp', enroll: { self: 'OPTIONAL' } },
            { key: 'phone_number', enroll: { self: 'NOT_ALLOWED' } },
          ],
        },
        rules: [],
      },
    ],
    ACCESS_POLICY: [
      {
        ...base('rstnorthwindadmin001', 'ACCESS_POLICY', 'Okta Admin Console', 1, false),
        conditions: null,
        rules: [
          {
            id: 'rulnorthwindadmin001',
            status: 'ACTIVE',
            name: 'Admins: two factors every time',
            priority: 0,
            system: false,
            type: 'ACCESS_POLICY',
            actions: { appSignOn: { access: 'ALLOW', verificationMethod: { factorMode: '2FA', type: 'ASSURANCE', reauthenticateIn: 'PT0S', constraints: [{ possession: { required: true } }] } } },
          },
        ],
      },
    ],
  };
}
