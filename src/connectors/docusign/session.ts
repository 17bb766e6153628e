import type { ConnectorRuntime } from '../sdk/define-connector.js';
import { DocusignAuth } from './auth.js';
import { DocusignClient } from './client.js';
import { docusignEndpoints, type DocusignConfig, type DocusignEndpoints } from './config.js';
import { docusignHostsForAudience } from './hosts.js';

/** What every stream, check and action of one DocuSign connection shares: the token cache and the client. */
export interface DocusignSession {
  config: DocusignConfig;
  endpoints: DocusignEndpoints;
  auth: DocusignAuth;
  client: DocusignClient;
}

export function createDocusignSession(config: DocusignConfig, runtime: ConnectorRuntime): DocusignSession {
  const endpoints = docusignEndpoints(config);
  // The runtime's redactor already knows the secret fields; adding the key again costs nothing and keeps
  // a hand-built runtime (tests, scripts) just as safe.
  runtime.http.redactor.add(config.privateKey);
  const auth = new DocusignAuth({ config, endpoints, http: runtime.http, signal: runtime.signal });
  return { config, endpoints, auth, client: new DocusignClient(runtime.http, auth, config, endpoints) };
}

/** Hosts a DocuSign connection may send credentials to: those of its environment's token audience. */
export function docusignAllowedHosts(config: DocusignConfig): string[] {
  return docusignHostsForAudience(docusignEndpoints(config).audience);
}
