import { HOUR, MINUTE } from '../../../core/clock.js';
import { localTimeBetween } from '../../sdk/simulator/local-time.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import type { ScenarioFact } from '../../sdk/simulator/simulator.js';
import { grantRole, setProperty, type Planned } from './history.js';
import { ELEVATION_INDEX, type ServiceNowTenant, type SimUser } from './tenant.js';

export const SERVICENOW_SCENARIOS = {
  'security-admin-elevation': 'detection.privilege-escalation',
} as const;
export const SERVICENOW_SCENARIO_IDS = Object.keys(SERVICENOW_SCENARIOS) as (keyof typeof SERVICENOW_SCENARIOS)[];

export interface InjectedScenario {
  /** Completed once its planned changes ran (event ids are known only then). */
  fact(): ScenarioFact;
  events: Planned[];
}

/**
 * security_admin elevation, granted then used: an admin of the instance (not a security admin) grants
 * themselves security_admin and, seven minutes later, turns off the instance's multi-factor
 * authentication property (glide.authenticate.multifactor = false).
 */
export function injectScenarios(t: ServiceNowTenant, seed: number, builtAt: number, ids: readonly string[]): InjectedScenario[] {
  const rng = new SeededRandom(mixSeed(seed, 0x5ce));
  const out: InjectedScenario[] = [];
  if (ids.includes('security-admin-elevation')) {
    const attacker = t.users[ELEVATION_INDEX] as SimUser;
    const person = attacker.person;
    const by = attacker.row.user_name as string;
    const at = person ? localTimeBetween(person.place, 14, 10, builtAt - 30 * HOUR, builtAt - 6 * HOUR) : builtAt - 20 * HOUR;
    const used = at + 7 * MINUTE;
    let grantId = '';
    let propertyId = '';
    out.push({
      events: [
        { at, run: () => void (grantId = grantRole(t, rng, attacker, 'security_admin', at, by).sys_id as string) },
        { at: used, run: () => void (propertyId = setProperty(t, 'glide.authenticate.multifactor', 'false', used, by)) },
      ],
      fact: () => ({
        id: 'security-admin-elevation',
        policy: SERVICENOW_SCENARIOS['security-admin-elevation'],
        user: person?.email ?? by,
        eventIds: [grantId, propertyId],
        description: `${by} (admin, not a security admin) granted themselves security_admin, then turned off glide.authenticate.multifactor.`,
        alerts: [
          { policy: 'detection.privilege-escalation', subject: person?.email ?? by, eventIds: [grantId] },
          { policy: 'detection.mfa-disabled', subject: person?.email ?? by, eventIds: [propertyId] },
        ],
      }),
    });
  }
  return out;
}
