import { defineConnector } from '../sdk/define-connector.js';
import { factsOf } from '../sdk/descriptor.js';
import descriptor from './descriptor.js';
import { revokeSessionsAction } from './actions/revoke-sessions.js';
import { suspendUserAction } from './actions/suspend-user.js';
import { unsuspendUserAction } from './actions/unsuspend-user.js';
import { zoomPostureChecks } from './checks/index.js';
import { zoomAllowedHosts, type ZoomConfig } from './config.js';
import { zoomFieldSources } from './field-sources.js';
import { zoomHttpPolicy } from './http-policy.js';
import { normalizeZoom } from './normalize.js';
import { createZoomSession, type ZoomSession } from './session.js';
import { lazySimulator } from '../sdk/simulator/lazy-simulator.js';
import { ZOOM_SCENARIO_IDS } from './simulator/scenarios.js';
import { ZOOM_MAX_PAGE } from './config.js';
import { accountsStream } from './streams/accounts.js';
import { groupsStream } from './streams/groups.js';
import { privilegesStream } from './streams/privileges.js';
import { activitiesStream } from './streams/reports.js';
import { settingsStream } from './streams/settings.js';
import { testZoomConnection } from './test-connection.js';

export type { ZoomConfig, ZoomConfigInput } from './config.js';
export type { ZoomSession } from './session.js';

/**
 * Zoom, through a Server-to-Server OAuth app: the sign-in/out and operation-log reports (activity), users,
 * groups and roles (inventory), account settings (posture), and user deactivation and sign-out (governance).
 */
export default defineConnector<ZoomConfig, ZoomSession>({
  ...factsOf(descriptor),
  // Reports are Zoom's Heavy label: 10 requests a second on Pro (40 on Business+), per account and shared by
  // every app, with a daily cap of 30,000 (60,000). 4 a second with bursts of 8 leaves most of it to others.
  rateLimit: { requestsPerSecond: 4, burst: 8 },
  httpPolicy: zoomHttpPolicy,
  allowedHosts: zoomAllowedHosts,
  createSession: createZoomSession,
  testConnection: testZoomConnection,
  streams: {
    accounts: accountsStream,
    groups: groupsStream,
    privileges: privilegesStream,
    settings: settingsStream,
    activities: activitiesStream,
  },
  normalize: normalizeZoom,
  fieldSources: zoomFieldSources,
  actions: {
    'suspend-user': suspendUserAction,
    'unsuspend-user': unsuspendUserAction,
    'revoke-sessions': revokeSessionsAction,
  },
  simulator: lazySimulator({ scenarios: ZOOM_SCENARIO_IDS, maxPageSize: ZOOM_MAX_PAGE }, async () => (await import('./simulator/index.js')).zoomSimulator),
  postureChecks: zoomPostureChecks,
});
