import { defineConnector } from '../sdk/define-connector.js';
import { factsOf } from '../sdk/descriptor.js';
import descriptor from './descriptor.js';
import { revokeOAuthAppAction } from './actions/revoke-oauth-app.js';
import { revokeSessionsAction } from './actions/revoke-sessions.js';
import { suspendUserAction } from './actions/suspend-user.js';
import { unsuspendUserAction } from './actions/unsuspend-user.js';
import { dropboxPostureChecks } from './checks/index.js';
import { dropboxAllowedHosts, type DropboxConfig } from './config.js';
import { dropboxFieldSources } from './field-sources.js';
import { dropboxHttpPolicy } from './http-policy.js';
import { normalizeDropbox } from './normalize.js';
import { createDropboxSession, type DropboxSession } from './session.js';
import { lazySimulator } from '../sdk/simulator/lazy-simulator.js';
import { DROPBOX_SCENARIO_IDS } from './simulator/scenarios.js';
import { TEAM_LOG_MAX_LIMIT } from './simulator/routes/team-log.js';
import { accountsStream } from './streams/accounts.js';
import { activitiesStream } from './streams/activities.js';
import { groupsStream } from './streams/groups.js';
import { oauthAppsStream } from './streams/oauth-apps.js';
import { privilegesStream } from './streams/privileges.js';
import { settingsStream } from './streams/settings.js';
import { testDropboxConnection } from './test-connection.js';

export type { DropboxConfig, DropboxConfigInput } from './config.js';
export type { DropboxSession } from './session.js';

/**
 * Dropbox Business (Team API): the team log (activity), members, groups, admin roles, linked apps and
 * devices, through a team-scoped app with a team admin's refresh token.
 */
export default defineConnector<DropboxConfig, DropboxSession>({
  ...factsOf(descriptor),
  // Dropbox publishes no numbers; its limits are per app and per team. 10 a second with bursts of 20 stays
  // well clear of them for a team's own audit reads.
  rateLimit: { requestsPerSecond: 10, burst: 20 },
  httpPolicy: dropboxHttpPolicy,
  allowedHosts: dropboxAllowedHosts,
  createSession: createDropboxSession,
  testConnection: testDropboxConnection,
  streams: {
    accounts: accountsStream,
    groups: groupsStream,
    privileges: privilegesStream,
    oauthApps: oauthAppsStream,
    settings: settingsStream,
    activities: activitiesStream,
  },
  normalize: normalizeDropbox,
  fieldSources: dropboxFieldSources,
  actions: {
    'suspend-user': suspendUserAction,
    'unsuspend-user': unsuspendUserAction,
    'revoke-sessions': revokeSessionsAction,
    'revoke-oauth-app': revokeOAuthAppAction,
  },
  simulator: lazySimulator({ scenarios: DROPBOX_SCENARIO_IDS, maxPageSize: TEAM_LOG_MAX_LIMIT }, async () => (await import('./simulator/index.js')).dropboxSimulator),
  postureChecks: dropboxPostureChecks,
});
