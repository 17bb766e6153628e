import type { AnyConnector } from './define-connector.js';

/** Where every layer (sync, governance, posture, the API) finds a provider's connector implementation. */
export interface ConnectorRegistry {
  get(provider: string): AnyConnector | undefined;
  list(): readonly AnyConnector[];
  /** A provider's implementation, loaded first where the registry holds only some (a CLI command's: catalog.ts). */
  load(provider: string): Promise<AnyConnector | undefined>;
}

/** A registry over a list of connectors: the built-in one (registry.ts), or a test's own selection. */
export function registryOf(connectors: readonly AnyConnector[]): ConnectorRegistry {
  const get = (provider: string) => connectors.find((c) => c.id === provider);
  return { get, list: () => connectors, load: async (provider) => get(provider) };
}
