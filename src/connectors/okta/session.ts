import type { ConnectorRuntime } from '../sdk/define-connector.js';
import type { AuthProvider } from '../sdk/http-client.js';
import { createAuth } from './auth.js';
import { OktaClient } from './client.js';
import { oktaAllowedHosts, type OktaConfig } from './config.js';

/** What every stream, check and action of one Okta connection shares: the credential and the client. */
export interface OktaSession {
  config: OktaConfig;
  auth: AuthProvider;
  client: OktaClient;
}

export function createOktaSession(config: OktaConfig, runtime: ConnectorRuntime): OktaSession {
  for (const secret of [config.apiToken, config.privateKey]) if (secret) runtime.http.redactor.add(secret);
  const auth = createAuth(config, runtime.http, () => Date.now(), runtime.signal);
  return { config, auth, client: new OktaClient(runtime.http, auth, config) };
}

export { oktaAllowedHosts };
