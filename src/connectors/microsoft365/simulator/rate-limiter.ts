import { performance } from 'node:perf_hooks';

/**
 * A token bucket on the wall clock (request rates are real even when the tenant's clock is frozen).
 * `take()` says whether a request may pass and, if not, when the next token is due.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly capacity: number,
    /** Tokens added per millisecond. */
    private readonly refillPerMs: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.tokens = capacity;
    this.last = clock();
  }

  /** A bucket allowing `count` requests per `windowMs`. */
  static perWindow(count: number, windowMs: number): TokenBucket {
    return new TokenBucket(count, count / windowMs);
  }

  take(): { ok: true } | { ok: false; retryAfterMs: number } {
    const now = this.clock();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.refillPerMs);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil((1 - this.tokens) / this.refillPerMs) };
  }
}
