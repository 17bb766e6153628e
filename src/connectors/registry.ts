import type { AnyConnector } from './sdk/define-connector.js';
import { loadAllConnectors } from './catalog.js';
import { registryOf } from './sdk/registry-of.js';

/**
 * Every connector's implementation, loaded (the list itself is catalog.ts). For code that wants all of them
 * at hand — tests, `serve`, sync; commands that list connectors use the catalog's descriptors instead, and
 * `loadConnector(id)` loads one.
 */
export const connectors: readonly AnyConnector[] = await loadAllConnectors();

export const registry = registryOf(connectors);
