import type { ConnectorRuntime } from '../sdk/define-connector.js';
import { BoxAppAuth } from './auth.js';
import { BoxClient } from './client.js';
import { boxAllowedHosts, type BoxConfig } from './config.js';

/** What every stream, check and action of one Box connection shares: the app's token and the client. */
export interface BoxSession {
  config: BoxConfig;
  auth: BoxAppAuth;
  client: BoxClient;
}

export function createBoxSession(config: BoxConfig, runtime: ConnectorRuntime): BoxSession {
  for (const secret of [config.clientSecret, config.privateKey]) if (secret) runtime.http.redactor.add(secret);
  const auth = new BoxAppAuth(config, runtime.http, () => Date.now(), runtime.signal);
  return { config, auth, client: new BoxClient(runtime.http, auth, config) };
}

export { boxAllowedHosts };
