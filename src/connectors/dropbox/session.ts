import type { ConnectorRuntime } from '../sdk/define-connector.js';
import { RefreshTokenAuth } from './auth.js';
import { DropboxClient } from './client.js';
import { dropboxEndpoints, type DropboxConfig, type DropboxEndpoints } from './config.js';

/** What every stream, check and action of one Dropbox connection shares. */
export interface DropboxSession {
  config: DropboxConfig;
  endpoints: DropboxEndpoints;
  client: DropboxClient;
}

export function createDropboxSession(config: DropboxConfig, runtime: ConnectorRuntime): DropboxSession {
  runtime.http.redactor.add(config.appSecret);
  runtime.http.redactor.add(config.refreshToken);
  const endpoints = dropboxEndpoints(config);
  const auth = new RefreshTokenAuth(config, endpoints, runtime.http, () => runtime.clock.now(), runtime.signal);
  return { config, endpoints, client: new DropboxClient(runtime.http, auth, config, endpoints) };
}
