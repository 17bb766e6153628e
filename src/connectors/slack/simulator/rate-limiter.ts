/** One token bucket per Slack rate-limit key (Audit Logs org-wide, SCIM, each Web API method). */
export interface TierSettings {
  /** Sustained requests per minute (Slack's tier figure). */
  perMinute: number;
  /** Requests allowed at once after a quiet spell ("occasional bursts"). */
  burst: number;
}

/** Audit Logs is Tier 3 (~50/min, org-wide); admin.users.session.reset and admin.apps.* are Tier 2 (~20/min). */
export const DEFAULT_TIERS: Record<'audit' | 'scim' | 'web', TierSettings> = {
  audit: { perMinute: 50, burst: 100 },
  scim: { perMinute: 300, burst: 300 },
  web: { perMinute: 20, burst: 40 },
};

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly tiers: Record<'audit' | 'scim' | 'web', TierSettings>) {}

  /** Takes one request from `key`'s bucket: null when allowed, else the seconds to wait (Retry-After). */
  take(family: 'audit' | 'scim' | 'web', key: string, now: number = Date.now()): number | null {
    const tier = this.tiers[family];
    const perMs = tier.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: tier.burst, at: now };
    bucket.tokens = Math.min(tier.burst, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }
}
