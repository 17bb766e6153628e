import type { ConnectorRuntime } from '../sdk/define-connector.js';
import { GoogleAuth } from './auth.js';
import { GoogleActionClient, GoogleClient } from './client.js';
import { googleEndpoints, type GoogleEndpoints, type GoogleWorkspaceConfig } from './config.js';
import { googleHttpPolicy } from './http-policy.js';
import { ACTION_SCOPES, READ_SCOPES } from './scopes.js';

/** What every stream, check and action of one Google Workspace connection shares. */
export interface GoogleSession {
  config: GoogleWorkspaceConfig;
  endpoints: GoogleEndpoints;
  auth: GoogleAuth;
  client: GoogleClient;
  /** Governance actions: a token with the write scopes, minted only when an action runs. */
  actions: GoogleActionClient;
}

export function createGoogleSession(config: GoogleWorkspaceConfig, runtime: ConnectorRuntime): GoogleSession {
  const endpoints = googleEndpoints(config);
  runtime.http.redactor.add(config.privateKey);
  // A hand-built runtime (tests, scripts) gets Google's error wording and quota handling too.
  const http = runtime.http.withPolicy(googleHttpPolicy);
  const auth = new GoogleAuth({ config, endpoints, http, scopes: READ_SCOPES, signal: runtime.signal });
  const actionAuth = new GoogleAuth({ config, endpoints, http, scopes: ACTION_SCOPES, signal: runtime.signal });
  return { config, endpoints, auth, client: new GoogleClient(http, auth, config, endpoints), actions: new GoogleActionClient(http, actionAuth, endpoints) };
}

export function googleAllowedHosts(config: GoogleWorkspaceConfig): string[] {
  if (config.environment === 'simulator') return ['loopback'];
  return ['oauth2.googleapis.com', 'admin.googleapis.com', 'cloudidentity.googleapis.com'];
}
