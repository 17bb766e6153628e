import type { AnyConnector } from '../src/connectors/sdk/define-connector.js';
import { readActivities } from '../src/connectors/sdk/conformance/read-activities.js';

/**
 * (b) A full 7-day backfill against the connector's simulator at the provider's largest page: requests to
 * the activity endpoint divided by the minimum possible (events / max page size, rounded up). Auth and
 * discovery calls are reported separately, not hidden in the ratio.
 */
export async function benchBackfill(connector: AnyConnector, activityRoute: RegExp): Promise<{ events: number; streamRequests: number; minimum: number; ratio: number; otherRequests: number }> {
  const now = Date.now();
  const sim = await connector.simulator.start({ seed: 3, frozenAt: now, pageSize: connector.simulator.maxPageSize });
  try {
    const before = sim.stats();
    const { sourceIds } = await readActivities(connector, sim.config, { now });
    const after = sim.stats();
    const delta = (pattern: RegExp | null) =>
      Object.entries(after.byRoute)
        .filter(([route]) => (pattern ? pattern.test(route) : true))
        .reduce((sum, [route, n]) => sum + n - (before.byRoute[route] ?? 0), 0);
    const streamRequests = delta(activityRoute);
    const events = new Set(sourceIds).size;
    // A stream also needs one final request to learn it is caught up.
    const minimum = Math.ceil(events / connector.simulator.maxPageSize) + 1;
    return { events, streamRequests, minimum, ratio: streamRequests / minimum, otherRequests: delta(null) - streamRequests };
  } finally {
    await sim.close();
  }
}
