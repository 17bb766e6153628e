import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { WORKFORCE_LEAVER_INDEX } from '../../sdk/simulator/local-time.js';
import { workforce, type Person } from '../../sdk/simulator/workforce.js';

export type BoxRole = 'admin' | 'coadmin' | 'user';

/** One person's managed Box user. */
export interface SimUser {
  id: string;
  person: Person;
  role: BoxRole;
  status: 'active' | 'inactive';
  exemptFromLoginVerification: boolean;
  externalCollabRestricted: boolean;
  createdAt: number;
  /** Open web and app sessions (terminate_sessions ends them). */
  sessions: number;
}

/** A collaborator from outside the enterprise (a Box user of another enterprise, or a free account). */
export interface ExternalUser {
  id: string;
  name: string;
  login: string;
}

export interface SimGroup {
  id: string;
  name: string;
  members: { membershipId: string; userId: string; role: 'member' | 'admin' }[];
}

export interface Tenant {
  enterprise: { id: string; name: string };
  users: SimUser[];
  externals: ExternalUser[];
  groups: SimGroup[];
  allowlist: { id: string; domain: string; direction: 'inbound' | 'outbound' | 'both' }[];
  clientId: string;
  clientSecret: string;
  adminIndex: number;
  leaverIndex: number;
  /** The outside law firm the organisation works with every week (allow-listed). */
  partnerDomain: string;
}

const HEX = '0123456789abcdef';
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function chars(rng: SeededRandom, alphabet: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[rng.int(0, alphabet.length - 1)];
  return out;
}

export function boxId(rng: SeededRandom, digits = 11): string {
  return String(rng.int(1, 9)) + chars(rng, '0123456789', digits - 1);
}

export function eventId(rng: SeededRandom): string {
  const h = chars(rng, HEX, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The demo organisation's Box enterprise: the shared workforce, two co-admins, groups and outside counsel. */
export function buildTenant(options: { seed: number; now: number; emailDomain: string }): Tenant {
  const rng = new SeededRandom(mixSeed(options.seed, 0xb0c));
  const people = workforce({ seed: options.seed, domain: options.emailDomain, size: 40 });
  const roleOf = (i: number): BoxRole => (i === 0 ? 'admin' : i === 1 || i === 21 ? 'coadmin' : 'user');
  const users: SimUser[] = people.map((person) => ({
    id: boxId(rng),
    person,
    role: roleOf(person.index),
    status: person.index === WORKFORCE_LEAVER_INDEX ? 'inactive' : 'active',
    exemptFromLoginVerification: false,
    externalCollabRestricted: person.index > 30,
    createdAt: options.now - (200 + rng.int(0, 900)) * 86_400_000,
    sessions: 1,
  }));
  const partnerDomain = 'harbor-counsel.example';
  const externals: ExternalUser[] = [
    ['Dana Whitfield', `dana.whitfield@${partnerDomain}`],
    ['Ravi Anand', `ravi.anand@${partnerDomain}`],
    ['Court Reporting Desk', 'desk@lexscribe-reporting.example'],
  ].map(([name, login]) => ({ id: boxId(rng), name: name as string, login: login as string }));
  const groupNames = ['All Staff', 'Litigation', 'Corporate Law', 'IT and Security', 'EMEA Office'];
  const groups: SimGroup[] = groupNames.map((name) => ({ id: boxId(rng, 9), name, members: [] }));
  for (const user of users) {
    const picks = new Set([0, user.person.region === 'eu' ? 4 : 1 + (user.person.index % 2), user.person.index < 3 ? 3 : -1]);
    for (const g of picks) {
      const group = groups[g];
      if (group) group.members.push({ membershipId: boxId(rng, 10), userId: user.id, role: group.name === 'IT and Security' && user.person.index === 0 ? 'admin' : user.person.index === 2 && g === 1 ? 'admin' : 'member' });
    }
  }
  return {
    enterprise: { id: boxId(rng, 8), name: 'Northwind Legal Group' },
    users,
    externals,
    groups,
    allowlist: [{ id: boxId(rng, 8), domain: partnerDomain, direction: 'both' }],
    clientId: chars(rng, ALNUM, 32),
    clientSecret: chars(rng, ALNUM + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 32),
    adminIndex: 0,
    leaverIndex: WORKFORCE_LEAVER_INDEX,
    partnerDomain,
  };
}
