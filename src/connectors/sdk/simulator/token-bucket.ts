/** Requests a minute, and how many may come at once after a quiet spell. */
export interface BucketLimit {
  perMinute: number;
  burst: number;
}

/** Token buckets by key, as providers meter their APIs: each request takes one token; tokens refill continuously. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** Takes one token of `key`'s bucket: allowed, what remains, and the ms until it is full again (or until the next token, when refused). */
  take(key: string, limit: BucketLimit, now: number = Date.now()): { allowed: boolean; remaining: number; waitMs: number } {
    const perMs = limit.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, at: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens), waitMs: Math.ceil((limit.burst - bucket.tokens) / perMs) };
    }
    return { allowed: false, remaining: 0, waitMs: Math.ceil((1 - bucket.tokens) / perMs) };
  }
}
