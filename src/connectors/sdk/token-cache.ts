/** Tokens are renewed this long before they expire. @default 60 s */
export const TOKEN_EXPIRY_MARGIN_MS = 60_000;

/**
 * One cached access token for an `AuthProvider`: reused until a minute before it expires, minted once however
 * many requests ask at the same time, dropped by `invalidate` (a 401).
 */
export class TokenCache {
  private cached: { token: string; expiresAt: number } | null = null;
  private inflight: Promise<string> | null = null;

  constructor(
    /** Mints a token and says for how many seconds it is valid. */
    private readonly mint: () => Promise<{ token: string; expiresInSeconds: number }>,
    private readonly now: () => number,
  ) {}

  async token(): Promise<string> {
    if (this.cached && this.cached.expiresAt - TOKEN_EXPIRY_MARGIN_MS > this.now()) return this.cached.token;
    this.inflight ??= this.mint()
      .then(({ token, expiresInSeconds }) => {
        this.cached = { token, expiresAt: this.now() + expiresInSeconds * 1000 };
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
