import type { ConnectorRuntime } from '../sdk/define-connector.js';
import type { AuthProvider } from '../sdk/http-client.js';
import { createAuth } from './auth.js';
import { OktaClient } from './client.js';
import { oktaAllowedHosts, type OktaConfig } from './config.js';
import { OktaPacer } from './pacing.js';

/** One pacer per connection (its HTTP client), so every session of a connection sees the same buckets. */
const pacers = new WeakMap<object, OktaPacer>();

function pacerOf(runtime: ConnectorRuntime): OktaPacer {
  let pacer = pacers.get(runtime.http);
  if (!pacer) pacers.set(runtime.http, (pacer = new OktaPacer(runtime.clock)));
  return pacer;
}

/** What every stream, check and action of one Okta connection shares: the credential and the client. */
export interface OktaSession {
  config: OktaConfig;
  auth: AuthProvider;
  client: OktaClient;
}

export function createOktaSession(config: OktaConfig, runtime: ConnectorRuntime): OktaSession {
  for (const secret of [config.apiToken, config.privateKey]) if (secret) runtime.http.redactor.add(secret);
  const auth = createAuth(config, runtime.http, () => Date.now(), runtime.signal);
  return { config, auth, client: new OktaClient(runtime.http, auth, config, pacerOf(runtime)) };
}

export { oktaAllowedHosts };
