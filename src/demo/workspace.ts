import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import type { RunningSimulator } from '../connectors/sdk/simulator/simulator.js';
import type { Store } from '../store/db.js';
import { createInstance, listInstances, replaceInstanceConfig, setInstanceStatus } from '../store/repos/connector-instances.js';
import { addIpRange, listIpRanges } from '../store/repos/ip-ranges.js';
import { CORPORATE_VPN } from '../connectors/microsoft365/simulator/places.js';
import { DEMO_PROVIDERS } from './demo-config.js';
import { seedDemoGovernance } from './governance-policies.js';
import type { ConnectorRegistry } from '../connectors/sdk/registry-of.js';

export interface DemoConnection {
  name: string;
  provider: string;
  instanceId: string;
  simulator: RunningSimulator<unknown>;
}

export interface DemoWorkspace {
  connections: DemoConnection[];
  close(): Promise<void>;
}

export const DEMO_PREFIX = 'demo-';

export { DEMO_CONFIG } from './demo-config.js';

/**
 * The demo workspace: the simulators of the DEMO_PROVIDERS, started locally with a seeded tenant, and a
 * `demo-<provider>` connection to each. Restarting re-points the existing demo connections at the new
 * simulators, so their history and checkpoints carry on.
 */
export async function startDemoWorkspace(options: {
  store: Store;
  registry: ConnectorRegistry;
  clock: Clock;
  logger: Logger;
  seed?: number;
  /** Stops the simulators' time at this epoch ms, as a test's manual clock stops Parapet's. @default undefined (live) */
  frozenAt?: number;
}): Promise<DemoWorkspace> {
  const { store, registry, clock } = options;
  await seedDemoGovernance(store.db, clock.now());
  // The demo organisation's business VPN gateway, tagged as its own VPN as its admin would
  // (`parapet intel range add <cidr> --tag vpn`): staff switching it on is not an anonymous IP or a stolen session.
  if (!(await listIpRanges(store.db)).some((r) => r.cidr === CORPORATE_VPN.cidr)) {
    await addIpRange(store.db, { cidr: CORPORATE_VPN.cidr, tag: 'vpn', label: CORPORATE_VPN.label, now: clock.now() });
  }
  const existing = new Map((await listInstances(store.db)).map((i) => [i.name, i]));
  const connections: DemoConnection[] = [];
  try {
    for (const connector of registry.list().filter((c) => DEMO_PROVIDERS.includes(c.id))) {
      const simulator = await connector.simulator.start({ seed: options.seed ?? 1, ...(options.frozenAt === undefined ? {} : { frozenAt: options.frozenAt }) });
      const name = `${DEMO_PREFIX}${connector.id}`;
      const found = existing.get(name);
      let instanceId: string;
      if (found) {
        await replaceInstanceConfig(store.db, store.secrets, found.id, simulator.config, clock.now());
        if (found.status !== 'disabled') await setInstanceStatus(store.db, found.id, { status: 'connecting', now: clock.now() });
        instanceId = found.id;
      } else {
        instanceId = (await createInstance(store.db, store.secrets, { name, provider: connector.id, config: simulator.config, now: clock.now() })).id;
      }
      connections.push({ name, provider: connector.id, instanceId, simulator });
      options.logger.info({ connector: name, urls: simulator.urls }, 'demo simulator started');
    }
  } catch (error) {
    await Promise.allSettled(connections.map((c) => c.simulator.close()));
    throw error;
  }
  return {
    connections,
    close: async () => {
      await Promise.allSettled(connections.map((c) => c.simulator.close()));
    },
  };
}
