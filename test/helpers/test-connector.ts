import { connectors } from '../../src/connectors/registry.js';
import type { AnyConnector, IncrementalStream, SnapshotStream } from '../../src/connectors/sdk/define-connector.js';
import type { ConnectorRegistry } from '../../src/sync/sync-service.js';

/**
 * The DocuSign connector (its config, session and normaliser) with streams written by a test: the sync's own
 * logic is exercised against a real store with no network in the way.
 */
export function connectorWithStreams(streams: Record<string, IncrementalStream<unknown> | SnapshotStream<unknown>>): { connector: AnyConnector; registry: ConnectorRegistry } {
  const base = connectors.find((c) => c.id === 'docusign') as AnyConnector;
  const connector = { ...base, streams } as AnyConnector;
  return { connector, registry: { get: (provider) => (provider === connector.id ? connector : undefined), list: () => [connector] } };
}
