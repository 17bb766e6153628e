import type { AuthProvider } from '../sdk/http-client.js';

/**
 * A Slack user token as a bearer credential. Slack's org tokens do not expire on their own (token rotation
 * is opt-in), so there is nothing to refresh: a 401 is retried once by the client and then reported.
 */
export function bearerToken(token: string, hosts: readonly string[]): AuthProvider {
  return {
    hosts,
    headers: async () => ({ authorization: `Bearer ${token}` }),
    invalidate: () => undefined,
  };
}
