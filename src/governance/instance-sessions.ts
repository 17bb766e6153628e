import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import { ConfigError } from '../core/errors.js';
import type { AnyConnector, ConnectorRuntime } from '../connectors/sdk/define-connector.js';
import type { ConnectorRegistry } from '../connectors/sdk/registry-of.js';
import type { PlannedCall } from '../connectors/sdk/http-client.js';
import { createConnectorRuntime } from '../connectors/sdk/runtime.js';
import type { Store } from '../store/db.js';
import { findInstance, readInstanceConfig, type ConnectorInstance } from '../store/repos/connector-instances.js';

export interface OpenedInstance {
  instance: ConnectorInstance;
  connector: AnyConnector;
  config: unknown;
  session: unknown;
  runtime: ConnectorRuntime;
}

/**
 * A session with one connected app for one governance action. A disabled connection is refused with what
 * to do; a dry run gets a runtime that records changes instead of sending them.
 */
export async function openInstance(
  deps: { store: Store; registry: ConnectorRegistry; logger: Logger; clock: Clock },
  instanceId: string,
  options: { dryRun?: (call: PlannedCall) => void; signal?: AbortSignal } = {},
): Promise<OpenedInstance> {
  const instance = await findInstance(deps.store.db, instanceId);
  const connector = await deps.registry.load(instance.provider);
  if (!connector) throw new ConfigError(`Connection "${instance.name}" is of provider "${instance.provider}", which this version of Parapet does not know.`);
  if (instance.status === 'disabled') {
    throw new ConfigError(`Connection "${instance.name}" (${connector.displayName}) is disabled: nothing can be done through it. Re-enable it with \`parapet enable ${instance.name}\` first.`);
  }
  const raw = await readInstanceConfig(deps.store.db, deps.store.secrets, instance.id);
  const parsed = connector.configSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`Stored config of "${instance.name}" is no longer valid: reconnect it with \`parapet connect ${connector.id} --name ${instance.name} --replace\`.`);
  const runtime = createConnectorRuntime(connector, parsed.data, {
    logger: deps.logger.child({ connector: instance.name, component: 'governance' }),
    clock: deps.clock,
    ...(options.dryRun ? { dryRun: options.dryRun } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return { instance, connector, config: parsed.data, session: connector.createSession(parsed.data, runtime), runtime };
}
