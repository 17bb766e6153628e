import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';

/** A provider's documented request budget, enforced per connector instance as a token bucket. */
export interface RateLimitPolicy {
  /** Sustained requests per second. */
  requestsPerSecond: number;
  /** Requests that may be sent at once after a quiet period. */
  burst: number;
}

/** What the provider last told us about its budget (from its own headers). */
export interface BudgetSnapshot {
  limit: number | null;
  remaining: number | null;
  resetAt: number | null;
  pausedUntil: number | null;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Token bucket per connector instance. `pauseUntil` lets one throttled response (Retry-After, AF429)
 * hold back every request of the instance, not only the one that was refused.
 */
export class RateLimitGovernor {
  private tokens: number;
  private lastRefill: number;
  private pausedUntil = 0;
  private budget: BudgetSnapshot = { limit: null, remaining: null, resetAt: null, pausedUntil: null };
  private queue: Promise<void> = Promise.resolve();

  constructor(
    readonly policy: RateLimitPolicy,
    private readonly clock: Clock = systemClock,
    private readonly wait: Sleep = sleep,
  ) {
    this.tokens = policy.burst;
    this.lastRefill = clock.now();
  }

  /** Resolves when a request may be sent. Callers are served in arrival order. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.takeToken(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  pauseUntil(epochMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, epochMs);
    this.budget = { ...this.budget, pausedUntil: this.pausedUntil };
  }

  /** A throttle's pause is still running: nothing may be sent now. */
  isPaused(): boolean {
    return this.pausedUntil > this.clock.now();
  }

  observeBudget(update: Partial<Omit<BudgetSnapshot, 'pausedUntil'>>): void {
    this.budget = { ...this.budget, ...update };
  }

  snapshot(): BudgetSnapshot {
    const pausedUntil = this.pausedUntil > this.clock.now() ? this.pausedUntil : null;
    return { ...this.budget, pausedUntil };
  }

  private async takeToken(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      if (this.pausedUntil > now) {
        await this.wait(this.pausedUntil - now, signal);
        continue;
      }
      this.refill(now);
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const msPerToken = 1000 / this.policy.requestsPerSecond;
      await this.wait(Math.ceil((1 - this.tokens) * msPerToken), signal);
    }
  }

  private refill(now: number): void {
    const elapsed = now - this.lastRefill;
    if (elapsed <= 0) return;
    this.tokens = Math.min(this.policy.burst, this.tokens + (elapsed * this.policy.requestsPerSecond) / 1000);
    this.lastRefill = now;
  }
}
