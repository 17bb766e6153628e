/**
 * One short-lived access token shared by every request of a connection: minted on first use, renewed
 * `marginMs` before it expires or after `invalidate()` (a 401), and minted once when several requests ask
 * at the same time.
 */
export class TokenCache {
  private cached: { token: string; expiresAt: number } | null = null;
  private inflight: Promise<string> | null = null;

  constructor(
    /** Mints a token and says how many seconds it lives (null: `fallbackSeconds`). */
    private readonly mint: () => Promise<{ token: string; expiresInSeconds: number | null }>,
    private readonly now: () => number,
    private readonly marginMs: number,
    private readonly fallbackSeconds: number,
  ) {}

  async token(): Promise<string> {
    if (this.cached && this.cached.expiresAt - this.marginMs > this.now()) return this.cached.token;
    this.inflight ??= this.mint()
      .then(({ token, expiresInSeconds }) => {
        this.cached = { token, expiresAt: this.now() + (expiresInSeconds ?? this.fallbackSeconds) * 1000 };
        return token;
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
