import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY } from '../../../core/clock.js';
import { clockMode, copyScenarioFacts, injectedScenarios } from '../../sdk/simulator/describe.js';
import { startSimulator } from '../../sdk/simulator/start-simulator.js';
import { routeStats } from '../../sdk/simulator/route-stats.js';
import { rsaKeyPair } from '../../sdk/simulator/rsa-key-pair.js';
import type { RunningSimulator, ScenarioFact, SimulatorFactory, SimulatorStats, SimulatorTruth } from '../../sdk/simulator/simulator.js';
import { DocusignConfigSchema, type DocusignConfig } from '../config.js';
import { MONITOR_MAX_LIMIT } from './routes/monitor.js';
import { DOCUSIGN_SCENARIO_IDS } from './scenarios.js';
import { buildServer } from './server.js';
import { CONSENTED_SCOPES, SimulatorState, type DocusignSimulatorOptions } from './state.js';
import type { SimUser } from './tenant.js';

export type { DocusignSimulatorOptions } from './state.js';
export { DOCUSIGN_SCENARIOS, DOCUSIGN_SCENARIO_IDS } from './scenarios.js';
export type { MonitorRecord } from './events.js';

/** Facts about the seeded tenant that tests and the demo refer to. */
export interface DocusignTenantInfo {
  organizationId: string;
  organizationName: string;
  accountIds: string[];
  /** The impersonated admin of `config`. */
  demoUserId: string;
  demoUserEmail: string;
  /** The leaver whose memberships are closed. */
  closedUserId: string;
  users: { id: string; email: string; name: string; isOrgAdmin: boolean; status: 'active' | 'closed' | 'created'; accountIds: string[]; activeAccountIds: string[] }[];
}

export interface RunningDocusignSimulator extends RunningSimulator<DocusignConfig> {
  /** The tenant's "now" (frozen, or the wall clock). */
  now(): number;
  tenant(): DocusignTenantInfo;
  /** Switches DocuSign Monitor on or off for the organisation, as a plan change would. */
  setMonitorEnabled(enabled: boolean): void;
  /** Sets how far the account server's clock runs from this machine's (JWT `iat`/`exp` checks). */
  setAccountServerClockOffset(ms: number): void;
  /**
   * Changes an account's eSignature settings or password rules while the simulator runs, as an admin in
   * DocuSign Admin would (values are stored as DocuSign sends them: strings). Posture drift tests use it.
   */
  updateAccountSettings(accountId: string, patch: { settings?: Record<string, unknown>; passwordRules?: Record<string, unknown> }): void;
  /**
   * The posture-drift scenario: the US account's web session timeout goes from 60 to 120 minutes (a failing
   * value getting worse), the Europe account's mobile timeout from 15 to 60 (a pass turning into a fail), and
   * the Europe organisation administrator stops requiring two-step verification (one more administrator on a
   * password alone: the Admin API's `require_two_step_verification`; `accountId` is then the organisation's id).
   */
  weakenPosture(): { accountId: string; field: string; from: unknown; to: unknown }[];
  /** The demo integration's RSA keys (PEM): tests sign their own assertions with them. */
  keys: { privateKey: string; publicKey: string; otherPrivateKey: string };
}

export interface DocusignSimulatorFactory extends SimulatorFactory<DocusignConfig> {
  start(options?: DocusignSimulatorOptions): Promise<RunningDocusignSimulator>;
}

const DEFAULT_WINDOW = 7 * DAY;

/**
 * A local DocuSign: account server (JWT grant, userinfo), Monitor (both wire formats), Admin API and
 * eSignature settings on one port, over a seeded organisation with 30 days of activity and attack
 * scenarios in the last two days.
 */
export const docusignSimulator: DocusignSimulatorFactory = {
  scenarios: DOCUSIGN_SCENARIO_IDS,
  maxPageSize: MONITOR_MAX_LIMIT,
  async start(options: DocusignSimulatorOptions = {}): Promise<RunningDocusignSimulator> {
    const state = new SimulatorState(options);
    const server = await startSimulator(options, (faults) => buildServer(state, faults));
    const { baseUrl, faults } = server;
    state.baseUrl = baseUrl;

    const keys = rsaKeyPair();
    const other = rsaKeyPair('pkcs1', 'wrong');
    const { tenant } = state;
    const demoUser = state.demoUser;
    state.oauth.registerIntegration(tenant.integrationKey, keys.publicKey);
    if (options.consent ?? true) state.oauth.grantConsent(tenant.integrationKey, demoUser.id, CONSENTED_SCOPES);

    const config = DocusignConfigSchema.parse({
      environment: 'simulator',
      userId: demoUser.id,
      integrationKey: tenant.integrationKey,
      privateKey: keys.privateKey,
      accountBaseUri: baseUrl,
      simulatorUrl: baseUrl,
      ...(options.pageSize ? { pageSize: options.pageSize } : {}),
    });
    const badCredentialConfig: DocusignConfig = { ...config, privateKey: other.privateKey };

    // A ready-to-use config file for `parapet connect docusign --config <file>` (the key is a throwaway).
    const configDir = mkdtempSync(join(tmpdir(), 'parapet-docusign-sim-'));
    const configFile = join(configDir, 'docusign-simulator.json');
    writeFileSync(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });

    const userInfo = (u: SimUser) => ({
      id: u.id,
      email: u.email,
      name: `${u.firstName} ${u.lastName}`,
      isOrgAdmin: u.isOrgAdmin,
      status: state.userStatus(u),
      accountIds: u.memberships.map((m) => m.accountId),
      activeAccountIds: u.memberships.filter((m) => m.status === 'active').map((m) => m.accountId),
    });

    server.onClose(() => rmSync(configDir, { recursive: true, force: true }));
    return {
      urls: {
        oauth: `${baseUrl}/oauth`,
        monitorV2: `${baseUrl}/api/v2.0/datasets/monitor/stream`,
        monitorV1: `${baseUrl}/v1/organizations/${tenant.org.id}/stream`,
        admin: `${baseUrl}/management`,
        esignature: `${baseUrl}/restapi/v2.1/accounts/${tenant.org.defaultAccountId}`,
      },
      config,
      badCredentialConfig,
      keys: { privateKey: keys.privateKey, publicKey: keys.publicKey, otherPrivateKey: other.privateKey },
      describe() {
        return [
          `Organisation "${tenant.org.name}" (${tenant.org.id}) with accounts ${tenant.accounts.map((a) => `"${a.name}" (${a.id})`).join(' and ')}; ${tenant.users.length} people, 30 days of Monitor history (${clockMode(state)}).`,
          `Demo integration key ${tenant.integrationKey}, impersonating ${demoUser.firstName} ${demoUser.lastName} <${demoUser.email}> (user id ${demoUser.id})${demoUser.isOrgAdmin ? ', an organisation administrator' : ''}. Its RSA private key was generated at start and is not printed.`,
          `Connect to it with: parapet connect docusign --name docusign-sim --config ${configFile}`,
          injectedScenarios(state.facts),
        ].join('\n');
      },
      faults,
      truth(): SimulatorTruth {
        state.ensureGenerated();
        const now = state.now();
        return {
          activityIds: state.log.visibleSince(now - DEFAULT_WINDOW, now).map((e) => e.record.eventId),
          accountIds: tenant.users.map((u) => u.id),
        };
      },
      scenarios(): ScenarioFact[] {
        return copyScenarioFacts(state.facts);
      },
      stats(): SimulatorStats {
        return routeStats(state.byRoute);
      },
      now: () => state.now(),
      tenant: () => ({
        organizationId: tenant.org.id,
        organizationName: tenant.org.name,
        accountIds: tenant.accounts.map((a) => a.id),
        demoUserId: demoUser.id,
        demoUserEmail: demoUser.email,
        closedUserId: (tenant.users[tenant.closedUserIndex] as SimUser).id,
        users: tenant.users.map(userInfo),
      }),
      setAccountServerClockOffset(ms: number) {
        state.accountServerClockOffsetMs = ms;
      },
      setMonitorEnabled(enabled: boolean) {
        state.monitorEnabled = enabled;
      },
      updateAccountSettings(accountId, patch) {
        const account = state.account(accountId);
        if (!account) throw new Error(`no simulated DocuSign account ${accountId}`);
        Object.assign(account.settings, patch.settings ?? {});
        Object.assign(account.passwordRules, patch.passwordRules ?? {});
      },
      weakenPosture() {
        const [us, eu] = tenant.accounts;
        if (!us || !eu) throw new Error('the seeded DocuSign organisation has fewer than two accounts');
        const changes = [
          { accountId: us.id, field: 'sessionTimeout', from: us.settings.sessionTimeout, to: '120' },
          { accountId: eu.id, field: 'mobileSessionTimeout', from: eu.settings.mobileSessionTimeout, to: '60' },
        ];
        for (const c of changes) (c.accountId === us.id ? us : eu).settings[c.field] = c.to;
        const admin = tenant.users.find((u) => u.isOrgAdmin && u.requireTwoStep && u.index !== tenant.demoUserIndex);
        if (!admin) throw new Error('the seeded DocuSign organisation has no other administrator with two-step verification');
        admin.requireTwoStep = false;
        return [...changes, { accountId: tenant.org.id, field: 'requireTwoStepVerification', from: true, to: false }];
      },
      close: server.close,
    };
  },
};
