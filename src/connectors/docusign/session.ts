import type { ConnectorRuntime } from '../sdk/define-connector.js';
import { DocusignAuth } from './auth.js';
import { DocusignClient } from './client.js';
import { docusignEndpoints, type DocusignConfig, type DocusignEndpoints } from './config.js';

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

/** Hosts a DocuSign connection may send credentials to. */
export function docusignAllowedHosts(config: DocusignConfig): string[] {
  if (config.environment === 'simulator') return ['loopback'];
  const base = new URL(config.accountBaseUri).hostname.toLowerCase();
  const demo = config.environment === 'demo';
  const hosts = demo
    ? ['account-d.docusign.com', 'api-d.docusign.net', 'lens-d.docusign.net', 'api-d.docusign.com', 'demo.docusign.net']
    : ['account.docusign.com', 'api.docusign.net', 'lens.docusign.net', 'api.docusign.com'];
  // Accounts live on several eSignature sites (na3.docusign.net, eu.docusign.net...): userinfo names them.
  return [...new Set([...hosts, base, '*.docusign.net'])];
}
