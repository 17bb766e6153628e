import { DAY } from '../../../core/clock.js';
import { clockMode, copyScenarioFacts, injectedScenarios } from '../../sdk/simulator/describe.js';
import { startSimulator } from '../../sdk/simulator/start-simulator.js';
import { routeStats } from '../../sdk/simulator/route-stats.js';
import type { RunningSimulator, ScenarioFact, SimulatorFactory, SimulatorStats, SimulatorTruth } from '../../sdk/simulator/simulator.js';
import { SlackConfigSchema, type SlackConfig } from '../config.js';
import { AUDIT_MAX_LIMIT } from './routes/audit.js';
import { SLACK_SCENARIO_IDS } from './scenarios.js';
import { buildServer } from './server.js';
import { SlackState, type SlackSimulatorOptions } from './state.js';
import type { SlackRole } from './tenant.js';

export type { SlackSimulatorOptions } from './state.js';

export interface SlackTenantInfo {
  enterpriseId: string;
  users: { id: string; email: string; role: SlackRole; active: boolean }[];
  /** Session resets done through admin.users.session.reset. */
  sessionResets: { userId: string; at: number }[];
  /** The org's apps: approval status, and whether any workspace still has them installed. */
  apps: { id: string; name: string; status: 'approved' | 'restricted' | 'requested'; installed: boolean }[];
}

export interface RunningSlackSimulator extends RunningSimulator<SlackConfig> {
  now(): number;
  tenant(): SlackTenantInfo;
  /** Every audit entry id the simulator holds, at any age. */
  feedRecordIds(): string[];
}

export interface SlackSimulatorFactory extends SimulatorFactory<SlackConfig> {
  start(options?: SlackSimulatorOptions): Promise<RunningSlackSimulator>;
}

const DEFAULT_WINDOW = 7 * DAY;

/** A local Slack Enterprise Grid org: Audit Logs, SCIM v2 and the Web API admin methods on one port. */
export const slackSimulator: SlackSimulatorFactory = {
  scenarios: SLACK_SCENARIO_IDS,
  maxPageSize: AUDIT_MAX_LIMIT,
  async start(options: SlackSimulatorOptions = {}): Promise<RunningSlackSimulator> {
    const state = new SlackState(options);
    const server = await startSimulator(options, (faults) => buildServer(state, faults));
    const { baseUrl, faults } = server;
    const { tenant } = state;
    const config = SlackConfigSchema.parse({
      environment: 'simulator',
      auditToken: tenant.auditToken,
      adminToken: tenant.adminToken,
      enterpriseId: tenant.enterprise.id,
      simulatorUrl: baseUrl,
      ...(options.pageSize ? { pageSize: Math.min(options.pageSize, AUDIT_MAX_LIMIT) } : {}),
    });
    const bad = 'xoxp-000000000000-000000000000-000000000000-00000000000000000000000000000000';
    const badCredentialConfig: SlackConfig = { ...config, auditToken: bad, adminToken: bad };
    return {
      urls: { audit: `${baseUrl}/audit/v1/logs`, scim: `${baseUrl}/scim/v2`, web: `${baseUrl}/api` },
      config,
      badCredentialConfig,
      describe() {
        return [
          `Enterprise Grid org "${tenant.enterprise.name}" (${tenant.enterprise.id}) with workspaces ${tenant.workspaces.map((w) => `"${w.name}" (${w.id})`).join(' and ')}; ${tenant.users.length} people, 30 days of audit history (${clockMode(state)}).`,
          `Tokens of the org owner ${state.owner.person.email} were generated at start (auditlogs:read and admin); they are in the config, not printed.`,
          injectedScenarios(state.facts),
        ].join('\n');
      },
      faults,
      truth(): SimulatorTruth {
        const now = state.now();
        const from = Math.ceil((now - DEFAULT_WINDOW) / 1000);
        return {
          activityIds: state.visible().filter((e) => e.date_create >= from).map((e) => e.id),
          accountIds: tenant.users.map((u) => u.id),
        };
      },
      scenarios(): ScenarioFact[] {
        return copyScenarioFacts(state.facts);
      },
      stats: (): SimulatorStats => routeStats(state.byRoute),
      now: () => state.now(),
      feedRecordIds: () => state.visible().map((e) => e.id),
      tenant: () => ({
        enterpriseId: tenant.enterprise.id,
        users: tenant.users.map((u) => ({ id: u.id, email: u.person.email, role: u.role, active: u.active })),
        sessionResets: [...state.sessionResets],
        apps: tenant.apps.map((a) => ({ id: a.id, name: a.name, status: a.status, installed: a.installed !== false })),
      }),
      close: server.close,
    };
  },
};
