import type { ConnectorRuntime } from '../sdk/define-connector.js';
import { SalesforceAuth } from './auth.js';
import { SalesforceClient } from './client.js';
import type { SalesforceConfig } from './config.js';

/** What every stream, check and action of one Salesforce connection shares. */
export interface SalesforceSession {
  config: SalesforceConfig;
  auth: SalesforceAuth;
  client: SalesforceClient;
}

export function createSalesforceSession(config: SalesforceConfig, runtime: ConnectorRuntime): SalesforceSession {
  runtime.http.redactor.add(config.privateKey);
  const auth = new SalesforceAuth({ config, http: runtime.http, signal: runtime.signal });
  return { config, auth, client: new SalesforceClient(runtime.http, auth, config) };
}
