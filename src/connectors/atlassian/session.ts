import type { ConnectorRuntime } from '../sdk/define-connector.js';
import { orgApiKey } from './auth.js';
import { AtlassianClient } from './client.js';
import { atlassianAllowedHosts, type AtlassianConfig } from './config.js';

/** What every stream, check and action of one Atlassian organisation connection shares. */
export interface AtlassianSession {
  config: AtlassianConfig;
  client: AtlassianClient;
}

export function createAtlassianSession(config: AtlassianConfig, runtime: ConnectorRuntime): AtlassianSession {
  runtime.http.redactor.add(config.apiKey);
  const client = new AtlassianClient(runtime.http, orgApiKey(config.apiKey, atlassianAllowedHosts(config)), config);
  return { config, client };
}
