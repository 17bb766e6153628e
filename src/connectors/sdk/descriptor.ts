import type { AnyConnector, ConnectorDefinition } from './define-connector.js';

/**
 * What is known about a connector without loading it: what listing commands (`parapet connectors
 * --available`, `parapet help connectors`, `parapet connect`'s flags) show and validate. Each connector keeps
 * these in its `descriptor.ts`, and its `index.ts` spreads the very same objects into its definition.
 */
export type ConnectorFacts<C> = Pick<
  ConnectorDefinition<C, unknown>,
  'id' | 'displayName' | 'capabilities' | 'multiInstance' | 'configSchema' | 'secretFields' | 'identityProvider' | 'prerequisites' | 'consentUrlTemplate'
>;

/** The keys of ConnectorFacts, for code (and the drift test) that walks them. */
export const FACT_KEYS = [
  'id',
  'displayName',
  'capabilities',
  'multiInstance',
  'configSchema',
  'secretFields',
  'identityProvider',
  'prerequisites',
  'consentUrlTemplate',
] as const satisfies readonly (keyof ConnectorFacts<unknown>)[];

/** A connector's facts, and its implementation (streams, normaliser, actions, checks) behind a dynamic import. */
export type ConnectorDescriptor<C = unknown> = Readonly<ConnectorFacts<C>> & {
  /** Imports the connector's implementation (once: the module is cached). */
  load(): Promise<AnyConnector>;
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- erasure point for the catalog, as AnyConnector
export type AnyDescriptor = ConnectorDescriptor<any>;

/** Exists for type inference: `export default describeConnector<Config>({...}, async () => (await import('./index.js')).default)`. */
export function describeConnector<C>(facts: ConnectorFacts<C>, load: () => Promise<AnyConnector>): ConnectorDescriptor<C> {
  return Object.freeze({ ...facts, load });
}

/** The facts of a descriptor without its loader: what an `index.ts` spreads into `defineConnector`. */
export function factsOf<C>(descriptor: ConnectorDescriptor<C>): ConnectorFacts<C> {
  const { load: _load, ...facts } = descriptor;
  return facts;
}

/** What code that needs only the facts accepts: a descriptor or a loaded connector. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- erasure point, as AnyConnector
export type AnyFacts = ConnectorFacts<any>;
