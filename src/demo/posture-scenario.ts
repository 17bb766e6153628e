import type { Logger } from 'pino';
import { errorMessage } from '../core/errors.js';
import type { ConnectorInstance } from '../store/repos/connector-instances.js';
import type { AnyConnector } from '../connectors/sdk/define-connector.js';
import type { SyncSummary } from '../sync/sync-service.js';
import type { DemoConnection } from './workspace.js';

/**
 * The demo's posture-drift scenario: every simulator that has one weakens some security settings at run time,
 * and its settings are read again (`resync`), so posture sees a pass turn into a fail and raises drift alerts.
 * Resolves with the names of the connections it weakened, in order. `parapet demo --once` runs it between two
 * syncs; `parapet serve --demo` once, after the first settings sync ({@link scheduleDemoPostureDrift}).
 */
export async function runDemoPostureDrift(connections: readonly DemoConnection[], resync: (instanceId: string) => Promise<unknown>): Promise<string[]> {
  const weakened: string[] = [];
  for (const connection of connections) {
    if (!connection.simulator.weakenPosture) continue;
    connection.simulator.weakenPosture();
    await resync(connection.instanceId);
    weakened.push(connection.name);
  }
  return weakened;
}

export interface ScheduledPostureDrift {
  /** Give it every sync summary (the scheduler's onSynced). */
  onSynced(summary: SyncSummary): void;
  /** Resolves with the weakened connections once the scenario ran (never, before every first settings sync). */
  readonly done: Promise<string[]>;
  /** Cancels a scenario not yet started and waits for one in progress. */
  stop(): Promise<void>;
}

/**
 * Runs {@link runDemoPostureDrift} once, `delayMs` after every connection with a drift scenario (DocuSign and
 * Microsoft 365 in the demo) had its first successful settings sync: the portal first shows the settings as
 * seeded, then the drift alerts.
 */
export function scheduleDemoPostureDrift(options: {
  connections: readonly DemoConnection[];
  connectorFor: (instance: ConnectorInstance) => AnyConnector;
  resync: (instanceId: string) => Promise<unknown>;
  logger: Logger;
  delayMs: number;
}): ScheduledPostureDrift {
  const waiting = new Set(options.connections.filter((c) => c.simulator.weakenPosture).map((c) => c.instanceId));
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<string[]> | null = null;
  let stopped = false;
  let resolveDone: (names: string[]) => void = () => undefined;
  const done = new Promise<string[]>((resolve) => (resolveDone = resolve));
  const start = () => {
    timer = null;
    if (stopped) return;
    running = runDemoPostureDrift(options.connections, options.resync).then(
      (names) => {
        options.logger.info({ connectors: names }, 'demo scenario: security settings weakened and read again (posture drift alerts follow)');
        resolveDone(names);
        return names;
      },
      (error: unknown) => {
        options.logger.error({ err: errorMessage(error) }, 'demo scenario: the posture drift could not run');
        return [];
      },
    );
  };
  return {
    done,
    onSynced(summary) {
      if (!waiting.has(summary.instance.id)) return;
      const streams = options.connectorFor(summary.instance).streams;
      if (!summary.streams.some((s) => s.ok && streams[s.stream]?.entity === 'settings')) return;
      waiting.delete(summary.instance.id);
      if (waiting.size === 0 && !stopped && !timer && !running) timer = setTimeout(start, options.delayMs);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
