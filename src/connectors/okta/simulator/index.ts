import { DAY } from '../../../core/clock.js';
import { clockMode, copyScenarioFacts, injectedScenarios } from '../../sdk/simulator/describe.js';
import { startSimulator } from '../../sdk/simulator/start-simulator.js';
import { routeStats } from '../../sdk/simulator/route-stats.js';
import { rsaKeyPair } from '../../sdk/simulator/rsa-key-pair.js';
import type { RunningSimulator, ScenarioFact, SimulatorFactory, SimulatorStats, SimulatorTruth } from '../../sdk/simulator/simulator.js';
import { OktaConfigSchema, type OktaConfig } from '../config.js';
import { LOGS_MAX_LIMIT } from './routes/logs.js';
import { OKTA_SCENARIO_IDS } from './scenarios.js';
import { buildServer } from './server.js';
import { SimulatorState, type OktaSimulatorOptions } from './state.js';
import type { SimUser } from './tenant.js';

export type { OktaSimulatorOptions } from './state.js';
export { OKTA_SCENARIOS, OKTA_SCENARIO_IDS } from './scenarios.js';

export interface OktaTenantInfo {
  domain: string;
  users: { id: string; email: string; status: string; roles: string[]; factors: number; sessions: number; grants: number }[];
  adminEmail: string;
  leaverEmail: string;
  /** When the leaver was deactivated (epoch ms). */
  leaverDeactivatedAt: number;
  apiTokens: { id: string; name: string; userId: string }[];
}

export interface RunningOktaSimulator extends RunningSimulator<OktaConfig> {
  now(): number;
  /** Moves a live tenant's clock on (new activity, late events become readable). */
  advance(ms: number): Promise<void>;
  tenant(): OktaTenantInfo;
  /** The same tenant through an SSWS API token instead of the service app. */
  apiTokenConfig: OktaConfig;
  keys: { privateKey: string; publicKey: string; otherPrivateKey: string };
  /** Gives a user an open session (sign-in), so clearing sessions can be observed. */
  openSession(userId: string): void;
}

export interface OktaSimulatorFactory extends SimulatorFactory<OktaConfig> {
  start(options?: OktaSimulatorOptions): Promise<RunningOktaSimulator>;
}

const DEFAULT_WINDOW = 7 * DAY;

/**
 * A local Okta org: the org authorization server (client credentials with private_key_jwt), the System
 * Log with Okta's polling cursor, users, groups, roles, grants, policies and lifecycle operations, over
 * the demo workforce with 30 days of history and the attacks of issue #13 in the last two days.
 */
export const oktaSimulator: OktaSimulatorFactory = {
  scenarios: OKTA_SCENARIO_IDS,
  maxPageSize: LOGS_MAX_LIMIT,
  async start(options: OktaSimulatorOptions = {}): Promise<RunningOktaSimulator> {
    const state = new SimulatorState(options);
    const server = await startSimulator(options, (faults) => buildServer(state, faults));
    const { baseUrl, faults } = server;
    state.baseUrl = baseUrl;
    const keys = rsaKeyPair('pkcs8');
    const other = rsaKeyPair('pkcs8', 'wrong');
    const { tenant } = state;
    state.publicKeys.set(tenant.serviceClientId, keys.publicKey);
    const pageSize = options.pageSize ? { pageSize: Math.min(options.pageSize, LOGS_MAX_LIMIT) } : {};
    // The demo organisation's domain is verified in its Microsoft 365 tenant, which anchors the people's
    // identities: this connection claims no domain, so its accounts link by e-mail and anchor nothing (an
    // organisation whose identity provider is Okta lists its domains, as test/detection-scenarios-okta.test.ts does).
    const config = OktaConfigSchema.parse({ orgUrl: baseUrl, authMethod: 'oauth-private-key', clientId: tenant.serviceClientId, privateKey: keys.privateKey, domains: [], ...pageSize });
    const apiTokenConfig = OktaConfigSchema.parse({ orgUrl: baseUrl, authMethod: 'api-token', apiToken: tenant.apiToken, domains: [], ...pageSize });
    const admin = tenant.users[tenant.adminIndex] as SimUser;
    const leaver = tenant.users[tenant.leaverIndex] as SimUser;
    return {
      urls: { org: baseUrl, token: `${baseUrl}/oauth2/v1/token`, logs: `${baseUrl}/api/v1/logs` },
      config,
      badCredentialConfig: { ...config, privateKey: other.privateKey },
      apiTokenConfig,
      keys: { privateKey: keys.privateKey, publicKey: keys.publicKey, otherPrivateKey: other.privateKey },
      describe() {
        return [
          `Okta org of "${tenant.orgName}" (${tenant.domain}) at ${baseUrl}: ${tenant.users.length} people, ${tenant.groups.length} groups, 30 days of System Log (${clockMode(state)}).`,
          `Service app client id ${tenant.serviceClientId} (private_key_jwt; its key was generated at start and is not printed). SSWS API token of ${admin.person.email} also accepted.`,
          `The connection lists no domains: ${tenant.domain} is the Microsoft 365 tenant's verified domain, so Okta's accounts link by e-mail and anchor no identity.`,
          injectedScenarios(state.facts),
        ].join('\n');
      },
      faults,
      truth(): SimulatorTruth {
        const now = state.now();
        const from = Math.max(now - DEFAULT_WINDOW, state.historyStart());
        return {
          activityIds: state.visible().filter((e) => e.at >= from).map((e) => e.record.uuid),
          accountIds: tenant.users.map((u) => u.id),
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
      openSession(userId: string) {
        const u = state.user(userId);
        if (u) u.sessions++;
      },
      tenant: () => ({
        domain: tenant.domain,
        users: tenant.users.map((u) => ({ id: u.id, email: u.person.email, status: u.status, roles: u.roles.map((r) => r.type), factors: u.factors.length, sessions: u.sessions, grants: tenant.grants.filter((g) => g.userId === u.id && g.status === 'ACTIVE').length })),
        adminEmail: admin.person.email,
        leaverEmail: leaver.person.email,
        leaverDeactivatedAt: leaver.statusChanged,
        apiTokens: tenant.apiTokens.map((t) => ({ ...t })),
      }),
      close: server.close,
    };
  },
};
