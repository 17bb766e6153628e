import { HOUR, MINUTE } from '../../../core/clock.js';
import type { ExpectedAlert, ScenarioFact } from '../../sdk/simulator/simulator.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { buildEvent, type StoredEvent } from './events.js';
import type { QuietWindow } from './history.js';
import type { SimGithubUser, Tenant } from './tenant.js';

/** Scenario ids this simulator can inject, with the built-in policy meant to catch each. */
export const GITHUB_SCENARIOS = {
  'owner-added': 'detection.privilege-escalation',
  'two-factor-requirement-disabled': 'detection.mfa-disabled',
  'broad-scope-token': 'detection.oauth-high-privilege',
  'repository-made-public': 'detection.repository-made-public',
} as const;
export type GithubScenarioId = keyof typeof GITHUB_SCENARIOS;
export const GITHUB_SCENARIO_IDS = Object.keys(GITHUB_SCENARIOS) as GithubScenarioId[];

/** Scopes of the classic token the broad-scope scenario authorises for SSO. */
export const BROAD_SCOPES = ['repo', 'admin:org', 'delete_repo', 'workflow', 'admin:repo_hook'];
/** Credential id of that token (listed by credential-authorizations once authorised). */
export const BROAD_CREDENTIAL_ID = 880_777;

type NewEvent = Omit<StoredEvent, 'seq'>;

export interface ScenarioPlan {
  facts: ScenarioFact[];
  events: NewEvent[];
  quiet: QuietWindow[];
  /** The organisation's settings after the scenarios (2FA turned off). */
  twoFactorRequired: boolean;
  /** Credentials the scenarios authorised. */
  credentials: Tenant['credentials'];
}

/**
 * The attacks, in the last ~2 days before `now`, all done by an owner's stolen session (Jordan, person 1)
 * from a hosting provider: an accomplice made owner, the 2FA requirement switched off, a private
 * repository made public and a broad token authorised for SSO.
 */
export function planScenarios(tenant: Tenant, now: number, enabled: readonly string[]): ScenarioPlan {
  const rng = new SeededRandom(mixSeed(tenant.seed, 0x6170));
  const plan: ScenarioPlan = { facts: [], events: [], quiet: [], twoFactorRequired: true, credentials: [] };
  const byIndex = (i: number) => tenant.users.find((u) => u.person?.index === i) as SimGithubUser;
  const owner = byIndex(1);
  const accomplice = byIndex(12);
  const tokenOwner = byIndex(7);
  const person = owner.person;
  if (!person) return plan;
  const base = now - 30 * HOUR;
  const web = (user: SimGithubUser) => ({ actor: { login: user.login, id: user.id }, ip: user.person?.ip ?? null, place: user.person?.place ?? null, userAgent: user.person?.userAgent ?? null });
  const emailOf = (user: SimGithubUser) => user.verifiedEmail ?? user.samlNameId;
  const add = (id: GithubScenarioId, user: SimGithubUser, events: NewEvent[], description: string, alerts?: ExpectedAlert[]) => {
    if (!enabled.includes(id)) return;
    plan.events.push(...events);
    plan.facts.push({ id, policy: GITHUB_SCENARIOS[id], user: emailOf(user), eventIds: events.map((e) => e.record._document_id), description, ...(alerts ? { alerts } : {}) });
  };
  const jitter = () => rng.int(0, 59_999);

  {
    const promotion = buildEvent({ ...web(owner), at: base + jitter(), action: 'org.update_member', fields: { user: accomplice.login, user_id: accomplice.id, old_permission: 'read', permission: 'admin' } }, rng);
    // privilege-escalation is about whoever gained the owner role.
    add('owner-added', accomplice, [promotion], `${owner.login} made ${accomplice.login} an organisation owner.`, [{ policy: GITHUB_SCENARIOS['owner-added'], subject: emailOf(accomplice) ?? '', eventIds: [promotion.record._document_id] }]);
  }
  add(
    'two-factor-requirement-disabled',
    owner,
    [buildEvent({ ...web(owner), at: base + 20 * MINUTE + jitter(), action: 'org.disable_two_factor_requirement', fields: {} }, rng)],
    `${owner.login} turned off the organisation's two-factor requirement.`,
  );
  if (enabled.includes('two-factor-requirement-disabled')) plan.twoFactorRequired = false;
  {
    const repo = `${tenant.org.login}/e-discovery`;
    add(
      'repository-made-public',
      owner,
      [buildEvent({ ...web(owner), at: base + 45 * MINUTE + jitter(), action: 'repo.access', fields: { repo, repository: repo, visibility: 'public', previous_visibility: 'private' } }, rng)],
      `${owner.login} made the private repository ${repo} (the firm's e-discovery tooling) public.`,
    );
  }
  const authorisedAt = base + 3 * HOUR + jitter();
  add(
    'broad-scope-token',
    tokenOwner,
    [
      buildEvent(
        {
          ...web(tokenOwner),
          at: authorisedAt,
          action: 'org_credential_authorization.grant',
          fields: { user: tokenOwner.login, user_id: tokenOwner.id, credential_id: BROAD_CREDENTIAL_ID, token_id: BROAD_CREDENTIAL_ID, credential_type: 'personal access token', oauth_application_name: 'personal access token (classic)', scopes: BROAD_SCOPES },
        },
        rng,
      ),
    ],
    `${tokenOwner.login} authorised a classic token with ${BROAD_SCOPES.join(', ')} for SAML SSO.`,
  );
  if (enabled.includes('broad-scope-token')) {
    plan.credentials.push({ login: tokenOwner.login, credential_id: BROAD_CREDENTIAL_ID, credential_type: 'personal access token', token_last_eight: 'f00dbabe', credential_authorized_at: new Date(authorisedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'), credential_accessed_at: null, scopes: BROAD_SCOPES, authorized_credential_title: 'automation', authorized_credential_expires_at: null });
  }
  plan.quiet.push({ userId: owner.id, from: base - HOUR, to: base + 4 * HOUR });
  return plan;
}
