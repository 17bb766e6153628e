import type { AuthProvider } from '../sdk/http-client.js';

/**
 * The organisation API key as a bearer credential. Keys expire (a week by default, a year at most) and
 * cannot be refreshed through the API: a 401 is retried once by the client and then reported.
 */
export function orgApiKey(apiKey: string, hosts: readonly string[]): AuthProvider {
  return {
    hosts,
    headers: async () => ({ authorization: `Bearer ${apiKey}` }),
    invalidate: () => undefined,
  };
}
