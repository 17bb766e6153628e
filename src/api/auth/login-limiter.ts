/**
 * Login rate limiting per client address: at most `max` attempts in a sliding `windowMs`. Kept in memory
 * (one process serves the API); the per-account lock-out after repeated failures lives in the store.
 */
export class LoginLimiter {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly options: { max: number; windowMs: number; now: () => number },
  ) {}

  /** Records an attempt; returns the seconds to wait when over the limit (the attempt is not counted then). */
  hit(key: string): number | null {
    const now = this.options.now();
    const recent = (this.attempts.get(key) ?? []).filter((t) => t > now - this.options.windowMs);
    if (recent.length >= this.options.max) {
      this.attempts.set(key, recent);
      return Math.max(1, Math.ceil(((recent[0] ?? now) + this.options.windowMs - now) / 1000));
    }
    recent.push(now);
    this.attempts.set(key, recent);
    if (this.attempts.size > 10_000) this.prune(now);
    return null;
  }

  private prune(now: number): void {
    for (const [key, times] of this.attempts) if (!times.some((t) => t > now - this.options.windowMs)) this.attempts.delete(key);
  }
}
