import type { AnyConnector } from './define-connector.js';

/** A registry over a list of connectors: the built-in one (registry.ts), or a test's own selection. */
export function registryOf(connectors: readonly AnyConnector[]): {
  get(provider: string): AnyConnector | undefined;
  list(): readonly AnyConnector[];
  load(provider: string): Promise<AnyConnector | undefined>;
} {
  const get = (provider: string) => connectors.find((c) => c.id === provider);
  return { get, list: () => connectors, load: async (provider) => get(provider) };
}
