import { DAY } from '../../../core/clock.js';
import { WORKFORCE_LEAVER_INDEX } from '../../sdk/simulator/local-time.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { workforce, type Person } from '../../sdk/simulator/workforce.js';

/** Platform role ids (digest §7). */
export type RoleId = 'atlassian/org-admin' | 'atlassian/site-admin' | 'atlassian/user-access-admin' | 'atlassian/user';

export const ROLE_DISPLAY: Record<RoleId, string> = {
  'atlassian/org-admin': 'Organization admin',
  'atlassian/site-admin': 'Site admin',
  'atlassian/user-access-admin': 'User access admin',
  'atlassian/user': 'User',
};

/** One person's managed Atlassian account. */
export interface SimUser {
  accountId: string;
  person: Person;
  roles: RoleId[];
  /** `active`, or `suspended` once their access to the org is suspended. */
  membership: 'active' | 'suspended';
  mfaEnabled: boolean;
  groupIds: string[];
  products: string[];
  apiTokens: { id: string; label: string; createdAt: number }[];
}

export interface SimGroup {
  id: string;
  name: string;
  description: string;
}

export interface Tenant {
  org: { id: string; name: string };
  directoryId: string;
  site: { id: string; url: string };
  users: SimUser[];
  groups: SimGroup[];
  /** IP allowlist policies (`/policies?type=ip-allowlist`). */
  ipAllowlists: { id: string; name: string; status: 'enabled' | 'disabled' }[];
  /** The org admin whose API key the config carries. */
  ownerIndex: number;
  leaverIndex: number;
  apiKey: string;
}

const HEX = '0123456789abcdef';
function hex(rng: SeededRandom, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += HEX[rng.int(0, 15)];
  return out;
}

/** Account ids as Atlassian mints them: `712020:` and a UUID. */
export const accountIdOf = (rng: SeededRandom) => `712020:${rng.uuid()}`;

/** The demo organisation on Atlassian Cloud: the shared workforce, one Jira + Confluence site, admins and groups. */
export function buildTenant(options: { seed: number; now: number; emailDomain: string; people?: number }): Tenant {
  const rng = new SeededRandom(mixSeed(options.seed, 0xa71a5));
  const people = workforce({ seed: options.seed, domain: options.emailDomain, size: Math.max(40, options.people ?? 40) });
  const rolesOf = (i: number): RoleId[] => (i === 0 ? ['atlassian/org-admin'] : i === 2 ? ['atlassian/site-admin'] : i === 3 ? ['atlassian/user-access-admin'] : ['atlassian/user']);
  const groups: SimGroup[] = [
    ['jira-software-users', 'Everyone who works in Jira'],
    ['confluence-users', 'Everyone who reads and edits Confluence'],
    ['site-admins', 'Administrators of the northwind-legal site'],
    ['litigation', 'Litigation team'],
    ['corporate-law', 'Corporate law team'],
    ['emea-office', 'EMEA office'],
  ].map(([name, description]) => ({ id: rng.uuid(), name: name as string, description: description as string }));
  const users: SimUser[] = people.map((person) => {
    const roles = rolesOf(person.index);
    const groupIds = [groups[0]!.id, groups[1]!.id, groups[3 + (person.index % 2)]!.id];
    if (person.region === 'eu') groupIds.push(groups[5]!.id);
    if (roles.some((r) => r !== 'atlassian/user')) groupIds.push(groups[2]!.id);
    return {
      accountId: accountIdOf(rng),
      person,
      roles,
      membership: 'active',
      // Admins all have 2SV; three members have not enrolled yet (ATL-01 fails on the seeded org, as it would).
      mfaEnabled: person.index < 4 || ![17, 26, 33].includes(person.index),
      groupIds,
      products: ['jira-software', 'confluence'],
      apiTokens: [],
    };
  });
  const leaverIndex = WORKFORCE_LEAVER_INDEX;
  (users[leaverIndex] as SimUser).membership = 'suspended';
  // Developers' API tokens for scripts, made months ago.
  for (const i of [5, 12, 23]) {
    const u = users[i] as SimUser;
    u.apiTokens.push({ id: rng.uuid(), label: 'jira-cli', createdAt: options.now - rng.int(60, 300) * DAY });
  }
  return {
    org: { id: rng.uuid(), name: 'Northwind Legal Group' },
    directoryId: rng.uuid(),
    site: { id: rng.uuid(), url: 'https://northwind-legal.atlassian.net' },
    users,
    groups,
    ipAllowlists: [{ id: rng.uuid(), name: 'Offices and VPN', status: 'enabled' }],
    ownerIndex: 0,
    leaverIndex,
    apiKey: `ATCTT3xFfGN0${hex(rng, 48)}`,
  };
}
