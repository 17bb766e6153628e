import { HOUR, MINUTE } from '../../../core/clock.js';
import { localTimeBetween } from '../../sdk/simulator/local-time.js';
import { mixSeed, SeededRandom } from '../../sdk/simulator/seeded-random.js';
import type { ScenarioFact } from '../../sdk/simulator/simulator.js';
import { sfId } from './ids.js';
import { auditRow, elfEvent, randomKey, type ElfEvent } from './records.js';
import type { Row, SimUser, Tenant } from './tenant.js';

export const SALESFORCE_SCENARIO_IDS = ['mass-report-export', 'connected-app-full-scope'] as const;

/** The rogue connected app's scopes: full access and a refresh token that keeps it working after sign-out. */
export const ROGUE_APP = { name: 'DataBridge Sync', scopes: ['full', 'refresh_token'] };
/** Reports exported in the mass export. */
export const MASS_EXPORT_COUNT = 120;

export interface ScenarioPlan {
  audit: Row[];
  events: ElfEvent[];
  facts: ScenarioFact[];
}

export function planScenarios(t: Tenant, seed: number, now: number, enabled: readonly string[]): ScenarioPlan {
  const rng = new SeededRandom(mixSeed(seed, 0x5ce7a));
  const plan: ScenarioPlan = { audit: [], events: [], facts: [] };
  const user = (i: number) => t.users[i] as SimUser;

  if (enabled.includes('mass-report-export')) {
    // A salesperson who exports a report or two a day exports 120 in 40 minutes one evening, from home.
    // Event Log Files are written the day after, so the export lies far enough back for its file to exist.
    const who = user(6);
    const start = localTimeBetween(who.person!.place, 21, 10, now - 3 * 24 * HOUR, now - 36 * HOUR);
    const session = randomKey(rng, 24);
    const exports = Array.from({ length: MASS_EXPORT_COUNT }, (_, i) => elfEvent(t, 'ReportExport', who, start + i * 20_000, who.person!.ip, rng, session));
    plan.events.push(...exports);
    plan.facts.push({
      id: 'mass-report-export',
      policy: 'detection.mass-download',
      user: who.email,
      eventIds: exports.map((e) => `ReportExport:${e.columns.REQUEST_ID}`),
      description: `${who.email} exported ${MASS_EXPORT_COUNT} reports in 40 minutes one evening (ReportExport events): a salesperson taking the client list.`,
    });
  }

  if (enabled.includes('connected-app-full-scope')) {
    // The second admin creates a connected app and grants it `full` and `refresh_token`: full access to
    // everything that admin can see, for as long as the refresh token lives.
    const admin = user(3);
    const at = now - 20 * HOUR;
    const create = auditRow(admin, at, 'connectedAppCreate', 'Connected Apps', `Created connected app ${ROGUE_APP.name}`, 90_001);
    const scopes = auditRow(admin, at + 3 * MINUTE, 'connectedAppOAuthScopes', 'Connected Apps', `Changed OAuth scopes for connected app ${ROGUE_APP.name} from api to ${ROGUE_APP.scopes.join(', ')}`, 90_002);
    plan.audit.push(create, scopes);
    t.oauthTokens.push({ appName: ROGUE_APP.name, appMenuItemId: sfId('0Pp', 90_003), userId: admin.id, deleteToken: `5Aep861${randomKey(rng, 40)}`, created: at + 10 * MINUTE, lastUsed: now - HOUR, useCount: 2200 });
    plan.facts.push({
      id: 'connected-app-full-scope',
      policy: 'detection.oauth-high-privilege',
      user: admin.email,
      eventIds: [String(scopes.Id)],
      description: `${admin.email} created the connected app "${ROGUE_APP.name}" and granted it the full and refresh_token scopes.`,
    });
  }
  return plan;
}
