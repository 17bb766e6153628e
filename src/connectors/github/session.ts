import type { ConnectorRuntime } from '../sdk/define-connector.js';
import { GithubAuth } from './auth.js';
import { GithubClient } from './client.js';
import { githubEndpoints, type GithubConfig, type GithubEndpoints } from './config.js';
import { githubHttpPolicy } from './http-policy.js';

/** What every stream, check and action of one GitHub connection shares: its token cache and client. */
export interface GithubSession {
  config: GithubConfig;
  endpoints: GithubEndpoints;
  auth: GithubAuth;
  client: GithubClient;
}

export function createGithubSession(config: GithubConfig, runtime: ConnectorRuntime): GithubSession {
  // The reset time of a primary limit is read on the instance's clock.
  const http = runtime.http.withPolicy(githubHttpPolicy(runtime.clock));
  if (config.privateKey) http.redactor.add(config.privateKey);
  if (config.token) http.redactor.add(config.token);
  const endpoints = githubEndpoints(config);
  const auth = new GithubAuth(http, config, endpoints, runtime.clock);
  return { config, endpoints, auth, client: new GithubClient(http, auth, config, endpoints) };
}
