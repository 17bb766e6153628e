import { defineConnector } from '../sdk/define-connector.js';
import { factsOf } from '../sdk/descriptor.js';
import descriptor from './descriptor.js';
import { deactivateUserAction } from './actions/deactivate-user.js';
import { freezeUserAction, unfreezeUserAction } from './actions/freeze-user.js';
import { revokeOAuthAppAction } from './actions/revoke-oauth-app.js';
import { revokeSessionsAction } from './actions/revoke-sessions.js';
import { salesforcePostureChecks } from './checks/index.js';
import { salesforceAllowedHosts, SOQL_MAX_BATCH, type SalesforceConfig } from './config.js';
import { salesforceFieldSources } from './field-sources.js';
import { salesforceHttpPolicy } from './http-policy.js';
import { normalizeSalesforce } from './normalize.js';
import { createSalesforceSession, type SalesforceSession } from './session.js';
import { lazySimulator } from '../sdk/simulator/lazy-simulator.js';
import { SALESFORCE_SCENARIO_IDS } from './simulator/scenarios.js';
import type { SalesforceSimulatorFactory } from './simulator/index.js';
import { accountsStream } from './streams/accounts.js';
import { eventLogsStream } from './streams/event-logs.js';
import { groupsStream } from './streams/groups.js';
import { oauthAppsStream } from './streams/oauth-apps.js';
import { privilegesStream } from './streams/privileges.js';
import { settingsStream } from './streams/settings.js';
import { loginHistoryStream, setupAuditTrailStream } from './streams/time-ordered.js';
import { testSalesforceConnection } from './test-connection.js';

export type { SalesforceConfig, SalesforceConfigInput } from './config.js';
export type { SalesforceSession } from './session.js';

/**
 * Salesforce: the REST API (SOQL over User, PermissionSetAssignment, Group, LoginHistory, SetupAuditTrail,
 * EventLogFile, OauthToken, AuthSession) and the Tooling API (Health Check), as a JWT-bearer connected app.
 */
export default defineConnector<SalesforceConfig, SalesforceSession>({
  ...factsOf(descriptor),
  // Salesforce has no per-second limit: the org's daily allocation (rolling 24 hours, shared with every
  // integration) is read from Sforce-Limit-Info on every answer, and at most 25 long requests may run at
  // once. 10 a second with bursts of 50 keeps a sync from crowding the org's other integrations.
  rateLimit: { requestsPerSecond: 10, burst: 50 },
  httpPolicy: salesforceHttpPolicy,
  allowedHosts: salesforceAllowedHosts,
  createSession: createSalesforceSession,
  testConnection: testSalesforceConnection,
  streams: {
    logins: loginHistoryStream,
    setupAudit: setupAuditTrailStream,
    eventLogs: eventLogsStream,
    accounts: accountsStream,
    groups: groupsStream,
    privileges: privilegesStream,
    oauthApps: oauthAppsStream,
    settings: settingsStream,
  },
  normalize: normalizeSalesforce,
  fieldSources: salesforceFieldSources,
  actions: {
    'suspend-user': freezeUserAction,
    'unsuspend-user': unfreezeUserAction,
    'remove-from-org': deactivateUserAction,
    'revoke-sessions': revokeSessionsAction,
    'revoke-oauth-app': revokeOAuthAppAction,
  },
  // The simulator's server (Fastify, the seeded org) loads only when a simulator is started.
  simulator: lazySimulator<SalesforceSimulatorFactory>({ scenarios: SALESFORCE_SCENARIO_IDS, maxPageSize: SOQL_MAX_BATCH }, async () => (await import('./simulator/index.js')).salesforceSimulator),
  postureChecks: salesforcePostureChecks,
});
