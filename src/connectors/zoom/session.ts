import type { ConnectorRuntime } from '../sdk/define-connector.js';
import { ZoomTokenProvider } from './auth.js';
import { ZoomClient } from './client.js';
import { zoomAllowedHosts, zoomEndpoints, type ZoomConfig, type ZoomEndpoints } from './config.js';

/** What every stream, check and action of one Zoom connection shares. */
export interface ZoomSession {
  config: ZoomConfig;
  endpoints: ZoomEndpoints;
  tokens: ZoomTokenProvider;
  client: ZoomClient;
}

export function createZoomSession(config: ZoomConfig, runtime: ConnectorRuntime): ZoomSession {
  runtime.http.redactor.add(config.clientSecret);
  const endpoints = zoomEndpoints(config);
  const hosts = zoomAllowedHosts(config);
  const apiHosts = config.environment === 'simulator' ? hosts : ['api.zoom.us'];
  const tokens = new ZoomTokenProvider(runtime.http, config, endpoints, runtime.clock, apiHosts);
  const client = new ZoomClient(runtime.http, tokens.auth(), config, endpoints);
  return { config, endpoints, tokens, client };
}
