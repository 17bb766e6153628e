import { defineConnector } from '../sdk/define-connector.js';
import { factsOf } from '../sdk/descriptor.js';
import descriptor from './descriptor.js';
import { revokeOAuthGrants } from './actions/revoke-oauth-grants.js';
import { revokeOAuthApp } from './actions/revoke-oauth-app.js';
import { revokeSessions } from './actions/revoke-sessions.js';
import { suspendUser, unsuspendUser } from './actions/suspend-user.js';
import { googlePostureChecks } from './checks/index.js';
import type { GoogleWorkspaceConfig } from './config.js';
import { googleHttpPolicy } from './http-policy.js';
import { normalizeGoogle } from './normalize.js';
import { createGoogleSession, googleAllowedHosts, type GoogleSession } from './session.js';
import { lazySimulator } from '../sdk/simulator/lazy-simulator.js';
import { GOOGLE_SCENARIO_IDS } from './simulator/scenarios.js';
import { accountsStream } from './streams/accounts.js';
import { activitiesStream } from './streams/activities.js';
import { groupsStream } from './streams/groups.js';
import { oauthAppsStream } from './streams/oauth-apps.js';
import { privilegesStream } from './streams/privileges.js';
import { settingsStream } from './streams/settings.js';
import { testGoogleConnection } from './test-connection.js';
import { googleWorkspaceFieldSources } from './field-sources.js';

export type { GoogleWorkspaceConfig, GoogleWorkspaceConfigInput } from './config.js';
export type { GoogleSession } from './session.js';

/**
 * Google Workspace: Admin SDK Directory (users, groups, admin roles, OAuth tokens, suspend / sign out /
 * revoke), Reports activities (sign-ins, admin console, tokens, Drive, account changes, SAML) and Cloud
 * Identity policies (posture), through a service account with domain-wide delegation. An identity
 * provider: its accounts anchor identities for its verified domains.
 */
export default defineConnector<GoogleWorkspaceConfig, GoogleSession>({
  ...factsOf(descriptor),
  // Admin SDK Directory: 2,400 queries per minute per user per project; Reports shares the project's quota.
  rateLimit: { requestsPerSecond: 30, burst: 60 },
  httpPolicy: googleHttpPolicy,
  allowedHosts: googleAllowedHosts,
  createSession: createGoogleSession,
  testConnection: testGoogleConnection,
  streams: {
    accounts: accountsStream,
    groups: groupsStream,
    privileges: privilegesStream,
    oauthApps: oauthAppsStream,
    settings: settingsStream,
    activities: activitiesStream,
  },
  normalize: normalizeGoogle,
  fieldSources: googleWorkspaceFieldSources,
  actions: {
    [suspendUser.id]: suspendUser,
    [unsuspendUser.id]: unsuspendUser,
    [revokeSessions.id]: revokeSessions,
    [revokeOAuthApp.id]: revokeOAuthApp,
    [revokeOAuthGrants.id]: revokeOAuthGrants,
  },
  postureChecks: googlePostureChecks,
  simulator: lazySimulator({ scenarios: GOOGLE_SCENARIO_IDS, maxPageSize: 1000 }, async () => (await import('./simulator/index.js')).googleWorkspaceSimulator),
});
