import github from '../src/connectors/github/index.js';
import { githubSimulator } from '../src/connectors/github/simulator/index.js';
import { readActivities } from '../src/connectors/sdk/conformance/read-activities.js';

/**
 * The connector's budget during the benchmark, scaled down from 0.44/s with a burst of 150 to 2/s with a burst
 * of 2: the seeded org's 7-day audit log is a handful of pages, all inside the real burst, so at real figures
 * the lower bound is 0 s and the time comparison says nothing. Scaled, the bound is what the requests cost.
 */
const BUDGET = { requestsPerSecond: 2, burst: 2 } as const;

/**
 * (f) GitHub 7-day audit-log backfill against the simulator at GitHub's largest page (100): audit-log
 * requests ÷ the minimum (events / 100, rounded up), and wall time ÷ the lower bound the (scaled) rate limit
 * allows: every request sent, token and clock ones included, beyond the burst at the sustained rate.
 */
export async function benchGithub(): Promise<{ events: number; requests: number; minimum: number; requestRatio: number; seconds: number; lowerBoundSeconds: number; timeRatio: number; otherRequests: number }> {
  const now = Date.now();
  const sim = await githubSimulator.start({ seed: 3, frozenAt: now, pageSize: githubSimulator.maxPageSize });
  try {
    const before = sim.stats();
    const started = performance.now();
    const { sourceIds } = await readActivities({ ...github, rateLimit: BUDGET }, sim.config, { now });
    const seconds = (performance.now() - started) / 1000;
    const after = sim.stats();
    const delta = (pattern: RegExp | null) =>
      Object.entries(after.byRoute)
        .filter(([route]) => (pattern ? pattern.test(route) : true))
        .reduce((sum, [route, n]) => sum + n - (before.byRoute[route] ?? 0), 0);
    const requests = delta(/audit-log/);
    const events = new Set(sourceIds).size;
    const minimum = Math.max(1, Math.ceil(events / githubSimulator.maxPageSize));
    const all = delta(null);
    const lowerBoundSeconds = Math.max(0, all - BUDGET.burst) / BUDGET.requestsPerSecond;
    return { events, requests, minimum, requestRatio: requests / minimum, seconds, lowerBoundSeconds, timeRatio: seconds / lowerBoundSeconds, otherRequests: all - requests };
  } finally {
    await sim.close();
  }
}
