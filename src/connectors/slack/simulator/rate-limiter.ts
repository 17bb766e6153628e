import { TokenBuckets, type BucketLimit } from '../../sdk/simulator/token-bucket.js';

/** A Slack tier: sustained requests per minute (Slack's tier figure) and how many at once after a quiet spell ("occasional bursts"). */
export type TierSettings = BucketLimit;

/** Audit Logs is Tier 3 (~50/min, org-wide); admin.users.session.reset and admin.apps.* are Tier 2 (~20/min). */
export const DEFAULT_TIERS: Record<'audit' | 'scim' | 'web', TierSettings> = {
  audit: { perMinute: 50, burst: 100 },
  scim: { perMinute: 300, burst: 300 },
  web: { perMinute: 20, burst: 40 },
};

/** One token bucket per Slack rate-limit key (Audit Logs org-wide, SCIM, each Web API method), metered at its family's tier. */
export class RateLimiter {
  private readonly buckets = new TokenBuckets();

  constructor(private readonly tiers: Record<'audit' | 'scim' | 'web', TierSettings>) {}

  /** Takes one request from `key`'s bucket: null when allowed, else the seconds to wait (Retry-After, at least 1). */
  take(family: 'audit' | 'scim' | 'web', key: string, now: number = Date.now()): number | null {
    const { allowed, waitMs } = this.buckets.take(key, this.tiers[family], now);
    return allowed ? null : Math.max(1, Math.ceil(waitMs / 1000));
  }
}
