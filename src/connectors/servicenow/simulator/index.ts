import { DAY } from '../../../core/clock.js';
import { clockMode, copyScenarioFacts, injectedScenarios } from '../../sdk/simulator/describe.js';
import { startSimulator } from '../../sdk/simulator/start-simulator.js';
import { routeStats } from '../../sdk/simulator/route-stats.js';
import type { RunningSimulator, ScenarioFact, SimulatorFactory, SimulatorStats, SimulatorTruth } from '../../sdk/simulator/simulator.js';
import { glideTime } from '../client.js';
import { SERVICENOW_MAX_PAGE_SIZE, ServiceNowConfigSchema, type ServiceNowConfig } from '../config.js';
import { SERVICENOW_SCENARIO_IDS } from './scenarios.js';
import { buildServer } from './server.js';
import { SimulatorState, type ServiceNowSimulatorOptions } from './state.js';

export type { ServiceNowSimulatorOptions } from './state.js';
export { SERVICENOW_SCENARIOS, SERVICENOW_SCENARIO_IDS } from './scenarios.js';

export interface ServiceNowUserInfo {
  sysId: string;
  userName: string;
  email: string;
  active: boolean;
  lockedOut: boolean;
}

export interface RunningServiceNowSimulator extends RunningSimulator<ServiceNowConfig> {
  now(): number;
  advance(ms: number): Promise<void>;
  users(): ServiceNowUserInfo[];
  /** The same instance through OAuth (password grant, client credentials). */
  oauthPasswordConfig: ServiceNowConfig;
  oauthClientCredentialsConfig: ServiceNowConfig;
  /** Rows of a table as the instance holds them (for tests). */
  rows(table: string): Record<string, string>[];
}

export interface ServiceNowSimulatorFactory extends SimulatorFactory<ServiceNowConfig> {
  start(options?: ServiceNowSimulatorOptions): Promise<RunningServiceNowSimulator>;
}

const DEFAULT_WINDOW = 7 * DAY;

/**
 * A local ServiceNow instance: the Table API (encoded queries, offset paging with the comma-joined Link
 * header, X-Total-Count, string values and `{link,value}` references), `/oauth_token.do`, basic auth, an
 * inbound rate-limit rule, over the demo workforce with 30 days of log-ons, admin work and the
 * security_admin elevation scenario.
 */
export const serviceNowSimulator: ServiceNowSimulatorFactory = {
  scenarios: SERVICENOW_SCENARIO_IDS,
  maxPageSize: SERVICENOW_MAX_PAGE_SIZE,
  async start(options: ServiceNowSimulatorOptions = {}): Promise<RunningServiceNowSimulator> {
    const state = new SimulatorState(options);
    const server = await startSimulator(options, (faults) => buildServer(state, faults));
    const { baseUrl, faults } = server;
    state.baseUrl = baseUrl;
    const { integration } = state.tenant;
    const pageSize = options.pageSize ? { pageSize: Math.min(options.pageSize, SERVICENOW_MAX_PAGE_SIZE) } : {};
    const config = ServiceNowConfigSchema.parse({ instanceUrl: baseUrl, authMethod: 'basic', username: integration.userName, password: integration.password, ...pageSize });
    const oauthPasswordConfig = ServiceNowConfigSchema.parse({ ...config, authMethod: 'oauth-password', clientId: integration.clientId, clientSecret: integration.clientSecret });
    const oauthClientCredentialsConfig = ServiceNowConfigSchema.parse({ instanceUrl: baseUrl, authMethod: 'oauth-client-credentials', clientId: integration.clientId, clientSecret: integration.clientSecret, ...pageSize });
    return {
      urls: { instance: baseUrl, token: `${baseUrl}/oauth_token.do`, table: `${baseUrl}/api/now/table/{table}` },
      config,
      badCredentialConfig: { ...config, password: `${integration.password}-wrong` },
      oauthPasswordConfig,
      oauthClientCredentialsConfig,
      describe() {
        return [
          `ServiceNow instance "${state.tenant.instance}" at ${baseUrl}: ${state.tenant.users.length} users, ${Object.keys(state.tenant.groups).length} groups, ${state.historyDays} days of log-ons, transactions and admin work (${clockMode(state, 'live clock; the history ends at start')}).`,
          `Integration user ${integration.userName} (basic auth; its password is derived from the seed and is in the config, not printed), also OAuth client ${integration.clientId} (password grant or client credentials).`,
          `Inbound REST rate-limit rule: ${state.rateLimitPerHour} requests per hour. ${injectedScenarios(state.facts)}`,
        ].join('\n');
      },
      faults,
      truth(): SimulatorTruth {
        const now = state.now();
        const from = glideTime(Math.max(now - DEFAULT_WINDOW, state.historyStart()));
        const created = (table: string, keep: (r: Record<string, string>) => boolean) => state.visible(table).filter((r) => (r.sys_created_on ?? '') >= from && keep(r)).map((r) => r.sys_id as string);
        return {
          activityIds: [
            ...created('sysevent', (r) => r.name === 'login' || r.name === 'login.failed'),
            ...created('sys_user_has_role', (r) => r.inherited === 'false'),
            ...created('syslog_transaction', (r) => r.client_transaction === 'true'),
            ...created('sys_audit', (r) => r.tablename === 'sys_user' && (r.fieldname === 'active' || r.fieldname === 'locked_out')),
            ...state.visible('sys_properties').filter((r) => (r.sys_updated_on ?? '') >= from && (r.name ?? '').startsWith('glide.')).map((r) => `${r.sys_id}@${r.sys_mod_count}`),
          ],
          accountIds: state.visible('sys_user').map((u) => u.user_name as string),
        };
      },
      scenarios(): ScenarioFact[] {
        return copyScenarioFacts(state.facts);
      },
      stats: (): SimulatorStats => routeStats(state.byRoute),
      now: () => state.now(),
      async advance(ms: number) {
        state.advance(ms);
      },
      users: () => state.visible('sys_user').map((u) => ({ sysId: u.sys_id as string, userName: u.user_name as string, email: u.email ?? '', active: u.active === 'true', lockedOut: u.locked_out === 'true' })),
      rows: (table) => (state.table(table) ?? []).map((r) => ({ ...r })),
      close: server.close,
    };
  },
};
