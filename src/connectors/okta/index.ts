import { defineConnector } from '../sdk/define-connector.js';
import { factsOf } from '../sdk/descriptor.js';
import descriptor from './descriptor.js';
import { resetMfaAction } from './actions/reset-mfa.js';
import { revokeOAuthGrantsAction } from './actions/revoke-oauth-grants.js';
import { revokeSessionsAction } from './actions/revoke-sessions.js';
import { suspendUserAction } from './actions/suspend-user.js';
import { unsuspendUserAction } from './actions/unsuspend-user.js';
import { oktaPostureChecks } from './checks/index.js';
import type { OktaConfig } from './config.js';
import { oktaHttpPolicy } from './http-policy.js';
import { normalizeOkta } from './normalize.js';
import { createOktaSession, oktaAllowedHosts, type OktaSession } from './session.js';
import { lazySimulator } from '../sdk/simulator/lazy-simulator.js';
import { LOGS_MAX_LIMIT } from './simulator/routes/logs.js';
import { OKTA_SCENARIO_IDS } from './simulator/scenarios.js';
import { accountsStream } from './streams/accounts.js';
import { activitiesStream } from './streams/activities.js';
import { groupsStream } from './streams/groups.js';
import { oauthAppsStream } from './streams/oauth-apps.js';
import { privilegesStream } from './streams/privileges.js';
import { settingsStream } from './streams/settings.js';
import { testOktaConnection } from './test-connection.js';
import { oktaFieldSources } from './field-sources.js';

export type { OktaConfig, OktaConfigInput } from './config.js';
export type { OktaSession } from './session.js';

/**
 * Okta: the System Log (sign-ins, MFA, admin changes), users, groups, admin roles, OAuth consent grants and
 * policies, through an OAuth 2.0 service app (private key JWT) or an SSWS API token. An identity provider:
 * its users anchor identities for the org's own domains.
 */
export default defineConnector<OktaConfig, OktaSession>({
  ...factsOf(descriptor),
  // Okta's org buckets are per endpoint per minute (users and most others: 600/min; System Log: 120/min on
  // most editions). The governor keeps the instance under the larger; a System Log 429 waits for its
  // X-Rate-Limit-Reset (epoch seconds), as Okta documents.
  rateLimit: { requestsPerSecond: 10, burst: 100 },
  httpPolicy: oktaHttpPolicy,
  allowedHosts: oktaAllowedHosts,
  createSession: createOktaSession,
  testConnection: testOktaConnection,
  streams: {
    accounts: accountsStream,
    groups: groupsStream,
    privileges: privilegesStream,
    oauthApps: oauthAppsStream,
    settings: settingsStream,
    activities: activitiesStream,
  },
  normalize: normalizeOkta,
  fieldSources: oktaFieldSources,
  actions: {
    'suspend-user': suspendUserAction,
    'unsuspend-user': unsuspendUserAction,
    'revoke-sessions': revokeSessionsAction,
    'reset-mfa': resetMfaAction,
    'revoke-oauth-grants': revokeOAuthGrantsAction,
  },
  simulator: lazySimulator({ scenarios: OKTA_SCENARIO_IDS, maxPageSize: LOGS_MAX_LIMIT }, async () => (await import('./simulator/index.js')).oktaSimulator),
  postureChecks: oktaPostureChecks,
});
