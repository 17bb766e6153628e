import { clockMode, copyScenarioFacts, injectedScenarios } from '../../sdk/simulator/describe.js';
import { startSimulator } from '../../sdk/simulator/start-simulator.js';
import { routeStats } from '../../sdk/simulator/route-stats.js';
import type { RunningSimulator, ScenarioFact, SimulatorFactory, SimulatorStats, SimulatorTruth } from '../../sdk/simulator/simulator.js';
import { ZOOM_MAX_PAGE, ZoomConfigSchema, type ZoomConfig } from '../config.js';
import { ZOOM_SCENARIO_IDS } from './scenarios.js';
import { buildServer } from './server.js';
import { ZoomState, type ZoomSimulatorOptions } from './state.js';
import { firstSyncFrom } from '../../sdk/simulator/first-sync-window.js';

export type { ZoomSimulatorOptions } from './state.js';

export interface ZoomTenantInfo {
  accountId: string;
  users: { id: string; email: string; roleId: string; status: string; signedOut: number }[];
  settings: ZoomState['tenant']['settings'];
}

export interface RunningZoomSimulator extends RunningSimulator<ZoomConfig> {
  now(): number;
  tenant(): ZoomTenantInfo;
  /** Every report record the simulator holds (listed or not yet), with when it happened and when the report lists it. */
  feedRecords(): { id: string; kind: 'signin' | 'op'; at: number; availableAt: number }[];
}

export interface ZoomSimulatorFactory extends SimulatorFactory<ZoomConfig> {
  start(options?: ZoomSimulatorOptions): Promise<RunningZoomSimulator>;
}


/** A local Zoom account: the S2S OAuth token endpoint and the REST API (reports, users, roles, groups, settings) on one port. */
export const zoomSimulator: ZoomSimulatorFactory = {
  scenarios: ZOOM_SCENARIO_IDS,
  maxPageSize: ZOOM_MAX_PAGE,
  async start(options: ZoomSimulatorOptions = {}): Promise<RunningZoomSimulator> {
    const state = new ZoomState(options);
    const server = await startSimulator(options, (faults) => buildServer(state, faults));
    const { baseUrl, faults } = server;
    const { tenant } = state;
    const config = ZoomConfigSchema.parse({
      environment: 'simulator',
      accountId: tenant.accountId,
      clientId: tenant.clientId,
      clientSecret: tenant.clientSecret,
      simulatorUrl: baseUrl,
      ...(options.pageSize ? { pageSize: Math.min(options.pageSize, ZOOM_MAX_PAGE) } : {}),
    });
    const badCredentialConfig: ZoomConfig = { ...config, clientSecret: 'notTheSecretOfThisApp0000' };
    return {
      urls: { token: `${baseUrl}/oauth/token`, api: `${baseUrl}/v2` },
      config,
      badCredentialConfig,
      describe() {
        return [
          `Zoom account ${tenant.accountId} (Pro plan limits) with ${tenant.users.length} people, 30 days of sign-in and operation-log history (${clockMode(state)}).`,
          `A Server-to-Server OAuth app's Account ID, Client ID and Client secret were generated at start; they are in the config, not printed.`,
          injectedScenarios(state.facts),
        ].join('\n');
      },
      faults,
      truth(): SimulatorTruth {
        const from = firstSyncFrom(state.now());
        return {
          activityIds: state.visible().filter((r) => r.at >= from).map((r) => r.id),
          accountIds: [...tenant.users.map((u) => u.id), ...tenant.pending.map((p) => `pending:${p.email}`)],
        };
      },
      scenarios(): ScenarioFact[] {
        return copyScenarioFacts(state.facts);
      },
      stats: (): SimulatorStats => routeStats(state.byRoute),
      now: () => state.now(),
      feedRecords: () => state.all().map((r) => ({ id: r.id, kind: r.kind, at: r.at, availableAt: r.availableAt })),
      tenant: () => ({
        accountId: tenant.accountId,
        users: tenant.users.map((u) => ({ id: u.id, email: u.person.email, roleId: u.roleId, status: u.status, signedOut: u.signedOut })),
        settings: structuredClone(tenant.settings),
      }),
      close: server.close,
    };
  },
};
