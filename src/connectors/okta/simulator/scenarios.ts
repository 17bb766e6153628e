import { HOUR, MINUTE } from '../../../core/clock.js';
import { localTimeBetween } from '../../sdk/simulator/local-time.js';
import { FOREIGN_PLACE } from '../../sdk/simulator/places.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import { HOLIDAY_INDEX } from '../../sdk/simulator/workforce-routine.js';
import type { ExpectedAlert, ScenarioFact } from '../../sdk/simulator/simulator.js';
import { logEvent, userTarget, type Where } from './events.js';
import { signIn, type Planned } from './history.js';
import { oktaId, SCENARIO_PEOPLE, type OktaTenant, type SimUser } from './tenant.js';

/** Scenario id -> the built-in policy meant to catch it. */
export const OKTA_SCENARIOS = {
  'mfa-reset-new-country': 'detection.mfa-disabled',
  'admin-role-granted': 'detection.privilege-escalation',
  'api-token-created': 'detection.app-credential-added',
  'leaver-still-active': 'detection.terminated-user',
} as const;
export type OktaScenarioId = keyof typeof OKTA_SCENARIOS;
export const OKTA_SCENARIO_IDS = Object.keys(OKTA_SCENARIOS) as OktaScenarioId[];

export interface InjectedScenario {
  fact: ScenarioFact;
  events: Planned[];
}

const home = (u: SimUser): Where => ({ place: u.person.place, ip: u.person.ip, userAgent: u.person.userAgent });
const hourBefore = (builtAt: number, hours: number) => Math.floor(builtAt / HOUR) * HOUR - hours * HOUR;

/**
 * The attacks of issue #13 in the last two days: a help-desk admin resets a holiday-maker's factors and
 * someone signs in as them from Lagos and enrols a new factor; an organisation admin makes a colleague
 * Super Administrator; the same admin creates an API token (the org's tokens were made by another admin);
 * the admins deactivate someone in Okta whose accounts in the other apps offboarding misses.
 */
export function injectScenarios(tenant: OktaTenant, seed: number, builtAt: number, ids: readonly string[]): InjectedScenario[] {
  const rng = new SeededRandom(mixSeed(seed, 0x5ce));
  const out: InjectedScenario[] = [];
  const helpdesk = tenant.users[SCENARIO_PEOPLE.helpdesk] as SimUser;
  const orgAdmin = tenant.users[SCENARIO_PEOPLE.orgAdmin] as SimUser;
  if (ids.includes('mfa-reset-new-country')) {
    // The workforce's holiday-maker, away from every app (workforce-routine.ts): nobody else signs in as them.
    const victim = tenant.users[HOLIDAY_INDEX] as SimUser;
    const resetAt = hourBefore(builtAt, 30);
    const reset = logEvent({ at: resetAt, eventType: 'user.mfa.factor.reset_all', displayMessage: 'Reset all factors for user', actor: helpdesk, where: home(helpdesk), targets: [userTarget(victim)] }, rng);
    const lagos: Where = { place: FOREIGN_PLACE, ip: FOREIGN_PLACE.ips[0] as string, userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36' };
    const signInAt = resetAt + 2 * HOUR + 10 * MINUTE;
    const enrol = logEvent({ at: signInAt - MINUTE, eventType: 'user.mfa.factor.activate', displayMessage: 'Activate factor for user', actor: victim, where: lagos, targets: [userTarget(victim)], debugData: { factor: 'SMS_FACTOR' } }, rng);
    const session = signIn(tenant, victim, signInAt, lagos, rng, 1);
    const events: Planned[] = [
      { at: resetAt, record: reset, apply: () => void (victim.factors = []) },
      { at: signInAt - MINUTE, record: enrol, apply: () => void victim.factors.push({ id: oktaId('sms', rng), factorType: 'sms', provider: 'OKTA', created: signInAt }) },
      ...session.map((record) => ({ at: Date.parse(record.published), record })),
    ];
    const alerts: ExpectedAlert[] = [
      { policy: 'detection.mfa-disabled', subject: helpdesk.person.email, eventIds: [reset.uuid] },
      { policy: 'detection.infrequent-country', subject: victim.person.email, eventIds: [enrol.uuid, ...session.map((e) => e.uuid)] },
    ];
    out.push({
      fact: {
        id: 'mfa-reset-new-country',
        policy: OKTA_SCENARIOS['mfa-reset-new-country'],
        user: helpdesk.person.email,
        eventIds: [reset.uuid, enrol.uuid, ...session.map((e) => e.uuid)],
        description: `${helpdesk.person.email} reset every factor of ${victim.person.email} (on holiday), then someone signed in as them from Lagos, Nigeria and enrolled an SMS factor.`,
        alerts,
      },
      events,
    });
  }
  if (ids.includes('admin-role-granted')) {
    const grantee = tenant.users[SCENARIO_PEOPLE.grantee] as SimUser;
    const at = hourBefore(builtAt, 20);
    const grant = logEvent({ at, eventType: 'user.account.privilege.grant', displayMessage: 'Grant user privilege', actor: orgAdmin, where: home(orgAdmin), targets: [userTarget(grantee)], debugData: { privilegeGranted: 'Super administrator' } }, rng);
    out.push({
      fact: { id: 'admin-role-granted', policy: OKTA_SCENARIOS['admin-role-granted'], user: grantee.person.email, eventIds: [grant.uuid], description: `${orgAdmin.person.email} made ${grantee.person.email} Super Administrator of the Okta org.` },
      events: [{ at, record: grant, apply: () => void grantee.roles.push({ id: oktaId('ra1', rng), type: 'SUPER_ADMIN', created: at }) }],
    });
  }
  if (ids.includes('api-token-created')) {
    const at = hourBefore(builtAt, 10);
    const tokenId = oktaId('00T', rng);
    const created = logEvent({ at, eventType: 'system.api_token.create', displayMessage: 'Create API token', actor: orgAdmin, where: home(orgAdmin), targets: [{ id: tokenId, type: 'Token', alternateId: 'unknown', displayName: 'backup-sync', detailEntry: null }] }, rng);
    out.push({
      fact: { id: 'api-token-created', policy: OKTA_SCENARIOS['api-token-created'], user: orgAdmin.person.email, eventIds: [created.uuid], description: `${orgAdmin.person.email} created the API token "backup-sync"; until then only ${(tenant.users[tenant.adminIndex] as SimUser).person.email} made the org's tokens.` },
      events: [{ at, record: created, apply: () => void tenant.apiTokens.push({ id: tokenId, name: 'backup-sync', userId: orgAdmin.id, created: at }) }],
    });
  }
  if (ids.includes('leaver-still-active')) {
    // Not the organisation's leaver: no other app closes their account.
    const leaver = tenant.users[SCENARIO_PEOPLE.leaver] as SimUser;
    const admin = tenant.users[tenant.adminIndex] as SimUser;
    // A day and more before now (as Google's leaver), so the person's next working day in the other apps falls after it.
    const at = localTimeBetween(admin.person.place, 16, 40, builtAt - 44 * HOUR, builtAt - 30 * HOUR);
    leaver.goneAt = at;
    const deactivated = logEvent({ at, eventType: 'user.lifecycle.deactivate', displayMessage: 'Deactivate Okta user', legacyEventType: 'core.user.config.user_deactivated', actor: admin, where: home(admin), targets: [userTarget(leaver)] }, rng);
    out.push({
      fact: {
        id: 'leaver-still-active',
        policy: OKTA_SCENARIOS['leaver-still-active'],
        user: leaver.person.email,
        eventIds: [deactivated.uuid],
        description: `${admin.person.email} deactivated ${leaver.person.email} in Okta, yet their accounts in the other apps stay active and they keep working there: Okta's deactivation ends the Okta sessions, not the apps' own.`,
        // Okta's own log shows nothing after the deactivation: the terminated-user alert needs another app's activity.
        alerts: [],
        completedElsewhere: true,
      },
      events: [{ at, record: deactivated, apply: () => Object.assign(leaver, { status: 'DEPROVISIONED', statusChanged: at, sessions: 0 }) }],
    });
  }
  return out;
}
