import { DAY } from '../../../core/clock.js';
import { clockMode, copyScenarioFacts, injectedScenarios } from '../../sdk/simulator/describe.js';
import { startSimulator } from '../../sdk/simulator/start-simulator.js';
import type { RunningSimulator, ScenarioFact, SimulatorFactory, SimulatorStats, SimulatorTruth } from '../../sdk/simulator/simulator.js';
import { routeStats } from '../../sdk/simulator/route-stats.js';
import { DropboxConfigSchema, type DropboxConfig } from '../config.js';
import { TEAM_LOG_MAX_LIMIT } from './routes/team-log.js';
import { DROPBOX_SCENARIO_IDS } from './scenarios.js';
import { buildServer } from './server.js';
import { DropboxState, type DropboxSimulatorOptions } from './state.js';
import type { MemberStatus } from './tenant.js';

export type { DropboxSimulatorOptions } from './state.js';

export interface DropboxTenantInfo {
  teamId: string;
  members: { teamMemberId: string; email: string; status: MemberStatus; roles: string[]; sessions: string[]; linkedApps: string[] }[];
  apps: { id: string; name: string }[];
  /** The team admin whose authorisation the refresh token carries. */
  adminTeamMemberId: string;
}

export interface RunningDropboxSimulator extends RunningSimulator<DropboxConfig> {
  now(): number;
  tenant(): DropboxTenantInfo;
  /** Every event id the team log holds, at any age. */
  feedRecordIds(): string[];
  /** Event ids logged after they happened (arrival later than timestamp). */
  lateRecordIds(): string[];
  /** The posture-drift scenario: public links by default and shared folders open to anyone, each change logged. */
  weakenPosture(): { field: string; from: unknown; to: unknown }[];
}

export interface DropboxSimulatorFactory extends SimulatorFactory<DropboxConfig> {
  start(options?: DropboxSimulatorOptions): Promise<RunningDropboxSimulator>;
}

const DEFAULT_WINDOW = 7 * DAY;

/** A local Dropbox Business team: the token endpoint and the team / team_log RPC routes on one port. */
export const dropboxSimulator: DropboxSimulatorFactory = {
  scenarios: DROPBOX_SCENARIO_IDS,
  maxPageSize: TEAM_LOG_MAX_LIMIT,
  async start(options: DropboxSimulatorOptions = {}): Promise<RunningDropboxSimulator> {
    const state = new DropboxState(options);
    const server = await startSimulator(options, (faults) => buildServer(state, faults));
    const { baseUrl, faults } = server;
    const { tenant } = state;
    const config = DropboxConfigSchema.parse({
      environment: 'simulator',
      appKey: tenant.appKey,
      appSecret: tenant.appSecret,
      refreshToken: tenant.refreshToken,
      simulatorUrl: baseUrl,
      ...(options.pageSize ? { pageSize: Math.min(options.pageSize, TEAM_LOG_MAX_LIMIT) } : {}),
    });
    const badCredentialConfig: DropboxConfig = { ...config, refreshToken: 'x'.repeat(64) };
    return {
      urls: { rpc: `${baseUrl}/2`, token: `${baseUrl}/oauth2/token` },
      config,
      badCredentialConfig,
      describe() {
        return [
          `Dropbox team "${tenant.team.name}" (${tenant.team.id}); ${tenant.members.length} members, ${tenant.groups.length} groups, 30 days of team log (${clockMode(state)}).`,
          `The team app's key, secret and a refresh token of the team admin ${state.admin.person.email} were generated at start; they are in the config, not printed.`,
          injectedScenarios(state.facts),
        ].join('\n');
      },
      faults,
      truth(): SimulatorTruth {
        const from = Math.ceil((state.now() - DEFAULT_WINDOW) / 1000) * 1000;
        return {
          activityIds: state.log().filter((e) => e.at >= from).map((e) => e.id),
          accountIds: tenant.members.map((m) => m.teamMemberId),
        };
      },
      scenarios(): ScenarioFact[] {
        return copyScenarioFacts(state.facts);
      },
      stats(): SimulatorStats {
        return routeStats(state.byRoute);
      },
      weakenPosture() {
        const p = tenant.policies;
        const changes = [
          { field: 'shared_link_create_policy', from: p.sharedLinkCreatePolicy, to: 'default_public' },
          { field: 'shared_folder_member_policy', from: p.sharedFolderMemberPolicy, to: 'anyone' },
        ];
        p.sharedLinkCreatePolicy = 'default_public';
        p.sharedFolderMemberPolicy = 'anyone';
        for (const c of changes) {
          const type = c.field === 'shared_link_create_policy' ? 'sharing_change_link_policy' : 'sharing_change_member_policy';
          state.append({ actor: state.admin, asAdmin: true, ip: state.admin.person.ip, type, description: 'Changed team sharing policy', category: 'team_policies', context: 'team', details: { new_value: { '.tag': c.to }, previous_value: { '.tag': c.from } } });
        }
        return changes;
      },
      now: () => state.now(),
      feedRecordIds: () => state.log().map((e) => e.id),
      lateRecordIds: () => state.log().filter((e) => e.arrival > e.at).map((e) => e.id),
      tenant: () => ({
        teamId: tenant.team.id,
        members: tenant.members.map((m) => ({ teamMemberId: m.teamMemberId, email: m.person.email, status: m.status, roles: m.roles.map((r) => r.name), sessions: m.sessions.map((s) => s.sessionId), linkedApps: [...m.linkedApps] })),
        apps: tenant.apps.map((a) => ({ id: a.id, name: a.name })),
        adminTeamMemberId: state.admin.teamMemberId,
      }),
      close: server.close,
    };
  },
};
