import { defineConnector } from '../sdk/define-connector.js';
import { factsOf } from '../sdk/descriptor.js';
import descriptor from './descriptor.js';
import { revokeOAuthAppAction } from './actions/revoke-oauth-app.js';
import { revokeSessionsAction } from './actions/revoke-sessions.js';
import { suspendUserAction } from './actions/suspend-user.js';
import { unsuspendUserAction } from './actions/unsuspend-user.js';
import { slackPostureChecks } from './checks/index.js';
import { slackAllowedHosts, type SlackConfig } from './config.js';
import { slackHttpPolicy } from './http-policy.js';
import { normalizeSlack } from './normalize.js';
import { createSlackSession, type SlackSession } from './session.js';
import { lazySimulator } from '../sdk/simulator/lazy-simulator.js';
import { AUDIT_MAX_LIMIT } from './simulator/routes/audit.js';
import { SLACK_SCENARIO_IDS } from './simulator/scenarios.js';
import { accountsStream } from './streams/accounts.js';
import { activitiesStream } from './streams/activities.js';
import { groupsStream } from './streams/groups.js';
import { oauthAppsStream } from './streams/oauth-apps.js';
import { privilegesStream } from './streams/privileges.js';
import { settingsStream } from './streams/settings.js';
import { testSlackConnection } from './test-connection.js';
import { slackFieldSources } from './field-sources.js';

export type { SlackConfig, SlackConfigInput } from './config.js';
export type { SlackSession } from './session.js';

/**
 * Slack Enterprise Grid: the Audit Logs API (activity), SCIM v2 (accounts, groups, deactivation) and the Web
 * API admin methods (roles, apps, session reset), with org-owner user tokens.
 */
export default defineConnector<SlackConfig, SlackSession>({
  ...factsOf(descriptor),
  // Audit Logs is Tier 3: about 50 calls a minute, org-wide, "sporadic bursts" of an undocumented size. A
  // burst of 20 and 0.8/s (48 a minute) stays under it without drawing 429s, leaving a little for other
  // consumers of the org's budget.
  rateLimit: { requestsPerSecond: 0.8, burst: 20 },
  httpPolicy: slackHttpPolicy,
  allowedHosts: slackAllowedHosts,
  createSession: createSlackSession,
  testConnection: testSlackConnection,
  streams: {
    accounts: accountsStream,
    groups: groupsStream,
    privileges: privilegesStream,
    oauthApps: oauthAppsStream,
    settings: settingsStream,
    activities: activitiesStream,
  },
  normalize: normalizeSlack,
  fieldSources: slackFieldSources,
  actions: {
    'suspend-user': suspendUserAction,
    'unsuspend-user': unsuspendUserAction,
    'revoke-sessions': revokeSessionsAction,
    'revoke-oauth-app': revokeOAuthAppAction,
  },
  simulator: lazySimulator({ scenarios: SLACK_SCENARIO_IDS, maxPageSize: AUDIT_MAX_LIMIT }, async () => (await import('./simulator/index.js')).slackSimulator),
  postureChecks: slackPostureChecks,
});
