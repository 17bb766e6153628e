import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { SQLITE, useTestDatabase, type TestDialect } from './dialects.js';
import type { Clock } from '../../src/core/clock.js';
import { docusignSimulator } from '../../src/connectors/docusign/simulator/index.js';
import type { RunningSimulator } from '../../src/connectors/sdk/simulator/simulator.js';
import { openStore, type Store } from '../../src/store/db.js';
import { createInstance } from '../../src/store/repos/connector-instances.js';
import { connectors } from '../../src/connectors/registry.js';
import type { AnyConnector, IncrementalStream, SnapshotStream } from '../../src/connectors/sdk/define-connector.js';
import { registryOf, type ConnectorRegistry } from '../../src/connectors/sdk/registry-of.js';

/**
 * The DocuSign connector (its config, session and normaliser) with streams written by a test: the sync's own
 * logic is exercised against a real store with no network in the way.
 */
export function connectorWithStreams(streams: Record<string, IncrementalStream<unknown> | SnapshotStream<unknown>>): { connector: AnyConnector; registry: ConnectorRegistry } {
  const base = connectors.find((c) => c.id === 'docusign') as AnyConnector;
  const connector = { ...base, streams } as AnyConnector;
  return { connector, registry: registryOf([connector]) };
}

/**
 * A fresh store per test holding one DocuSign instance named `c` (a frozen simulator, started once per file,
 * gives it a valid config; streams from {@link connectorWithStreams} never call it).
 */
export function useInstanceStore(clock: Clock, dialect: TestDialect = SQLITE): { store: () => Store; instanceId: () => string } {
  const database = useTestDatabase(dialect);
  let sim: RunningSimulator<unknown>;
  let dir = '';
  let store: Store;
  let instanceId = '';
  beforeAll(async () => {
    sim = await docusignSimulator.start({ frozenAt: clock.now() });
  });
  afterAll(async () => {
    await sim.close();
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parapet-sync-'));
    store = await openStore({ dataDir: dir, databaseUrl: database.databaseUrl });
    instanceId = (await createInstance(store.db, store.secrets, { name: 'c', provider: 'docusign', config: sim.config, now: clock.now() })).id;
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { store: () => store, instanceId: () => instanceId };
}
