import { describe, expect, it } from 'vitest';
import { TokenCache } from './token-cache.js';

describe('TokenCache', () => {
  it('mints once for concurrent callers, renews within the margin of expiry and after invalidate', async () => {
    let now = 0;
    let minted = 0;
    const cache = new TokenCache(async () => ({ token: `t${++minted}`, expiresInSeconds: 100 }), () => now, 10_000, 60);
    expect(await Promise.all([cache.token(), cache.token(), cache.token()])).toEqual(['t1', 't1', 't1']);
    now = 89_000;
    expect(await cache.token()).toBe('t1');
    now = 90_001;
    expect(await cache.token()).toBe('t2');
    cache.invalidate();
    expect(await cache.token()).toBe('t3');
  });

  it('uses the fallback lifetime when the token endpoint gives none, and lets a failed mint be retried', async () => {
    let now = 0;
    let calls = 0;
    const cache = new TokenCache(async () => {
      calls++;
      if (calls === 1) throw new Error('refused');
      return { token: `t${calls}`, expiresInSeconds: null };
    }, () => now, 0, 30);
    await expect(cache.token()).rejects.toThrow('refused');
    expect(await cache.token()).toBe('t2');
    now = 29_999;
    expect(await cache.token()).toBe('t2');
    now = 30_000;
    expect(await cache.token()).toBe('t3');
  });
});
