import { DAY } from '../../../core/clock.js';

/** Zoom's rate-limit labels (digest §5). */
export type ZoomLabel = 'Light' | 'Medium' | 'Heavy';

export interface ZoomRateLimits {
  /** Requests per second per label (per account). @default Pro: Light 30, Medium 20, Heavy 10 */
  perSecond: Record<ZoomLabel, number>;
  /** Heavy (and resource-intensive) requests per day (per account). @default Pro: 30,000 */
  heavyPerDay: number;
}

export const PRO_LIMITS: ZoomRateLimits = { perSecond: { Light: 30, Medium: 20, Heavy: 10 }, heavyPerDay: 30_000 };

export type Verdict = { ok: true; dailyRemaining: number | null } | { ok: false; type: 'QPS' | 'Daily-limit' };

/** Per-second buckets per label and the daily Heavy cap, which resets at 00:00 GMT. */
export class RateLimiter {
  private readonly buckets = new Map<ZoomLabel, { tokens: number; at: number }>();
  private dailyUsed = 0;
  private day = -1;

  constructor(readonly limits: ZoomRateLimits) {}

  take(label: ZoomLabel, now: number = Date.now()): Verdict {
    const rate = this.limits.perSecond[label];
    const bucket = this.buckets.get(label) ?? { tokens: rate, at: now };
    bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.at) * rate) / 1000);
    bucket.at = now;
    this.buckets.set(label, bucket);
    if (label === 'Heavy') {
      const day = Math.floor(now / DAY);
      if (day !== this.day) {
        this.day = day;
        this.dailyUsed = 0;
      }
      if (this.dailyUsed >= this.limits.heavyPerDay) return { ok: false, type: 'Daily-limit' };
    }
    if (bucket.tokens < 1) return { ok: false, type: 'QPS' };
    bucket.tokens -= 1;
    if (label !== 'Heavy') return { ok: true, dailyRemaining: null };
    this.dailyUsed += 1;
    return { ok: true, dailyRemaining: this.limits.heavyPerDay - this.dailyUsed };
  }
}
