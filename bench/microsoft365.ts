import microsoft365 from '../src/connectors/microsoft365/index.js';
import { microsoft365Simulator } from '../src/connectors/microsoft365/simulator/index.js';
import { readActivities } from '../src/connectors/sdk/conformance/read-activities.js';
import { DAY } from '../src/core/clock.js';

/**
 * The simulator's limits during the benchmark. The Management API pool is scaled down from Microsoft's
 * 2,000 requests a minute to 1,500 (25 a second: less than the 30 the connector paces itself to, so the
 * simulator's AF429 is what holds it back, as when other apps share the tenant's quota), with a burst of
 * 100 rather than a whole minute's quota, so a backfill of ~1,500 requests lasts about a minute. Graph's
 * audit-log limit is Microsoft's own.
 */
const LIMITS = {
  managePerMinute: 1500,
  manageBurst: 100,
  auditLogsPer10Seconds: 5,
  /** Content blobs per listing page and sign-ins per Graph page (both Microsoft's maximum). */
  blobsPerPage: 100,
  signInsPerPage: 1000,
} as const;

/** Calls a sync needs besides listings, blobs and sign-in pages: a token per API, the subscription list, a start per content type. */
const TOKEN_REQUESTS = 2;

export interface Microsoft365BenchOptions {
  /** Member users of the simulated tenant. @default 2000 */
  users?: number;
}

/**
 * (d) A 7-day backfill of a 2,000-user tenant against the Microsoft 365 simulator at its throttling limits.
 *
 * - Time ratio: the backfill's wall time divided by the least time the simulator's rate limits allow for
 *   the least requests. The two APIs are throttled apart, so the bound is the longer of the two pools'
 *   `(requests - burst) / rate`; latency is not in it.
 * - Request ratio: every request the backfill sent (tokens, subscriptions, listings, blobs, sign-in pages,
 *   retries and throttled ones included) divided by the least a complete backfill needs: 2 tokens, the
 *   subscription list and one start per content type, per content type at least one listing per 24-hour
 *   window and one per 100 blobs, one GET per blob listed, and one Graph page per 1,000 sign-ins.
 */
export async function benchMicrosoft365(options: Microsoft365BenchOptions = {}): Promise<Record<string, number>> {
  const users = options.users ?? 2000;
  const now = Date.now();
  const sim = await microsoft365Simulator.start({
    seed: 3,
    frozenAt: now,
    users,
    // The 7-day backfill reads no further back; older history would only cost memory.
    historyDays: 7,
    blobsPerPage: LIMITS.blobsPerPage,
    manageRequestsPerMinute: LIMITS.managePerMinute,
    manageBurst: LIMITS.manageBurst,
    auditLogsRequestsPer10Seconds: LIMITS.auditLogsPer10Seconds,
  });
  try {
    const volume = sim.backfillVolume();
    const before = sim.stats();
    const started = performance.now();
    const { sourceIds } = await readActivities(microsoft365, sim.config, { now });
    const seconds = (performance.now() - started) / 1000;
    const after = sim.stats();
    const requests = after.requests - before.requests;
    const read = new Set(sourceIds);
    const missing = [...new Set(sim.truth().activityIds)].filter((id) => !read.has(id)).length;

    const contentTypes = Object.values(volume.blobs);
    const windows = Math.ceil((volume.end - volume.contentStart) / DAY);
    const listings = contentTypes.reduce((sum, blobs) => sum + Math.max(windows, Math.ceil(blobs / LIMITS.blobsPerPage)), 0);
    const blobs = contentTypes.reduce((sum, n) => sum + n, 0);
    const subscriptionCalls = 1 + contentTypes.length;
    const signInPages = Math.max(1, Math.ceil(volume.signIns / LIMITS.signInsPerPage));
    const manageMinimum = subscriptionCalls + listings + blobs;
    const minimumRequests = TOKEN_REQUESTS + manageMinimum + signInPages;

    const manageSeconds = Math.max(0, manageMinimum - LIMITS.manageBurst) / (LIMITS.managePerMinute / 60);
    const graphSeconds = Math.max(0, signInPages - LIMITS.auditLogsPer10Seconds) / (LIMITS.auditLogsPer10Seconds / 10);
    const lowerBoundSeconds = Math.max(manageSeconds, graphSeconds);
    const throttled = sim.throttledRequests();
    return {
      users,
      activities: read.size,
      missing,
      seconds,
      lowerBoundSeconds,
      manageLowerBoundSeconds: manageSeconds,
      graphLowerBoundSeconds: graphSeconds,
      timeRatio: seconds / lowerBoundSeconds,
      requests,
      minimumRequests,
      requestRatio: requests / minimumRequests,
      listings: (after.byRoute['GET /api/v1.0/:tenant/activity/feed/subscriptions/content'] ?? 0) + (after.byRoute['GET /api/v1/:tenant/activity/feed/subscriptions/content'] ?? 0),
      minimumListings: listings,
      blobGets: after.byRoute['GET /api/v1.0/:tenant/activity/feed/audit/:contentId'] ?? 0,
      blobs,
      signInRequests: after.byRoute['GET /v1.0/auditLogs/signIns'] ?? 0,
      signInPages,
      tokenRequests: after.byRoute['POST /:tenant/oauth2/v2.0/token'] ?? 0,
      throttledManage: throttled.manage,
      throttledGraph: throttled.auditLogs,
    };
  } finally {
    await sim.close();
  }
}
