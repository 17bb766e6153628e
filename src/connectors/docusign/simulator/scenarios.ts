import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import { localTimeBetween } from '../../sdk/simulator/local-time.js';
import type { ExpectedAlert, ScenarioFact } from '../../sdk/simulator/simulator.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { buildEvent, type EventSpec, type StoredEvent } from './events.js';
import type { QuietWindow } from './history.js';
import { ATTACKER_PLACE, FOREIGN_PLACE, USER_AGENTS, VPN_PLACE, type Place } from '../../sdk/simulator/places.js';
import type { SimAccount, SimUser, Tenant } from './tenant.js';

/** Scenario ids this simulator can inject, with the built-in policy meant to catch each. */
export const DOCUSIGN_SCENARIOS = {
  'impossible-travel': 'detection.impossible-travel',
  'anonymous-proxy': 'detection.anonymous-ip',
  'failed-logon-burst': 'detection.failed-logons',
  'closed-user-activity': 'detection.terminated-user',
} as const;
export type DocusignScenarioId = keyof typeof DOCUSIGN_SCENARIOS;
export const DOCUSIGN_SCENARIO_IDS = Object.keys(DOCUSIGN_SCENARIOS) as DocusignScenarioId[];

type NewEvent = Omit<StoredEvent, 'seq'>;

export interface ScenarioPlan {
  facts: ScenarioFact[];
  events: NewEvent[];
  /** Where each scenario's person does nothing ordinary, so the attack reads cleanly (always reserved). */
  quiet: QuietWindow[];
}

function pickUser(tenant: Tenant, city: string, taken: Set<number>): SimUser {
  const candidates = tenant.users.filter(
    (u) => u.place.city === city && !u.isOrgAdmin && u.index !== tenant.demoUserIndex && u.index !== tenant.closedUserIndex && !taken.has(u.index),
  );
  const user = candidates[0] ?? tenant.users.find((u) => !taken.has(u.index) && u.index !== tenant.closedUserIndex && u.index !== tenant.demoUserIndex);
  if (!user) throw new Error('the seeded tenant has no one left for a scenario');
  taken.add(user.index);
  return user;
}

/** Plans the attack scenarios in the last ~2 days before `tenant.builtAt`; events only for the enabled ones. */
export function planScenarios(tenant: Tenant, enabled: readonly string[]): ScenarioPlan {
  const rng = new SeededRandom(mixSeed(tenant.seed, 0x5ce9a210));
  const now = tenant.builtAt;
  const earliest = now - 44 * HOUR;
  const latest = now - 4 * HOUR;
  const taken = new Set<number>();
  const plan: ScenarioPlan = { facts: [], events: [], quiet: [] };
  const accountOf = (user: SimUser): SimAccount =>
    tenant.accounts.find((a) => a.id === user.memberships[0]?.accountId) ?? (tenant.accounts[0] as SimAccount);
  const spec = (user: SimUser, at: number, place: Place, ip: string, userAgent: string): Omit<EventSpec, 'object' | 'action'> => {
    const account = accountOf(user);
    // Real events do not land on whole minutes.
    return { at: at + jitter(), site: account.site, accountId: account.id, organizationId: tenant.org.id, userId: user.id, userAgent, ip, place, source: 'Web' };
  };
  const envelope = () => ({ EnvelopeId: rng.uuid() });
  const jitter = () => rng.int(0, 9_999);
  const idsOf = (events: NewEvent[]) => events.map((e) => e.record.eventId);
  const add = (id: DocusignScenarioId, user: SimUser, events: NewEvent[], attack: NewEvent[], description: string, alerts?: ExpectedAlert[]) => {
    if (!enabled.includes(id)) return;
    plan.events.push(...events);
    plan.facts.push({ id, policy: DOCUSIGN_SCENARIOS[id], user: user.email, eventIds: idsOf(attack), description, ...(alerts ? { alerts } : {}) });
  };
  const when = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

  // Impossible travel: home log-on in Seattle, then 42 minutes later a log-on from Lagos.
  {
    const user = pickUser(tenant, 'seattle', taken);
    const t = localTimeBetween(user.place, 8, 50, earliest, latest - 2 * HOUR);
    plan.quiet.push({ userIndex: user.index, from: t - 8 * HOUR, to: t + 8 * HOUR });
    const home = buildEvent({ ...spec(user, t, user.place, user.ip, user.userAgent), object: 'User', action: 'Login', result: 'Success' }, rng);
    const viewed = buildEvent({ ...spec(user, t + 6 * MINUTE, user.place, user.ip, user.userAgent), object: 'Envelope', action: 'Viewed', result: 'Success', data: envelope() }, rng);
    const foreignIp = FOREIGN_PLACE.ips[0] as string;
    const foreignUa = USER_AGENTS[4] as string;
    const away = buildEvent({ ...spec(user, t + 42 * MINUTE, FOREIGN_PLACE, foreignIp, foreignUa), object: 'User', action: 'Login', result: 'Success' }, rng);
    const downloads = [47, 49].map((m) =>
      buildEvent({ ...spec(user, t + m * MINUTE, FOREIGN_PLACE, foreignIp, foreignUa), object: 'Envelope', action: 'Downloaded', result: 'Success', data: envelope() }, rng),
    );
    const alert = buildEvent(
      {
        ...spec(user, t + 44 * MINUTE, FOREIGN_PLACE, foreignIp, ''),
        accountId: '',
        integratorKey: '',
        source: 'Other',
        object: 'Alert',
        action: 'LoginFromMultipleLocations',
        noFlatGeo: true,
        data: { EventIds: [home.record.eventId, away.record.eventId], Count: '2' },
      },
      rng,
    );
    add('impossible-travel', user, [home, viewed, away, ...downloads, alert], [home, away],
      `${user.firstName} ${user.lastName} signed in from home in Seattle (${user.ip}) at ${when(t)} and 42 minutes later from Lagos, Nigeria (${foreignIp}), about 12,000 km away, then downloaded two envelopes from there.`, [
      { policy: DOCUSIGN_SCENARIOS['impossible-travel'], subject: user.email, eventIds: idsOf([home, away]) },
      // What was done from the new country stays evidence: the alert does not teach the baseline (issue 8 item 7).
      { policy: 'detection.infrequent-country', subject: user.email, eventIds: idsOf([away, alert, ...downloads]) },
    ]);
  }

  // Anonymous proxy: an evening log-on through a commercial VPN exit node, then downloads.
  {
    const user = pickUser(tenant, 'amsterdam', taken);
    const t = localTimeBetween(user.place, 21, 20, earliest, latest - HOUR);
    plan.quiet.push({ userIndex: user.index, from: t - 10 * HOUR, to: t + 4 * HOUR });
    const ip = VPN_PLACE.ips[0] as string;
    const proxy = { status: 'Anonymous', type: 'VPN', level: 'High' };
    const login = buildEvent({ ...spec(user, t, VPN_PLACE, ip, user.userAgent), proxy, object: 'User', action: 'Login', result: 'Success' }, rng);
    const downloads = [4, 6, 9].map((m) =>
      buildEvent({ ...spec(user, t + m * MINUTE, VPN_PLACE, ip, user.userAgent), proxy, object: 'Envelope', action: 'Downloaded', result: 'Success', data: envelope() }, rng),
    );
    add('anonymous-proxy', user, [login, ...downloads], [login],
      `${user.firstName} ${user.lastName} signed in at ${when(t)} from ${ip}, a VPN exit node of Datacamp Limited (AS60068); DocuSign flagged it proxyType VPN. Three envelope downloads followed.`, [
      // Everything done through the exit node is evidence.
      { policy: DOCUSIGN_SCENARIOS['anonymous-proxy'], subject: user.email, eventIds: idsOf([login, ...downloads]) },
    ]);
  }

  // Failed log-on burst: 18 wrong passwords in about four minutes at night, then a success.
  {
    const user = pickUser(tenant, 'london', taken);
    const t = localTimeBetween(user.place, 2, 10, earliest, latest - HOUR);
    plan.quiet.push({ userIndex: user.index, from: t - 10 * HOUR, to: t + 3 * HOUR });
    const ip = ATTACKER_PLACE.ips[0] as string;
    const ua = USER_AGENTS[0] as string;
    const failures: NewEvent[] = [];
    let at = t;
    for (let i = 0; i < 18; i++) {
      failures.push(buildEvent({ ...spec(user, at, ATTACKER_PLACE, ip, ua), object: 'User', action: 'Login', result: 'Failed', data: { FailureReason: 'InvalidPassword' } }, rng));
      at += rng.int(8, 20) * 1000;
    }
    const success = buildEvent({ ...spec(user, at + 40_000, ATTACKER_PLACE, ip, ua), object: 'User', action: 'Login', result: 'Success' }, rng);
    const download = buildEvent({ ...spec(user, at + 3 * MINUTE, ATTACKER_PLACE, ip, ua), object: 'Envelope', action: 'Downloaded', result: 'Success', data: envelope() }, rng);
    add('failed-logon-burst', user, [...failures, success, download], failures,
      `${failures.length} failed log-ons for ${user.firstName} ${user.lastName} from ${ip} (Manchester) within ${Math.round((at - t) / 60_000)} minutes from ${when(t)}, then a successful log-on and a download from the same address.`, [
      // Two findings of one policy, two alerts: the guessing (medium), then the success after it (high: the password
      // was guessed, a compromise to respond to), which holds the failures and the success.
      { policy: DOCUSIGN_SCENARIOS['failed-logon-burst'], subject: user.email, eventIds: idsOf(failures) },
      { policy: DOCUSIGN_SCENARIOS['failed-logon-burst'], subject: user.email, eventIds: idsOf([...failures, success]) },
    ]);
  }

  // Activity by the leaver after their memberships were closed.
  {
    const user = tenant.users[tenant.closedUserIndex] as SimUser;
    const t = localTimeBetween(user.place, 10, 15, Math.max(earliest, tenant.closedAt + DAY), latest - HOUR);
    const login = buildEvent({ ...spec(user, t, user.place, user.ip, user.userAgent), object: 'User', action: 'Login', result: 'Success' }, rng);
    const after = [5, 8, 11, 15].map((m, i) =>
      buildEvent({ ...spec(user, t + m * MINUTE, user.place, user.ip, user.userAgent), object: 'Envelope', action: i === 0 ? 'Viewed' : 'Downloaded', result: 'Success', data: envelope() }, rng),
    );
    add('closed-user-activity', user, [login, ...after], [login, ...after],
      `${user.firstName} ${user.lastName}'s memberships were closed on ${when(tenant.closedAt)}, yet at ${when(t)} they signed in from their usual address (${user.ip}) and viewed and downloaded envelopes.`, [
      // The closure itself joins as evidence: state.ts adds its id once the history holds it.
      { policy: DOCUSIGN_SCENARIOS['closed-user-activity'], subject: user.email, eventIds: idsOf([login, ...after]) },
    ]);
  }
  return plan;
}
