import { clockMode, copyScenarioFacts, injectedScenarios } from '../../sdk/simulator/describe.js';
import { rsaKeyPair } from '../../sdk/simulator/rsa-key-pair.js';
import { startSimulator } from '../../sdk/simulator/start-simulator.js';
import { routeStats } from '../../sdk/simulator/route-stats.js';
import type { RunningSimulator, ScenarioFact, SimulatorFactory, SimulatorStats, SimulatorTruth } from '../../sdk/simulator/simulator.js';
import { SalesforceConfigSchema, SOQL_MAX_BATCH, type SalesforceConfig } from '../config.js';
import { SALESFORCE_SCENARIO_IDS } from './scenarios.js';
import { buildServer } from './server.js';
import { SalesforceState, type SalesforceSimulatorOptions } from './state.js';
import { firstSyncFrom } from '../../sdk/simulator/first-sync-window.js';

export type { SalesforceSimulatorOptions } from './state.js';

export interface SalesforceTenantInfo {
  orgId: string;
  users: { id: string; email: string; username: string; active: boolean; frozen: boolean; profile: string }[];
  sessions: { id: string; userId: string }[];
  oauthTokens: { appName: string; appMenuItemId: string; userId: string }[];
}

export interface RunningSalesforceSimulator extends RunningSimulator<SalesforceConfig> {
  now(): number;
  /** Posture drift: the session timeout goes to 24 hours and lockout is switched off; Health Check rates both high-risk. */
  weakenPosture(): { setting: string; from: unknown; to: unknown }[];
  tenant(): SalesforceTenantInfo;
}

export interface SalesforceSimulatorFactory extends SimulatorFactory<SalesforceConfig> {
  start(options?: SalesforceSimulatorOptions): Promise<RunningSalesforceSimulator>;
}


/** A local Salesforce org: the OAuth login host and the org's REST / Tooling API on one port. */
export const salesforceSimulator: SalesforceSimulatorFactory = {
  scenarios: SALESFORCE_SCENARIO_IDS,
  maxPageSize: SOQL_MAX_BATCH,
  async start(options: SalesforceSimulatorOptions = {}): Promise<RunningSalesforceSimulator> {
    const state = new SalesforceState(options);
    const server = await startSimulator(options, (faults) => buildServer(state, faults));
    const { baseUrl, faults } = server;
    const { tenant } = state;
    const config = SalesforceConfigSchema.parse({
      environment: 'simulator',
      consumerKey: tenant.app.consumerKey,
      username: tenant.integrationUser.username,
      privateKey: tenant.app.privateKey,
      simulatorUrl: baseUrl,
      eventLogPageRows: Math.min(options.pageSize ?? 1000, 10_000),
    });
    const badCredentialConfig: SalesforceConfig = { ...config, privateKey: rsaKeyPair('pkcs1', 'wrong').privateKey };
    return {
      urls: { login: `${baseUrl}/services/oauth2/token`, api: `${baseUrl}/services/data/v${config.apiVersion}` },
      config,
      badCredentialConfig,
      describe() {
        return [
          `Salesforce org "${tenant.orgName}" (${tenant.orgId}); ${tenant.users.length} users, 30 days of LoginHistory, SetupAuditTrail and Event Log Files (${clockMode(state)}).`,
          `A connected app with the JWT bearer flow was created at start for ${tenant.integrationUser.username}; its private key is in the config, not printed.`,
          injectedScenarios(state.facts),
        ].join('\n');
      },
      faults,
      truth(): SimulatorTruth {
        const from = firstSyncFrom(state.now());
        const since = (text: unknown) => Date.parse(String(text).replace('+0000', 'Z')) >= from;
        const types = new Set(config.eventLogTypes);
        return {
          activityIds: [
            ...state.visibleLogins().filter((r) => since(r.LoginTime)).map((r) => String(r.Id)),
            ...state.visibleAudit().filter((r) => since(r.CreatedDate)).map((r) => String(r.Id)),
            ...state.visibleFiles().filter((f) => f.created >= from && types.has(f.type)).flatMap((f) => f.events.map((e) => `${e.type}:${e.columns.REQUEST_ID}`)),
          ],
          accountIds: tenant.users.map((u) => u.id),
        };
      },
      scenarios(): ScenarioFact[] {
        return copyScenarioFacts(state.facts);
      },
      stats: (): SimulatorStats => routeStats(state.byRoute),
      now: () => state.now(),
      weakenPosture() {
        const changes = [
          { setting: 'Timeout value', to: '24 hours' },
          { setting: 'Maximum invalid login attempts', to: 'No limit' },
        ];
        const out = changes.map(({ setting, to }) => {
          const risk = tenant.health.risks.find((r) => r.Setting === setting)!;
          const from = risk.OrgValue;
          Object.assign(risk, { OrgValue: to, OrgValueRaw: to, RiskType: 'HIGH_RISK' });
          return { setting, from, to };
        });
        tenant.health.score = '61';
        return out;
      },
      tenant: () => ({
        orgId: tenant.orgId,
        users: tenant.users.map((u) => ({ id: u.id, email: u.email, username: u.username, active: u.active, frozen: u.frozen, profile: u.profile.name })),
        sessions: tenant.sessions.map((s) => ({ id: s.id, userId: s.userId })),
        oauthTokens: tenant.oauthTokens.map((o) => ({ appName: o.appName, appMenuItemId: o.appMenuItemId, userId: o.userId })),
      }),
      close: server.close,
    };
  },
};
