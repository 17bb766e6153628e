import googleWorkspace from '../src/connectors/google-workspace/index.js';
import { googleWorkspaceSimulator } from '../src/connectors/google-workspace/simulator/index.js';
import { readActivities } from '../src/connectors/sdk/conformance/read-activities.js';

/** The simulator's Admin SDK quota during the benchmark: Google's default, 2,400 queries a minute. */
const QUERIES_PER_MINUTE = 2400;
/** Reports' largest page. */
const PAGE = 1000;

/**
 * (d) A 7-day Reports backfill of the demo organisation against the Google Workspace simulator.
 *
 * - Request ratio: every request sent (token, the clock probe, activity pages, retries) divided by the least
 *   a complete backfill needs: one token, and per application one page per 1,000 events (at least one).
 * - Time ratio: wall time divided by the least the quota allows for those requests (`(minimum - burst) /
 *   rate`, with the connector's burst); on a tenant this small the bound is near zero, so the figure shows
 *   latency per request rather than throttling.
 */
export async function benchGoogleWorkspace(): Promise<Record<string, number>> {
  const now = Date.now();
  const sim = await googleWorkspaceSimulator.start({ seed: 3, frozenAt: now, historyDays: 7, queriesPerMinute: QUERIES_PER_MINUTE });
  try {
    const before = sim.stats();
    const started = performance.now();
    const { sourceIds } = await readActivities(googleWorkspace, sim.config, { now });
    const seconds = (performance.now() - started) / 1000;
    const requests = sim.stats().requests - before.requests;
    const truth = sim.truth().activityIds;
    const read = new Set(sourceIds);
    const perApp = new Map<string, number>();
    for (const id of truth) {
      const app = id.slice(id.lastIndexOf('/') + 1);
      perApp.set(app, (perApp.get(app) ?? 0) + 1);
    }
    const pages = googleWorkspace.configSchema.parse(sim.config).applications.reduce((sum, app) => sum + Math.max(1, Math.ceil((perApp.get(app) ?? 0) / PAGE)), 0);
    const minimumRequests = 1 + pages;
    const { burst, requestsPerSecond } = googleWorkspace.rateLimit;
    const lowerBoundSeconds = Math.max(0, minimumRequests - burst) / Math.min(requestsPerSecond, QUERIES_PER_MINUTE / 60);
    return {
      activities: truth.length,
      missing: truth.filter((id) => !read.has(id)).length,
      requests,
      minimumRequests,
      requestRatio: requests / minimumRequests,
      seconds,
      lowerBoundSeconds,
    };
  } finally {
    await sim.close();
  }
}
