import { HOUR, MINUTE } from '../../../core/clock.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { VPN_PLACE } from '../../sdk/simulator/places.js';
import type { ScenarioFact } from '../../sdk/simulator/simulator.js';
import { buildEvent, userContext, type StoredEvent } from './events.js';
import type { SimUser, Tenant } from './tenant.js';

export const ATLASSIAN_SCENARIO_IDS = ['org-admin-added', 'api-token-created'] as const;

/**
 * The attacks of issue #14 for Atlassian, in the last day of the history:
 * - `org-admin-added`: the user access admin makes a member, without 2-step verification, an organisation
 *   admin — the role that controls every site, policy and API key of the org.
 * - `api-token-created`: a member's account signs in through a commercial VPN, creates an API token (which
 *   works without 2SV or SSO) and then uses it to add itself to the site admins' group.
 */
export function planScenarios(tenant: Tenant, seed: number, now: number, enabled: readonly string[]): { events: StoredEvent[]; facts: ScenarioFact[] } {
  const rng = new SeededRandom(mixSeed(seed, 0x5ce7a));
  const events: StoredEvent[] = [];
  const facts: ScenarioFact[] = [];
  const user = (i: number) => tenant.users[i] as SimUser;

  if (enabled.includes('org-admin-added')) {
    const by = user(3);
    const to = user(17);
    const grant = buildEvent(tenant, { at: now - 14 * HOUR, action: 'user_granted_role', actor: by, context: [userContext(to), { id: 'atlassian/org-admin', type: 'roles' }] }, rng);
    to.roles = ['atlassian/org-admin'];
    events.push(grant);
    facts.push({ id: 'org-admin-added', policy: 'detection.privilege-escalation', user: to.person.email, eventIds: [grant.record.id], description: `${by.person.email} made ${to.person.email}, a member without 2-step verification, an organisation admin.` });
  }

  if (enabled.includes('api-token-created')) {
    const who = user(12);
    const ip = VPN_PLACE.ips[0] as string;
    const at = now - 6 * HOUR;
    const token = { id: rng.uuid(), label: 'automation', createdAt: at + 3 * MINUTE };
    const admins = tenant.groups.find((g) => g.name === 'site-admins');
    const login = buildEvent(tenant, { at, action: 'user_logged_in', actor: who, context: [userContext(who)], ip }, rng);
    const created = buildEvent(tenant, { at: token.createdAt, action: 'api_token_created', actor: who, context: [userContext(who), { id: token.id, type: 'api-tokens' }], ip }, rng);
    const acted = buildEvent(tenant, { at: at + 25 * MINUTE, action: 'user_added_to_group', actor: who, context: [userContext(who), { id: admins?.id ?? 'site-admins', type: 'groups' }], ip, token }, rng);
    who.apiTokens.push(token);
    events.push(login, created, acted);
    facts.push({
      id: 'api-token-created',
      policy: 'detection.anonymous-ip',
      user: who.person.email,
      eventIds: [login.record.id, created.record.id, acted.record.id],
      description: `${who.person.email} signed in through a commercial VPN, created an API token and used it to join the site admins' group.`,
    });
  }
  return { events, facts };
}
