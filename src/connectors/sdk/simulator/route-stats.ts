import type { SimulatorStats } from './simulator.js';

/** A simulator's request counts per route, as `RunningSimulator.stats()` reports them. */
export function routeStats(byRoute: ReadonlyMap<string, number>): SimulatorStats {
  const counts = Object.fromEntries(byRoute);
  return { requests: Object.values(counts).reduce((a, b) => a + b, 0), byRoute: counts };
}
