import type { Clock } from '../../core/clock.js';
import { sleep as defaultSleep, type Sleep } from '../sdk/rate-limit-governor.js';
import type { HttpResponse } from '../sdk/http-client.js';

/** Margin after `X-Rate-Limit-Reset`: Okta's reset is whole seconds and our clock may lag the org's a little. */
const RESET_MARGIN_MS = 250;

interface BucketState {
  remaining: number;
  resetAt: number;
}

/**
 * Okta's limits are per endpoint family and per fixed minute (digest §7): every response says how many calls
 * of that bucket are left (`X-Rate-Limit-Remaining`) and when the window ends (`X-Rate-Limit-Reset`, epoch s).
 * Okta penalises orgs that keep running into 429s, so a call is held until the reset when the last answer of
 * its bucket said nothing is left, and calls sent since that answer count against what was left (several
 * streams or pages may be in flight). A bucket nothing was heard from yet is sent at once: its first call is
 * the only one that can meet a bucket spent by other integrations of the org, and then the 429's reset applies.
 */
export class OktaPacer {
  private readonly buckets = new Map<string, BucketState>();

  constructor(
    private readonly clock: Clock,
    private readonly wait: Sleep = defaultSleep,
  ) {}

  /** Resolves when a call to `url` fits its bucket as last reported; reserves one call of it. */
  async before(url: URL, signal?: AbortSignal): Promise<void> {
    const key = bucketOf(url);
    for (;;) {
      const state = this.buckets.get(key);
      const now = this.clock.now();
      if (!state || now >= state.resetAt) {
        this.buckets.delete(key);
        return;
      }
      if (state.remaining > 0) {
        state.remaining--;
        return;
      }
      await this.wait(state.resetAt - now, signal);
    }
  }

  /** Takes the bucket's state from Okta's headers on any answer, 429s included. */
  after(url: URL, response: HttpResponse): void {
    const limit = Number(response.headers['x-rate-limit-limit']);
    const remaining = Number(response.headers['x-rate-limit-remaining']);
    const reset = Number(response.headers['x-rate-limit-reset']);
    // `X-Rate-Limit-Limit: 0` reports the concurrency limit, not the bucket: the 429's own wait covers it.
    if (!Number.isFinite(limit) || limit <= 0 || !Number.isFinite(remaining) || !Number.isFinite(reset) || reset <= 0) return;
    this.buckets.set(bucketOf(url), { remaining: Math.max(0, remaining), resetAt: reset * 1000 + RESET_MARGIN_MS });
  }
}

/** Okta buckets by endpoint family: `/api/v1/logs`, `/api/v1/users` (with `/api/v1/users/{id}/...`), and so on. */
export function bucketOf(url: URL): string {
  const parts = url.pathname.split('/').filter(Boolean);
  return '/' + parts.slice(0, parts[0] === 'api' ? 3 : 2).join('/');
}
