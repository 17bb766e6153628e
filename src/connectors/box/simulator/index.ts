import { DAY } from '../../../core/clock.js';
import { clockMode, copyScenarioFacts, injectedScenarios } from '../../sdk/simulator/describe.js';
import { startSimulator } from '../../sdk/simulator/start-simulator.js';
import { routeStats } from '../../sdk/simulator/route-stats.js';
import { rsaKeyPair } from '../../sdk/simulator/rsa-key-pair.js';
import type { RunningSimulator, ScenarioFact, SimulatorFactory, SimulatorStats, SimulatorTruth } from '../../sdk/simulator/simulator.js';
import { BoxConfigSchema, type BoxConfig } from '../config.js';
import { EVENTS_MAX_LIMIT } from './routes/events.js';
import { BOX_SCENARIO_IDS } from './scenarios.js';
import { buildServer } from './server.js';
import { BoxState, type BoxSimulatorOptions } from './state.js';
import { firstSyncFrom } from '../../sdk/simulator/first-sync-window.js';

export type { BoxSimulatorOptions } from './state.js';
export { BOX_SCENARIO_IDS } from './scenarios.js';

export interface BoxTenantInfo {
  enterpriseId: string;
  users: { id: string; email: string; role: string; status: string; sessions: number }[];
  externals: { id: string; login: string }[];
  terminated: { userId: string; at: number }[];
}

export interface RunningBoxSimulator extends RunningSimulator<BoxConfig> {
  now(): number;
  tenant(): BoxTenantInfo;
  /** The same enterprise through the JWT grant (its key pair generated at start). */
  jwtConfig: BoxConfig;
  /** Event ids of the recorded log in serving order, re-deliveries included; only events created at or after `since` when given. */
  servedEventIds(since?: number): string[];
}

export interface BoxSimulatorFactory extends SimulatorFactory<BoxConfig> {
  start(options?: BoxSimulatorOptions): Promise<RunningBoxSimulator>;
}

/** The connector's default look-back for external collaborators and authorised apps. */
const APP_GRANT_DAYS = 90;

/**
 * A local Box enterprise: the token endpoint (CCG and JWT), the `admin_logs` event stream (laggy, with a few
 * re-deliveries), users incl. external collaborators, groups, the collaboration allow-list and user
 * governance, over the demo workforce with 30 days of history and the attacks of issue #14.
 */
export const boxSimulator: BoxSimulatorFactory = {
  scenarios: BOX_SCENARIO_IDS,
  maxPageSize: EVENTS_MAX_LIMIT,
  async start(options: BoxSimulatorOptions = {}): Promise<RunningBoxSimulator> {
    const state = new BoxState(options);
    const server = await startSimulator(options, (faults) => buildServer(state, faults));
    const { baseUrl, faults } = server;
    const { tenant } = state;
    const keys = rsaKeyPair('pkcs8');
    state.registerKey('k1parapet', keys.publicKey);
    const pageSize = options.pageSize ? { pageSize: Math.min(options.pageSize, EVENTS_MAX_LIMIT) } : {};
    const config = BoxConfigSchema.parse({ authMethod: 'ccg', clientId: tenant.clientId, clientSecret: tenant.clientSecret, enterpriseId: tenant.enterprise.id, apiBaseUrl: baseUrl, ...pageSize });
    const jwtConfig = BoxConfigSchema.parse({ ...config, authMethod: 'jwt', privateKey: keys.privateKey, publicKeyId: 'k1parapet' });
    return {
      urls: { api: `${baseUrl}/2.0`, token: `${baseUrl}/oauth2/token`, events: `${baseUrl}/2.0/events?stream_type=admin_logs` },
      config,
      jwtConfig,
      badCredentialConfig: { ...config, clientSecret: 'WrongSecretWrongSecretWrongSecr0' },
      describe() {
        return [
          `Box enterprise "${tenant.enterprise.name}" (${tenant.enterprise.id}) at ${baseUrl}: ${tenant.users.length} managed users, ${tenant.groups.length} groups, 30 days of admin_logs (${clockMode(state)}).`,
          `Platform app client id ${tenant.clientId} (Client Credentials Grant; JWT with a key generated at start also accepted). The secret is in the config, not printed.`,
          injectedScenarios(state.facts),
        ].join('\n');
      },
      faults,
      truth(): SimulatorTruth {
        const now = state.now();
        const from = firstSyncFrom(now);
        const recorded = state.recorded();
        const invited = new Set<string>();
        for (const e of recorded) {
          const who = e.record.accessible_by as Record<string, unknown> | null;
          if (e.at >= now - APP_GRANT_DAYS * DAY && ['COLLABORATION_INVITE', 'COLLABORATION_ACCEPT'].includes(String(e.record.event_type)) && who) invited.add(String(who.id));
        }
        return {
          activityIds: recorded.filter((e) => e.at >= from).map((e) => String(e.record.event_id)),
          accountIds: [...tenant.users.map((u) => u.id), ...tenant.externals.filter((x) => invited.has(x.id)).map((x) => x.id)],
        };
      },
      scenarios(): ScenarioFact[] {
        return copyScenarioFacts(state.facts);
      },
      stats: (): SimulatorStats => routeStats(state.byRoute),
      now: () => state.now(),
      servedEventIds: (since = -Infinity) => state.log().filter((s) => s.event.at >= since).map((s) => String(s.event.record.event_id)),
      tenant: () => ({
        enterpriseId: tenant.enterprise.id,
        users: tenant.users.map((u) => ({ id: u.id, email: u.person.email, role: u.role, status: u.status, sessions: u.sessions })),
        externals: tenant.externals.map((x) => ({ id: x.id, login: x.login })),
        terminated: [...state.terminated],
      }),
      close: server.close,
    };
  },
};
