import { defineConnector } from '../sdk/define-connector.js';
import { factsOf } from '../sdk/descriptor.js';
import descriptor from './descriptor.js';
import { suspendUserAction, unsuspendUserAction } from './actions/access.js';
import { atlassianPostureChecks } from './checks/index.js';
import { atlassianAllowedHosts, type AtlassianConfig } from './config.js';
import { atlassianFieldSources } from './field-sources.js';
import { atlassianHttpPolicy } from './http-policy.js';
import { normalizeAtlassian } from './normalize.js';
import { createAtlassianSession, type AtlassianSession } from './session.js';
import { lazySimulator } from '../sdk/simulator/lazy-simulator.js';
import { ATLASSIAN_SCENARIO_IDS } from './simulator/scenarios.js';
import { EVENTS_MAX_LIMIT } from './config.js';
import { accountsStream } from './streams/accounts.js';
import { activitiesStream } from './streams/activities.js';
import { groupsStream } from './streams/groups.js';
import { privilegesStream } from './streams/privileges.js';
import { settingsStream } from './streams/settings.js';
import { testAtlassianConnection } from './test-connection.js';

export type { AtlassianConfig, AtlassianConfigInput } from './config.js';
export type { AtlassianSession } from './session.js';

/**
 * Atlassian Cloud organisation administration: the org audit log (events-stream), managed accounts, the v2
 * directory (platform roles, groups, 2-step verification), IP allowlist policies, and suspend/restore access,
 * with one organisation API key.
 */
export default defineConnector<AtlassianConfig, AtlassianSession>({
  ...factsOf(descriptor),
  // The events stream's limit is not published; the `/events` search allows 10 a minute per path. Five a
  // second in bursts of 20 stays well under the other paths' limits; a 429 on one path waits out its reset.
  rateLimit: { requestsPerSecond: 5, burst: 20 },
  httpPolicy: atlassianHttpPolicy,
  allowedHosts: atlassianAllowedHosts,
  createSession: createAtlassianSession,
  testConnection: testAtlassianConnection,
  streams: {
    accounts: accountsStream,
    groups: groupsStream,
    privileges: privilegesStream,
    settings: settingsStream,
    activities: activitiesStream,
  },
  normalize: normalizeAtlassian,
  fieldSources: atlassianFieldSources,
  actions: {
    'suspend-user': suspendUserAction,
    'unsuspend-user': unsuspendUserAction,
  },
  simulator: lazySimulator({ scenarios: ATLASSIAN_SCENARIO_IDS, maxPageSize: EVENTS_MAX_LIMIT }, async () => (await import('./simulator/index.js')).atlassianSimulator),
  postureChecks: atlassianPostureChecks,
});
