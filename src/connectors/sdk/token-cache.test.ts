import { describe, expect, it } from 'vitest';
import { TokenCache } from './token-cache.js';

describe('TokenCache', () => {
  it('mints once for concurrent callers, reuses until a minute before expiry, and again after invalidate', async () => {
    let now = 0;
    let minted = 0;
    const cache = new TokenCache(async () => ({ token: `t${++minted}`, expiresInSeconds: 3600 }), () => now);
    expect(await Promise.all([cache.token(), cache.token(), cache.token()])).toEqual(['t1', 't1', 't1']);
    now = 3600_000 - 61_000;
    expect(await cache.token()).toBe('t1');
    now = 3600_000 - 59_000;
    expect(await cache.token()).toBe('t2');
    cache.invalidate();
    expect(await cache.token()).toBe('t3');
  });

  it('lets a failed mint be retried', async () => {
    let fail = true;
    const cache = new TokenCache(async () => {
      if (fail) throw new Error('refused');
      return { token: 'ok', expiresInSeconds: 60 };
    }, () => 0);
    await expect(cache.token()).rejects.toThrow('refused');
    fail = false;
    expect(await cache.token()).toBe('ok');
  });
});
