import { DAY } from '../../../core/clock.js';
import { clockMode, copyScenarioFacts, injectedScenarios } from '../../sdk/simulator/describe.js';
import { startSimulator } from '../../sdk/simulator/start-simulator.js';
import { routeStats } from '../../sdk/simulator/route-stats.js';
import { rsaKeyPair } from '../../sdk/simulator/rsa-key-pair.js';
import type { RunningSimulator, ScenarioFact, SimulatorFactory, SimulatorStats, SimulatorTruth } from '../../sdk/simulator/simulator.js';
import { GoogleWorkspaceConfigSchema, type GoogleWorkspaceConfig } from '../config.js';
import { ACTION_SCOPES, READ_SCOPES } from '../scopes.js';
import { GOOGLE_SCENARIO_IDS } from './scenarios.js';
import { buildServer } from './server.js';
import { SimulatorState, type GoogleSimulatorOptions } from './state.js';

export type { GoogleSimulatorOptions } from './state.js';
export { GOOGLE_SCENARIOS, GOOGLE_SCENARIO_IDS, ROGUE_APP, FORWARD_TO, SCENARIO_PEOPLE } from './scenarios.js';

export interface GoogleTenantInfo {
  customerId: string;
  domain: string;
  adminEmail: string;
  users: { id: string; email: string; suspended: boolean; superAdmin: boolean }[];
}

export interface RunningGoogleSimulator extends RunningSimulator<GoogleWorkspaceConfig> {
  now(): number;
  tenant(): GoogleTenantInfo;
  /** OAuth tokens a user holds now (client ids). */
  tokensOf(userId: string): string[];
  /** User ids signed out through the API, in order. */
  signOuts(): string[];
  /** Changes the scopes delegated to the demo service account (as an admin would in the Admin console). */
  setDelegatedScopes(scopes: readonly string[]): void;
  keys: { privateKey: string; publicKey: string };
}

export interface GoogleSimulatorFactory extends SimulatorFactory<GoogleWorkspaceConfig> {
  start(options?: GoogleSimulatorOptions): Promise<RunningGoogleSimulator>;
}

const DEFAULT_WINDOW = 7 * DAY;

/**
 * A local Google Workspace: the OAuth token endpoint (RS256 service-account assertions verified), Admin SDK
 * Directory and Reports, and the Cloud Identity Policy API on one port, over the demo organisation with 30
 * days of Reports history (served late, as Google does) and attack scenarios in the last two days.
 */
export const googleWorkspaceSimulator: GoogleSimulatorFactory = {
  scenarios: GOOGLE_SCENARIO_IDS,
  maxPageSize: 1000,
  async start(options: GoogleSimulatorOptions = {}): Promise<RunningGoogleSimulator> {
    const state = new SimulatorState(options, [...new Set([...READ_SCOPES, ...ACTION_SCOPES, 'https://www.googleapis.com/auth/admin.directory.domain.readonly'])]);
    const server = await startSimulator(options, (faults) => buildServer(state, faults));
    const { baseUrl, faults } = server;
    state.baseUrl = baseUrl;
    const keys = rsaKeyPair('pkcs8');
    const other = rsaKeyPair('pkcs8', 'wrong');
    const { tenant } = state;
    state.serviceAccounts.set(tenant.serviceAccountEmail, keys.publicKey);
    const admin = tenant.users[tenant.adminIndex];
    const config = GoogleWorkspaceConfigSchema.parse({
      environment: 'simulator',
      serviceAccountEmail: tenant.serviceAccountEmail,
      privateKey: keys.privateKey,
      adminEmail: admin?.email,
      customerId: 'my_customer',
      simulatorUrl: baseUrl,
      // The demo organisation's people are anchored by its Microsoft 365 tenant, which verifies the same domain;
      // an organisation whose identity provider is Google keeps the default (test/detection-scenarios-google-workspace.test.ts).
      anchorIdentities: false,
      ...(options.pageSize ? { pageSize: Math.min(options.pageSize, 1000) } : {}),
    });
    return {
      urls: { token: `${baseUrl}/token`, directory: `${baseUrl}/admin/directory/v1`, reports: `${baseUrl}/admin/reports/v1`, policies: `${baseUrl}/v1/policies` },
      config,
      badCredentialConfig: { ...config, privateKey: other.privateKey },
      keys,
      describe() {
        return [
          `Google Workspace customer ${tenant.customerId} (${tenant.domain}); ${tenant.users.length} people, ${options.historyDays ?? 30} days of Reports history (${clockMode(state)}).`,
          `Service account ${tenant.serviceAccountEmail} with domain-wide delegation, impersonating ${admin?.email ?? '?'} (super administrator). Its private key was generated at start and is not printed.`,
          injectedScenarios(state.facts),
        ].join('\n');
      },
      faults,
      truth(): SimulatorTruth {
        const now = state.now();
        return { activityIds: state.visibleSince(now - DEFAULT_WINDOW).map((e) => e.sourceId), accountIds: tenant.users.map((u) => u.id) };
      },
      scenarios(): ScenarioFact[] {
        return copyScenarioFacts(state.facts);
      },
      stats: (): SimulatorStats => routeStats(state.byRoute),
      now: () => state.now(),
      tenant: () => ({ customerId: tenant.customerId, domain: tenant.domain, adminEmail: admin?.email ?? '', users: tenant.users.map((u) => ({ id: u.id, email: u.email, suspended: u.suspended, superAdmin: u.superAdmin })) }),
      tokensOf: (userId) => (tenant.tokens.get(userId) ?? []).map((t) => t.clientId),
      signOuts: () => [...state.signOuts],
      setDelegatedScopes(scopes) {
        state.delegatedScopes = new Set(scopes);
      },
      close: server.close,
    };
  },
};
