import type { FastifyInstance } from 'fastify';
import { FaultInjector } from './fault-injector.js';
import { listenOnLoopback, type LoopbackOptions } from './listen.js';

/** A simulator's server once it listens: what every `RunningSimulator` is built around. */
export interface StartedSimulator {
  /** `http://127.0.0.1:<port>`. */
  baseUrl: string;
  /** The server's fault injector, seeded with the simulator's seed. */
  faults: FaultInjector;
  /** Runs `cleanup` (temporary files, timers) when the simulator closes, before its server stops. */
  onClose(cleanup: () => void): void;
  /** Stops the server (after the cleanups); later calls do nothing. */
  close(): Promise<void>;
}

/**
 * The start-up every simulator shares: a fault injector seeded with `options.seed` (default 1), the server
 * `build` makes around it, listening on 127.0.0.1 (`options.port`, `options.latencyMs`), and a close that
 * runs once.
 */
export async function startSimulator(options: LoopbackOptions & { seed?: number | undefined }, build: (faults: FaultInjector) => FastifyInstance): Promise<StartedSimulator> {
  const faults = new FaultInjector(options.seed ?? 1);
  const app = build(faults);
  const baseUrl = await listenOnLoopback(app, options);
  const cleanups: (() => void)[] = [];
  let closed = false;
  return {
    baseUrl,
    faults,
    onClose: (cleanup) => {
      cleanups.push(cleanup);
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const cleanup of cleanups) cleanup();
      await app.close();
    },
  };
}
