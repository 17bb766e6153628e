import { afterEach, describe, expect, it, vi } from 'vitest';
import { readActivities } from '../sdk/conformance/read-activities.js';
import okta from './index.js';
import { bucketOf } from './pacing.js';
import { oktaSimulator } from './simulator/index.js';

describe('Okta pacing by X-Rate-Limit-Remaining / -Reset', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a System Log backfill over a 2/min bucket that spans two windows takes no 429: the third page waits for the reset', async () => {
    // Only Date is faked (the simulator's minute windows and our clock both read it) and it runs on with real
    // time, so HTTP and timers stay real: starting 2.5 s before a minute boundary makes the read cross it quickly.
    // A fixed time of day: the simulator's day of history (and so the number of pages) depends on it, and a
    // boundary taken from the wall clock made the page count change with the hour the test ran at.
    const boundary = Date.UTC(2026, 11, 3, 23, 40, 0);
    vi.useFakeTimers({ toFake: ['Date'], now: boundary - 2_500, shouldAdvanceTime: true, advanceTimeDelta: 5 });
    const now = Date.now();
    const sim = await oktaSimulator.start({ seed: 3, frozenAt: now, historyDays: 1, pageSize: 100, rateLimits: { logsPerMinute: 2 } });
    try {
      const { pageSizes, runtime } = await readActivities(okta, sim.config, { now });
      const logRequests = sim.stats().byRoute['GET /api/v1/logs'] ?? 0;
      // Two pages fit the first window; the rest only fit the next one, which the read must wait for.
      expect(pageSizes.length).toBe(3);
      expect(Date.now()).toBeGreaterThanOrEqual(boundary);
      expect(runtime.http.requestsRetried).toBe(0);
      expect(logRequests).toBe(pageSizes.length);
    } finally {
      await sim.close();
    }
  }, 30_000);

  it('buckets calls by endpoint family, as Okta counts them', () => {
    expect(bucketOf(new URL('https://x.okta.com/api/v1/logs?after=1'))).toBe('/api/v1/logs');
    expect(bucketOf(new URL('https://x.okta.com/api/v1/users/00u1/roles'))).toBe('/api/v1/users');
    expect(bucketOf(new URL('https://x.okta.com/oauth2/v1/token'))).toBe('/oauth2/v1');
  });
});
