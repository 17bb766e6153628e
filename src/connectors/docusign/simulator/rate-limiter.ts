/** DocuSign's platform limits (digest §5.2), per account. */
export interface RateLimitSettings {
  /** Requests per clock hour per account. @default 3000 */
  hourly: number;
  /** Requests per burst window per account. @default 200 (the demo environment's figure) */
  burst: number;
  /** @default 30 */
  burstWindowSeconds: number;
  /**
   * Requests other apps of the account make each hour: the hourly budget is the account's, shared by every
   * integration using it. Counted as spent from the start of each hour (the worst case). @default 0
   */
  usedByOtherApps?: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = { hourly: 3000, burst: 200, burstWindowSeconds: 30 };

export interface RateDecision {
  allowed: boolean;
  /** Which limit refused it. */
  exceeded: 'hourly' | 'burst' | null;
  headers: Record<string, string>;
}

interface Counter {
  hour: number;
  hourCount: number;
  window: number;
  windowCount: number;
}

const HOUR_MS = 3_600_000;

/**
 * Hourly window resetting at the top of each clock hour, plus a fixed burst window, counted per account.
 * Every response carries the `X-RateLimit-*` and `X-BurstLimit-*` headers; refused requests are not counted.
 */
export class RateLimiter {
  private readonly counters = new Map<string, Counter>();

  constructor(
    readonly settings: RateLimitSettings,
    private readonly wallClock: () => number = Date.now,
  ) {}

  take(accountId: string): RateDecision {
    const now = this.wallClock();
    const hour = Math.floor(now / HOUR_MS);
    const windowMs = this.settings.burstWindowSeconds * 1000;
    const window = Math.floor(now / windowMs);
    const others = this.settings.usedByOtherApps ?? 0;
    const c = this.counters.get(accountId) ?? { hour, hourCount: others, window, windowCount: 0 };
    if (c.hour !== hour) {
      c.hour = hour;
      c.hourCount = others;
    }
    if (c.window !== window) {
      c.window = window;
      c.windowCount = 0;
    }
    let exceeded: RateDecision['exceeded'] = null;
    if (c.hourCount >= this.settings.hourly) exceeded = 'hourly';
    else if (c.windowCount >= this.settings.burst) exceeded = 'burst';
    if (!exceeded) {
      c.hourCount++;
      c.windowCount++;
    }
    this.counters.set(accountId, c);
    return {
      allowed: exceeded === null,
      exceeded,
      headers: {
        'x-ratelimit-limit': String(this.settings.hourly),
        'x-ratelimit-remaining': String(Math.max(0, this.settings.hourly - c.hourCount)),
        'x-ratelimit-reset': String((hour + 1) * 3600),
        'x-burstlimit-limit': String(this.settings.burst),
        'x-burstlimit-remaining': String(Math.max(0, this.settings.burst - c.windowCount)),
      },
    };
  }
}
