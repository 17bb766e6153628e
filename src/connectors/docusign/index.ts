import { defineConnector } from '../sdk/define-connector.js';
import { factsOf } from '../sdk/descriptor.js';
import descriptor from './descriptor.js';
import { docusignFieldSources } from './field-sources.js';
import { docusignPostureChecks } from './checks/index.js';
import { suspendUserAction } from './actions/suspend-user.js';
import { unsuspendUserAction } from './actions/unsuspend-user.js';
import type { DocusignConfig } from './config.js';
import { docusignHttpPolicy } from './http-policy.js';
import { normalizeDocusign } from './normalize.js';
import { createDocusignSession, docusignAllowedHosts, type DocusignSession } from './session.js';
import { lazySimulator } from '../sdk/simulator/lazy-simulator.js';
import { MONITOR_MAX_LIMIT } from './simulator/routes/monitor.js';
import { DOCUSIGN_SCENARIO_IDS } from './simulator/scenarios.js';
import { accountsStream } from './streams/accounts.js';
import { activitiesStream } from './streams/activities.js';
import { settingsStream } from './streams/settings.js';
import { testDocusignConnection } from './test-connection.js';

export type { DocusignConfig, DocusignConfigInput } from './config.js';
export type { DocusignSession } from './session.js';

/**
 * DocuSign: Monitor (security events), Admin API (users, memberships, suspend) and eSignature settings
 * (posture), through a JWT grant impersonating an organisation administrator.
 */
export default defineConnector<DocusignConfig, DocusignSession>({
  ...factsOf(descriptor),
  // DocuSign allows 3,000 requests per account per hour and 200 per 30 s (demo; 500 in production).
  // A 150-request bucket refilled at 0.75/s never exceeds 172 in any 30 s nor 2,850 in any hour.
  rateLimit: { requestsPerSecond: 0.75, burst: 150 },
  httpPolicy: docusignHttpPolicy,
  allowedHosts: docusignAllowedHosts,
  createSession: createDocusignSession,
  testConnection: testDocusignConnection,
  streams: {
    accounts: accountsStream,
    settings: settingsStream,
    activities: activitiesStream,
  },
  normalize: normalizeDocusign,
  fieldSources: docusignFieldSources,
  ownIdentities: (config) => [config.userId, config.integrationKey],
  actions: {
    'suspend-user': suspendUserAction,
    'unsuspend-user': unsuspendUserAction,
  },
  simulator: lazySimulator({ scenarios: DOCUSIGN_SCENARIO_IDS, maxPageSize: MONITOR_MAX_LIMIT }, async () => (await import('./simulator/index.js')).docusignSimulator),
  postureChecks: docusignPostureChecks,
});
