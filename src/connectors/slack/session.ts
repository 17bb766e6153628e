import type { ConnectorRuntime } from '../sdk/define-connector.js';
import { bearerToken } from './auth.js';
import { SlackClient } from './client.js';
import { slackAllowedHosts, slackEndpoints, type SlackConfig, type SlackEndpoints } from './config.js';

/** What every stream, check and action of one Slack connection shares. */
export interface SlackSession {
  config: SlackConfig;
  endpoints: SlackEndpoints;
  client: SlackClient;
}

export function createSlackSession(config: SlackConfig, runtime: ConnectorRuntime): SlackSession {
  runtime.http.redactor.add(config.auditToken);
  runtime.http.redactor.add(config.adminToken);
  const endpoints = slackEndpoints(config);
  const hosts = slackAllowedHosts(config);
  const client = new SlackClient(runtime.http, bearerToken(config.auditToken, hosts), bearerToken(config.adminToken, hosts), config, endpoints);
  return { config, endpoints, client };
}
