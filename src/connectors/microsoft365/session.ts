import type { ConnectorRuntime } from '../sdk/define-connector.js';
import { M365TokenProvider } from './auth.js';
import { M365Client } from './client.js';
import { m365Endpoints, type M365Endpoints, type Microsoft365Config } from './config.js';
import { m365HttpPolicy, type M365Throttles } from './http-policy.js';

/** What streams, checks and actions of one connector instance share: its config, tokens and client. */
export interface M365Session {
  config: Microsoft365Config;
  endpoints: M365Endpoints;
  tokens: M365TokenProvider;
  client: M365Client;
  /** The Management API's AF429 back-offs so far (blob fetching slows down after them). */
  throttles: M365Throttles;
}

export function createM365Session(config: Microsoft365Config, runtime: ConnectorRuntime): M365Session {
  // A per-instance policy: the AF429 backoff counts this instance's consecutive throttles only.
  const throttles: M365Throttles = { backOffs: 0 };
  const http = runtime.http.withPolicy(m365HttpPolicy(runtime.clock, throttles));
  const endpoints = m365Endpoints(config);
  const tokens = new M365TokenProvider(http, config, endpoints, runtime.clock);
  const client = new M365Client(http, config, endpoints, tokens, runtime.clock, runtime.logger);
  return { config, endpoints, tokens, client, throttles };
}
