/** An access token and when it stops working (epoch ms). */
export interface CachedToken {
  token: string;
  expiresAt: number;
}

/**
 * Holds one OAuth access token: handed out until `marginMs` before it expires, then minted again; concurrent
 * callers share one mint. `invalidate()` (after a 401) forces the next call to mint.
 */
export class TokenCache {
  private cached: CachedToken | null = null;
  private inflight: Promise<string> | null = null;

  constructor(
    private readonly mint: () => Promise<CachedToken>,
    private readonly now: () => number,
    private readonly marginMs = 60_000,
  ) {}

  async token(): Promise<string> {
    if (this.cached && this.cached.expiresAt - this.marginMs > this.now()) return this.cached.token;
    this.inflight ??= this.mint()
      .then((minted) => {
        this.cached = minted;
        return minted.token;
      })
      .finally(() => {
        this.inflight = null;
      });
    return this.inflight;
  }

  invalidate(): void {
    this.cached = null;
  }
}
