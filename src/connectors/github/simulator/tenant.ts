import { DEMO_ORGANISATION, workforce, type Person } from '../../sdk/simulator/workforce.js';

/** One GitHub account of the seeded organisation. */
export interface SimGithubUser {
  id: number;
  login: string;
  name: string;
  /** The workforce person behind it; null for outside collaborators (contractors with their own accounts). */
  person: Person | null;
  role: 'admin' | 'member' | 'outside_collaborator';
  /** E-mail on the organisation's verified domain, where the person added one. */
  verifiedEmail: string | null;
  /** SAML NameID / SCIM user name of the external identity, where linked. */
  samlNameId: string | null;
  twoFactor: boolean;
  /** Sign in with GitHub Mobile in the evening sometimes. */
  usesMobile: boolean;
}

export interface SimTeam {
  id: number;
  slug: string;
  name: string;
  memberLogins: string[];
}

export interface SimInstallation {
  id: number;
  app_id: number;
  app_slug: string;
  client_id: string;
  permissions: Record<string, string>;
  events: string[];
  repository_selection: 'all' | 'selected';
  created_at: string;
}

export interface SimCredential {
  login: string;
  credential_id: number;
  credential_type: string;
  token_last_eight: string;
  credential_authorized_at: string;
  credential_accessed_at: string | null;
  scopes: string[];
  authorized_credential_title: string | null;
  authorized_credential_expires_at: string | null;
}

export interface Tenant {
  seed: number;
  org: { login: string; id: number; name: string };
  users: SimGithubUser[];
  teams: SimTeam[];
  installations: SimInstallation[];
  credentials: SimCredential[];
  repos: string[];
  /** Members of the workforce on GitHub: persons 0..MEMBERS-1. */
  memberCount: number;
}

/** People 0..29 of the demo workforce are on GitHub (the rest of the firm never writes code). */
export const MEMBERS = 30;
const USER_ID_BASE = 5_550_100;
export const ORG = { login: 'northwind-legal', id: 9_876_543, name: DEMO_ORGANISATION.name } as const;
export const REPOS = ['contracts-portal', 'matter-search', 'billing-service', 'infra', 'docs-site', 'e-discovery', 'client-intake'];

function loginOf(person: Person, taken: Set<string>): string {
  const base = `${person.firstName[0] ?? 'x'}${person.lastName}`.toLowerCase().replace(/[^a-z0-9]/g, '');
  let login = base;
  for (let n = 2; taken.has(login); n++) login = `${base}${n}`;
  taken.add(login);
  return login;
}

/** The seeded organisation: the demo workforce's first 30 people, three contractors, teams, apps and tokens. */
export function buildTenant(seed: number): Tenant {
  const people = workforce({ seed, domain: DEMO_ORGANISATION.domain });
  const taken = new Set<string>();
  const users: SimGithubUser[] = people.slice(0, MEMBERS).map((person) => {
    const i = person.index;
    // Most verified their work address; three only link through SAML; one has neither (no e-mail link).
    const samlOnly = i === 11 || i === 17 || i === 24;
    const unlinked = i === 29;
    return {
      id: USER_ID_BASE + i * 7,
      login: loginOf(person, taken),
      name: `${person.firstName} ${person.lastName}`,
      person,
      role: i < 2 ? 'admin' : 'member',
      verifiedEmail: samlOnly || unlinked ? null : person.email,
      samlNameId: unlinked ? null : person.email,
      twoFactor: i !== 27 && i !== 28,
      usesMobile: i % 4 === 1,
    };
  });
  for (const [n, login] of ['lex-contractor', 'dkoval-dev', 'pixelforge-studio'].entries()) {
    users.push({ id: 7_000_001 + n * 13, login, name: login, person: null, role: 'outside_collaborator', verifiedEmail: null, samlNameId: null, twoFactor: true, usesMobile: false });
  }
  const loginsOf = (from: number, to: number) => users.filter((u) => u.person && u.person.index >= from && u.person.index <= to).map((u) => u.login);
  const teams: SimTeam[] = [
    { id: 401, slug: 'engineering', name: 'Engineering', memberLogins: loginsOf(2, 19) },
    { id: 402, slug: 'platform', name: 'Platform', memberLogins: loginsOf(2, 8) },
    { id: 403, slug: 'security', name: 'Security', memberLogins: [...loginsOf(0, 1), ...loginsOf(9, 10)] },
    { id: 404, slug: 'legal-tech', name: 'Legal Tech', memberLogins: loginsOf(20, 29) },
  ];
  const installations: SimInstallation[] = [
    { id: 31_001, app_id: 2_101, app_slug: 'slack', client_id: 'Iv1.5e1ac7a1b0c0ffee', permissions: { metadata: 'read', issues: 'write', pull_requests: 'read' }, events: ['issues', 'pull_request'], repository_selection: 'all', created_at: '2025-03-14T10:02:11Z' },
    { id: 31_002, app_id: 2_202, app_slug: 'northwind-ci', client_id: 'Iv1.9c1d2e3f4a5b6c7d', permissions: { contents: 'read', checks: 'write', actions: 'write', metadata: 'read' }, events: ['push', 'check_run'], repository_selection: 'all', created_at: '2024-11-02T08:44:00Z' },
    { id: 31_003, app_id: 2_303, app_slug: 'renovate', client_id: 'Iv1.0a9b8c7d6e5f4a3b', permissions: { contents: 'write', pull_requests: 'write', metadata: 'read' }, events: [], repository_selection: 'selected', created_at: '2025-06-20T13:15:42Z' },
  ];
  const credentials: SimCredential[] = users
    .filter((u) => u.person && [3, 5, 8, 13, 21].includes(u.person.index))
    .map((u, n) => ({
      login: u.login,
      credential_id: 880_001 + n,
      credential_type: n === 4 ? 'SSH key' : 'personal access token',
      token_last_eight: `a1b2c3d${n}`,
      credential_authorized_at: '2026-08-01T09:00:00Z',
      credential_accessed_at: null,
      scopes: n === 4 ? [] : ['repo', 'read:org'],
      authorized_credential_title: n === 4 ? 'laptop' : 'local dev',
      authorized_credential_expires_at: null,
    }));
  return { seed, org: { ...ORG }, users, teams, installations, credentials, repos: REPOS, memberCount: MEMBERS };
}
