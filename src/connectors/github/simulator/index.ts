import { clockMode, copyScenarioFacts, injectedScenarios } from '../../sdk/simulator/describe.js';
import { startSimulator } from '../../sdk/simulator/start-simulator.js';
import { routeStats } from '../../sdk/simulator/route-stats.js';
import { rsaKeyPair } from '../../sdk/simulator/rsa-key-pair.js';
import type { RunningSimulator, ScenarioFact, SimulatorFactory, SimulatorStats, SimulatorTruth } from '../../sdk/simulator/simulator.js';
import { GithubConfigSchema, type GithubConfig } from '../config.js';
import { GITHUB_SCENARIO_IDS } from './scenarios.js';
import { buildServer } from './server.js';
import { APP_ID, DEMO_PAT, INSTALLATION_ID, SimulatorState, type GithubSimulatorOptions } from './state.js';
import { firstSyncFrom } from '../../sdk/simulator/first-sync-window.js';

export type { GithubSimulatorOptions } from './state.js';
export { GITHUB_SCENARIOS, GITHUB_SCENARIO_IDS } from './scenarios.js';

/** What tests and the demo read about the seeded organisation. */
export interface GithubTenantInfo {
  organization: string;
  users: { id: string; login: string; email: string | null; role: string }[];
}

export interface RunningGithubSimulator extends RunningSimulator<GithubConfig> {
  now(): number;
  /** Moves a live tenant's clock on: new activity and late Git events show up. */
  advance(ms: number): Promise<void>;
  tenant(): GithubTenantInfo;
  /** A config using a fine-grained personal access token instead of the App. */
  tokenConfig: GithubConfig;
  /** Logins removed from the organisation, credentials revoked, managed users suspended. */
  changes(): { removed: string[]; revokedCredentials: number[]; suspended: string[] };
}

export interface GithubSimulatorFactory extends SimulatorFactory<GithubConfig> {
  start(options?: GithubSimulatorOptions): Promise<RunningGithubSimulator>;
}


/**
 * A local GitHub Enterprise Cloud organisation: App authentication (RS256 app JWT → installation token),
 * REST (organisation, members, teams, installations, credential authorisations, audit log with cursor
 * paging), GraphQL (roles, verified e-mails, SAML identities), rate-limit headers and limits, over the
 * demo workforce with 30 days of history and the attack scenarios in the last two days.
 */
export const githubSimulator: GithubSimulatorFactory = {
  scenarios: GITHUB_SCENARIO_IDS,
  maxPageSize: 100,
  async start(options: GithubSimulatorOptions = {}): Promise<RunningGithubSimulator> {
    const state = new SimulatorState(options);
    const server = await startSimulator(options, (faults) => buildServer(state, faults));
    const { baseUrl, faults } = server;
    state.baseUrl = baseUrl;
    const keys = rsaKeyPair();
    const other = rsaKeyPair('pkcs1', 'wrong');
    state.registerAppKey(keys.publicKey);
    const config = GithubConfigSchema.parse({
      environment: 'simulator',
      organization: state.tenant.org.login,
      appId: String(APP_ID),
      installationId: String(INSTALLATION_ID),
      privateKey: keys.privateKey,
      simulatorUrl: baseUrl,
      ...(options.pageSize ? { pageSize: Math.min(100, options.pageSize) } : {}),
      ...(options.emuEnterprise ? { emuEnterprise: options.emuEnterprise } : {}),
    });
    const tokenConfig = GithubConfigSchema.parse({ environment: 'simulator', organization: state.tenant.org.login, token: DEMO_PAT, simulatorUrl: baseUrl, pageSize: config.pageSize });
    return {
      urls: { api: baseUrl, graphql: `${baseUrl}/graphql`, auditLog: `${baseUrl}/orgs/${state.tenant.org.login}/audit-log` },
      config,
      badCredentialConfig: { ...config, privateKey: other.privateKey },
      tokenConfig,
      describe() {
        return [
          `Organisation ${state.tenant.org.login} (${state.tenant.org.name}), ${state.users().length} accounts, ${state.tenant.teams.length} teams; ${options.historyDays ?? 30} days of audit history (${clockMode(state)}).`,
          `GitHub App ${APP_ID}, installation ${INSTALLATION_ID}: its private key was generated at start and is not printed.`,
          injectedScenarios(state.plan.facts),
        ].join('\n');
      },
      faults,
      truth(): SimulatorTruth {
        const now = state.now();
        return {
          activityIds: state.log.visible(now).filter((e) => e.created >= firstSyncFrom(now)).map((e) => e.record._document_id),
          accountIds: state.users().map((u) => String(u.id)),
        };
      },
      scenarios(): ScenarioFact[] {
        return copyScenarioFacts(state.plan.facts);
      },
      stats(): SimulatorStats {
        return routeStats(state.byRoute);
      },
      now: () => state.now(),
      async advance(ms: number) {
        state.advance(ms);
      },
      tenant: () => ({ organization: state.tenant.org.login, users: state.users().map((u) => ({ id: String(u.id), login: u.login, email: u.verifiedEmail ?? u.samlNameId, role: u.role })) }),
      changes: () => ({ removed: [...state.removedLogins], revokedCredentials: [...state.revokedCredentials], suspended: [...state.suspendedLogins] }),
      close: server.close,
    };
  },
};
