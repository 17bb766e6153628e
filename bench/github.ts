import github from '../src/connectors/github/index.js';
import { githubSimulator } from '../src/connectors/github/simulator/index.js';
import { readActivities } from '../src/connectors/sdk/conformance/read-activities.js';

/**
 * (f) GitHub 7-day audit-log backfill against the simulator at GitHub's largest page (100): audit-log
 * requests ÷ the minimum (events / 100, rounded up), and wall time ÷ the lower bound the connector's
 * rate limit allows (requests beyond the governor's burst at its sustained rate).
 */
export async function benchGithub(): Promise<{ events: number; requests: number; minimum: number; requestRatio: number; seconds: number; lowerBoundSeconds: number; otherRequests: number }> {
  const now = Date.now();
  const sim = await githubSimulator.start({ seed: 3, frozenAt: now, pageSize: githubSimulator.maxPageSize });
  try {
    const before = sim.stats();
    const started = performance.now();
    const { sourceIds } = await readActivities(github, sim.config, { now });
    const seconds = (performance.now() - started) / 1000;
    const after = sim.stats();
    const delta = (pattern: RegExp | null) =>
      Object.entries(after.byRoute)
        .filter(([route]) => (pattern ? pattern.test(route) : true))
        .reduce((sum, [route, n]) => sum + n - (before.byRoute[route] ?? 0), 0);
    const requests = delta(/audit-log/);
    const events = new Set(sourceIds).size;
    const minimum = Math.max(1, Math.ceil(events / githubSimulator.maxPageSize));
    const { requestsPerSecond, burst } = github.rateLimit;
    const all = delta(null);
    return { events, requests, minimum, requestRatio: requests / minimum, seconds, lowerBoundSeconds: Math.max(0, all - burst) / requestsPerSecond, otherRequests: all - requests };
  } finally {
    await sim.close();
  }
}
