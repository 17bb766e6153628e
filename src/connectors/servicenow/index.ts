import { defineConnector } from '../sdk/define-connector.js';
import { factsOf } from '../sdk/descriptor.js';
import descriptor from './descriptor.js';
import { deactivateUserAction } from './actions/deactivate-user.js';
import { suspendUserAction } from './actions/suspend-user.js';
import { unsuspendUserAction } from './actions/unsuspend-user.js';
import { serviceNowPostureChecks } from './checks/index.js';
import type { ServiceNowConfig } from './config.js';
import { serviceNowFieldSources } from './field-sources.js';
import { serviceNowHttpPolicy } from './http-policy.js';
import { normalizeServiceNow } from './normalize.js';
import { createServiceNowSession, serviceNowAllowedHosts, type ServiceNowSession } from './session.js';
import { lazySimulator } from '../sdk/simulator/lazy-simulator.js';
import { SERVICENOW_SCENARIO_IDS } from './simulator/scenarios.js';
import { SERVICENOW_MAX_PAGE_SIZE } from './config.js';
import { accountsStream } from './streams/accounts.js';
import { activitiesStream } from './streams/activities.js';
import { groupsStream } from './streams/groups.js';
import { privilegesStream } from './streams/privileges.js';
import { settingsStream } from './streams/settings.js';
import { testServiceNowConnection } from './test-connection.js';

export type { ServiceNowConfig, ServiceNowConfigInput } from './config.js';
export type { ServiceNowSession } from './session.js';

/**
 * ServiceNow: users, groups and roles (admin, security_admin) of an instance, its log-on events (sysevent),
 * role grants, users' transactions (syslog_transaction: list and record views, exports), audited user changes (sys_audit) and security-property changes, through the Table API with
 * basic auth or OAuth; lock-out, deactivation and their undoing; posture from sys_properties.
 */
export default defineConnector<ServiceNowConfig, ServiceNowSession>({
  ...factsOf(descriptor),
  // Instances without a rate-limit rule send no budget headers; a rule is counted per hour. Ten requests a
  // second keeps one sync well inside the semaphores a node gives REST (KB3046852).
  rateLimit: { requestsPerSecond: 10, burst: 20 },
  httpPolicy: serviceNowHttpPolicy,
  allowedHosts: serviceNowAllowedHosts,
  createSession: createServiceNowSession,
  testConnection: testServiceNowConnection,
  streams: {
    accounts: accountsStream,
    groups: groupsStream,
    privileges: privilegesStream,
    settings: settingsStream,
    activities: activitiesStream,
  },
  normalize: normalizeServiceNow,
  fieldSources: serviceNowFieldSources,
  actions: {
    'suspend-user': suspendUserAction,
    'unsuspend-user': unsuspendUserAction,
    'remove-from-org': deactivateUserAction,
  },
  ownIdentities: (config) => (config.username ? [config.username] : []),
  simulator: lazySimulator({ scenarios: SERVICENOW_SCENARIO_IDS, maxPageSize: SERVICENOW_MAX_PAGE_SIZE }, async () => (await import('./simulator/index.js')).serviceNowSimulator),
  postureChecks: serviceNowPostureChecks,
});
