import type { ConnectorRuntime } from '../sdk/define-connector.js';
import type { AuthProvider } from '../sdk/http-client.js';
import { createAuth } from './auth.js';
import { ServiceNowClient } from './client.js';
import { serviceNowAllowedHosts, type ServiceNowConfig } from './config.js';

/** What every stream, check and action of one ServiceNow connection shares: the credential and the client. */
export interface ServiceNowSession {
  config: ServiceNowConfig;
  auth: AuthProvider;
  client: ServiceNowClient;
}

export function createServiceNowSession(config: ServiceNowConfig, runtime: ConnectorRuntime): ServiceNowSession {
  for (const secret of [config.password, config.clientSecret]) if (secret) runtime.http.redactor.add(secret);
  const auth = createAuth(config, runtime.http, () => Date.now(), runtime.signal);
  return { config, auth, client: new ServiceNowClient(runtime.http, auth, config) };
}

export { serviceNowAllowedHosts };
