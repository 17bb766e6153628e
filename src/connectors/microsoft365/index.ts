import { defineConnector } from '../sdk/define-connector.js';
import { factsOf } from '../sdk/descriptor.js';
import descriptor from './descriptor.js';
import { m365FieldSources } from './field-sources.js';
import { activitiesStream } from './streams/activities.js';
import { accountsStream } from './streams/accounts.js';
import { groupsStream } from './streams/groups.js';
import { oauthAppsStream } from './streams/oauth-apps.js';
import { privilegesStream } from './streams/privileges.js';
import { settingsStream } from './streams/settings.js';
import { requireReauth, revokeSessions } from './actions/require-reauth.js';
import { removeForwardingRules } from './actions/remove-forwarding-rules.js';
import { revokeOAuthApp } from './actions/revoke-oauth-app.js';
import { revokeOAuthGrants } from './actions/revoke-oauth-grants.js';
import { suspendUser } from './actions/suspend-user.js';
import { unsuspendUser } from './actions/unsuspend-user.js';
import { m365PostureChecks } from './checks/index.js';
import { m365Endpoints, type Microsoft365Config } from './config.js';
import { m365HttpPolicy } from './http-policy.js';
import { normalizeM365 } from './normalize.js';
import { createM365Session, type M365Session } from './session.js';
import { lazySimulator } from '../sdk/simulator/lazy-simulator.js';
import { M365_SCENARIO_IDS } from './simulator/scenarios.js';
import { DEFAULT_RECORDS_PER_BLOB } from './simulator/content-limits.js';
import { testM365Connection } from './test-connection.js';

/**
 * Microsoft 365 / Entra ID: users, groups, directory roles, OAuth apps and posture from Microsoft Graph;
 * the unified audit log from the Office 365 Management Activity API; Entra sign-ins from Graph. Entra ID
 * is an identity provider: its accounts anchor identities, and it can suspend a person for other apps.
 */
export default defineConnector<Microsoft365Config, M365Session>({
  ...factsOf(descriptor),
  // Management API: 2,000 requests/minute per tenant with a PublisherIdentifier; Graph allows far more.
  rateLimit: { requestsPerSecond: 30, burst: 100 },
  httpPolicy: m365HttpPolicy(),
  allowedHosts(config) {
    if (config.environment === 'simulator') return ['loopback'];
    const endpoints = m365Endpoints(config);
    return [new URL(endpoints.login).hostname, new URL(endpoints.manage).hostname, new URL(endpoints.graph).hostname];
  },
  createSession: createM365Session,
  testConnection: testM365Connection,
  streams: {
    accounts: accountsStream,
    groups: groupsStream,
    privileges: privilegesStream,
    oauthApps: oauthAppsStream,
    settings: settingsStream,
    activities: activitiesStream,
  },
  normalize: normalizeM365,
  fieldSources: m365FieldSources,
  actions: {
    [suspendUser.id]: suspendUser,
    [unsuspendUser.id]: unsuspendUser,
    [requireReauth.id]: requireReauth,
    [revokeSessions.id]: revokeSessions,
    [revokeOAuthApp.id]: revokeOAuthApp,
    [revokeOAuthGrants.id]: revokeOAuthGrants,
    [removeForwardingRules.id]: removeForwardingRules,
  },
  ownIdentities: (config) => [config.clientId],
  postureChecks: m365PostureChecks,
  simulator: lazySimulator({ scenarios: M365_SCENARIO_IDS, maxPageSize: DEFAULT_RECORDS_PER_BLOB }, async () => (await import('./simulator/index.js')).microsoft365Simulator),
});
