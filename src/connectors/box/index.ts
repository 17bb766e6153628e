import { defineConnector } from '../sdk/define-connector.js';
import { factsOf } from '../sdk/descriptor.js';
import descriptor from './descriptor.js';
import { revokeSessionsAction } from './actions/revoke-sessions.js';
import { suspendUserAction } from './actions/suspend-user.js';
import { unsuspendUserAction } from './actions/unsuspend-user.js';
import { boxPostureChecks } from './checks/index.js';
import type { BoxConfig } from './config.js';
import { boxFieldSources } from './field-sources.js';
import { boxHttpPolicy } from './http-policy.js';
import { normalizeBox } from './normalize.js';
import { boxAllowedHosts, createBoxSession, type BoxSession } from './session.js';
import { lazySimulator } from '../sdk/simulator/lazy-simulator.js';
import { BOX_SCENARIO_IDS } from './simulator/scenarios.js';
import { EVENTS_MAX_LIMIT } from './simulator/routes/events.js';
import { accountsStream } from './streams/accounts.js';
import { activitiesStream } from './streams/activities.js';
import { groupsStream } from './streams/groups.js';
import { oauthAppsStream } from './streams/oauth-apps.js';
import { privilegesStream } from './streams/privileges.js';
import { settingsStream } from './streams/settings.js';
import { testBoxConnection } from './test-connection.js';

export type { BoxConfig, BoxConfigInput } from './config.js';
export type { BoxSession } from './session.js';

/**
 * Box: the enterprise event stream (log-ons, downloads, sharing, admin changes), managed users and external
 * collaborators, groups, admin and co-admin roles, apps users authorised (from events), through a Box
 * Platform app with server authentication (Client Credentials Grant or JWT).
 */
export default defineConnector<BoxConfig, BoxSession>({
  ...factsOf(descriptor),
  // Box documents about 1,000 API requests a minute per user (the Service Account here): the governor stays under it.
  rateLimit: { requestsPerSecond: 12, burst: 100 },
  httpPolicy: boxHttpPolicy,
  allowedHosts: boxAllowedHosts,
  createSession: createBoxSession,
  testConnection: testBoxConnection,
  streams: {
    accounts: accountsStream,
    groups: groupsStream,
    privileges: privilegesStream,
    oauthApps: oauthAppsStream,
    settings: settingsStream,
    activities: activitiesStream,
  },
  normalize: normalizeBox,
  fieldSources: boxFieldSources,
  actions: {
    'suspend-user': suspendUserAction,
    'unsuspend-user': unsuspendUserAction,
    'revoke-sessions': revokeSessionsAction,
  },
  simulator: lazySimulator({ scenarios: BOX_SCENARIO_IDS, maxPageSize: EVENTS_MAX_LIMIT }, async () => (await import('./simulator/index.js')).boxSimulator),
  postureChecks: boxPostureChecks,
});
