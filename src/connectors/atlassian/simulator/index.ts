import { clockMode, copyScenarioFacts, injectedScenarios } from '../../sdk/simulator/describe.js';
import { startSimulator } from '../../sdk/simulator/start-simulator.js';
import { routeStats } from '../../sdk/simulator/route-stats.js';
import type { RunningSimulator, ScenarioFact, SimulatorFactory, SimulatorTruth } from '../../sdk/simulator/simulator.js';
import { AtlassianConfigSchema, EVENTS_MAX_LIMIT, type AtlassianConfig } from '../config.js';
import { ATLASSIAN_SCENARIO_IDS } from './scenarios.js';
import { buildServer } from './server.js';
import { AtlassianState, type AtlassianSimulatorOptions } from './state.js';
import { firstSyncFrom } from '../../sdk/simulator/first-sync-window.js';

export type { AtlassianSimulatorOptions } from './state.js';
export { ATLASSIAN_SCENARIO_IDS } from './scenarios.js';

export interface AtlassianTenantInfo {
  orgId: string;
  directoryId: string;
  users: { accountId: string; email: string; roles: string[]; membership: 'active' | 'suspended'; mfaEnabled: boolean; apiTokens: number }[];
}

export interface RunningAtlassianSimulator extends RunningSimulator<AtlassianConfig> {
  now(): number;
  tenant(): AtlassianTenantInfo;
  /** Every event id the simulator has processed, at any age. */
  feedRecordIds(): string[];
  /** Posture drift: the IP allowlist is switched off and the site admin's 2-step verification is reset. */
  weakenPosture(): { field: string; from: unknown; to: unknown }[];
}

export interface AtlassianSimulatorFactory extends SimulatorFactory<AtlassianConfig> {
  start(options?: AtlassianSimulatorOptions): Promise<RunningAtlassianSimulator>;
}


/** A local Atlassian organisation: the org admin APIs of api.atlassian.com on one port. */
export const atlassianSimulator: AtlassianSimulatorFactory = {
  scenarios: ATLASSIAN_SCENARIO_IDS,
  maxPageSize: EVENTS_MAX_LIMIT,
  async start(options: AtlassianSimulatorOptions = {}): Promise<RunningAtlassianSimulator> {
    const state = new AtlassianState(options);
    const server = await startSimulator(options, (faults) => buildServer(state, faults));
    const { baseUrl, faults } = server;
    state.baseUrl = baseUrl;
    const { tenant } = state;
    const config = AtlassianConfigSchema.parse({
      environment: 'simulator',
      apiKey: tenant.apiKey,
      orgId: tenant.org.id,
      simulatorUrl: baseUrl,
      ...(options.pageSize ? { pageSize: Math.min(options.pageSize, EVENTS_MAX_LIMIT) } : {}),
    });
    const badCredentialConfig: AtlassianConfig = { ...config, apiKey: `ATCTT3xFfGN0${'0'.repeat(48)}` };
    return {
      urls: { api: baseUrl, events: `${baseUrl}/admin/v1/orgs/${tenant.org.id}/events-stream` },
      config,
      badCredentialConfig,
      describe() {
        return [
          `Atlassian organisation "${tenant.org.name}" (${tenant.org.id}), site ${tenant.site.url}; ${tenant.users.length} managed accounts, 30 days of audit events (${clockMode(state)}).`,
          `An org API key of the organisation admin ${state.owner.person.email} was generated at start; it is in the config, not printed.`,
          injectedScenarios(state.facts),
        ].join('\n');
      },
      faults,
      truth(): SimulatorTruth {
        const from = firstSyncFrom(state.now());
        return { activityIds: state.visible().filter((e) => e.at >= from).map((e) => e.record.id), accountIds: tenant.users.map((u) => u.accountId) };
      },
      scenarios(): ScenarioFact[] {
        return copyScenarioFacts(state.facts);
      },
      stats: () => routeStats(state.byRoute),
      now: () => state.now(),
      feedRecordIds: () => state.visible().map((e) => e.record.id),
      weakenPosture() {
        const allowlist = tenant.ipAllowlists[0];
        const admin = tenant.users.find((u) => u.roles.includes('atlassian/site-admin'));
        if (!allowlist || !admin) throw new Error('the seeded Atlassian organisation has no IP allowlist or site admin');
        const changes = [
          { field: `ipAllowlist:${allowlist.name}`, from: allowlist.status, to: 'disabled' },
          { field: `mfaEnabled:${admin.person.email}`, from: admin.mfaEnabled, to: false },
        ];
        allowlist.status = 'disabled';
        admin.mfaEnabled = false;
        return changes;
      },
      tenant: () => ({
        orgId: tenant.org.id,
        directoryId: tenant.directoryId,
        users: tenant.users.map((u) => ({ accountId: u.accountId, email: u.person.email, roles: [...u.roles], membership: u.membership, mfaEnabled: u.mfaEnabled, apiTokens: u.apiTokens.length })),
      }),
      close: server.close,
    };
  },
};
