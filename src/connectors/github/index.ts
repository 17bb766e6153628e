import { defineConnector } from '../sdk/define-connector.js';
import { factsOf } from '../sdk/descriptor.js';
import descriptor from './descriptor.js';
import { removeFromOrg } from './actions/remove-from-org.js';
import { revokeOAuthApp } from './actions/revoke-oauth-app.js';
import { suspendUser, unsuspendUser } from './actions/suspend-user.js';
import { githubPostureChecks } from './checks/index.js';
import { githubAllowedHosts, type GithubConfig } from './config.js';
import { githubHttpPolicy } from './http-policy.js';
import { normalizeGithub } from './normalize.js';
import { createGithubSession, type GithubSession } from './session.js';
import { lazySimulator } from '../sdk/simulator/lazy-simulator.js';
import { GITHUB_SCENARIO_IDS } from './simulator/scenarios.js';
import { accountsStream } from './streams/accounts.js';
import { activitiesStream } from './streams/activities.js';
import { groupsStream } from './streams/groups.js';
import { oauthAppsStream } from './streams/oauth-apps.js';
import { privilegesStream } from './streams/privileges.js';
import { settingsStream } from './streams/settings.js';
import { testGithubConnection } from './test-connection.js';
import { githubFieldSources } from './field-sources.js';

export type { GithubConfig, GithubConfigInput } from './config.js';
export type { GithubSession } from './session.js';

/**
 * GitHub Enterprise Cloud organisation: members, outside collaborators, teams, owners, installed Apps and
 * SSO-authorised credentials; the organisation audit log (web and Git events); posture from the
 * organisation settings. Through a GitHub App installation (preferred) or a fine-grained token.
 */
export default defineConnector<GithubConfig, GithubSession>({
  ...factsOf(descriptor),
  // 15,000 requests per hour for an App on an Enterprise Cloud organisation (4.2/s); audit-log queries
  // 1,750 per hour. A bucket of 150 refilled at 0.44/s allows at most 1,734 in any hour.
  rateLimit: { requestsPerSecond: 0.44, burst: 150 },
  httpPolicy: githubHttpPolicy(),
  allowedHosts: githubAllowedHosts,
  createSession: createGithubSession,
  testConnection: testGithubConnection,
  streams: {
    accounts: accountsStream,
    groups: groupsStream,
    privileges: privilegesStream,
    oauthApps: oauthAppsStream,
    settings: settingsStream,
    activities: activitiesStream,
  },
  normalize: normalizeGithub,
  fieldSources: githubFieldSources,
  actions: {
    [removeFromOrg.id]: removeFromOrg,
    [revokeOAuthApp.id]: revokeOAuthApp,
    [suspendUser.id]: suspendUser,
    [unsuspendUser.id]: unsuspendUser,
  },
  postureChecks: githubPostureChecks,
  simulator: lazySimulator({ scenarios: GITHUB_SCENARIO_IDS, maxPageSize: 100 }, async () => (await import('./simulator/index.js')).githubSimulator),
});
