import type { AnyConnector } from './define-connector.js';

/** A registry over a list of connectors: the built-in one (registry.ts), or a test's own selection. */
export function registryOf(connectors: readonly AnyConnector[]): { get(provider: string): AnyConnector | undefined; list(): readonly AnyConnector[] } {
  return {
    get: (provider) => connectors.find((c) => c.id === provider),
    list: () => connectors,
  };
}
