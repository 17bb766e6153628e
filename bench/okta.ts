import okta from '../src/connectors/okta/index.js';
import { oktaSimulator } from '../src/connectors/okta/simulator/index.js';
import { readActivities } from '../src/connectors/sdk/conformance/read-activities.js';
import { DAY } from '../src/core/clock.js';

/**
 * (d)-style figures for Okta: a 30-day System Log backfill at Okta's largest page (1,000) with the System Log
 * bucket scaled down to `logsPerMinute` (Okta: 120/min; scaled so the bucket, not the loopback, decides the
 * time, and the run still takes only a few minutes).
 *
 * - Request ratio: System Log requests sent (retries and 429s included) ÷ the least a complete read needs
 *   (events / 1,000 rounded up; one more only when the last page is full, as a short page ends the read).
 * - Time ratio: wall time ÷ the least the bucket allows. Okta's buckets are fixed per-minute windows, so the
 *   n-th request (from 0) can go no earlier than the start of window floor(n / limit) after the first one's.
 */
export async function benchOkta(options: { logsPerMinute?: number } = {}): Promise<Record<string, number>> {
  const logsPerMinute = options.logsPerMinute ?? 2;
  const now = Date.now();
  const sim = await oktaSimulator.start({ seed: 3, frozenAt: now, pageSize: oktaSimulator.maxPageSize, rateLimits: { logsPerMinute } });
  try {
    const before = sim.stats().byRoute['GET /api/v1/logs'] ?? 0;
    const started = Date.now();
    const { sourceIds } = await readActivities(okta, sim.config, { now: now - 23 * DAY });
    const seconds = (Date.now() - started) / 1000;
    const requests = (sim.stats().byRoute['GET /api/v1/logs'] ?? 0) - before;
    const events = new Set(sourceIds).size;
    // A page shorter than the limit ends the read; only a log that fills its last page needs one more request.
    const minimum = Math.ceil(events / oktaSimulator.maxPageSize) + (events % oktaSimulator.maxPageSize === 0 ? 1 : 0);
    const windowStart = Math.floor(started / 60_000) * 60_000;
    const lastWindow = Math.floor((minimum - 1) / logsPerMinute);
    const lowerBoundSeconds = Math.max(0.001, (windowStart + lastWindow * 60_000 - started) / 1000);
    return { events, requests, minimum, requestRatio: requests / minimum, seconds, lowerBoundSeconds, timeRatio: seconds / lowerBoundSeconds, logsPerMinute };
  } finally {
    await sim.close();
  }
}
