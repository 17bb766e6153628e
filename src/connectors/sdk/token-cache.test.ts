import { describe, expect, it } from 'vitest';
import { nextLink } from './link-header.js';
import { TokenCache } from './token-cache.js';

describe('TokenCache', () => {
  it('shares one mint between concurrent callers, reuses the token until the margin, and mints again after invalidate', async () => {
    let now = 0;
    let mints = 0;
    const cache = new TokenCache(async () => ({ token: `t${++mints}`, expiresAt: now + 120_000 }), () => now, 60_000);
    expect(await Promise.all([cache.token(), cache.token()])).toEqual(['t1', 't1']);
    now = 59_000;
    expect(await cache.token()).toBe('t1');
    now = 60_001;
    expect(await cache.token()).toBe('t2');
    cache.invalidate();
    expect(await cache.token()).toBe('t3');
  });

  it('a failed mint is not cached: the next call tries again', async () => {
    let fail = true;
    const cache = new TokenCache(async () => {
      if (fail) throw new Error('refused');
      return { token: 'ok', expiresAt: Number.MAX_SAFE_INTEGER };
    }, () => 0);
    await expect(cache.token()).rejects.toThrow('refused');
    fail = false;
    expect(await cache.token()).toBe('ok');
  });
});

describe('nextLink', () => {
  it('reads rel="next" from one comma-joined header (ServiceNow) or joined lines with spaces (Okta), and null without one', () => {
    expect(nextLink('<https://i.example/api?sysparm_offset=0>;rel="first",<https://i.example/api?sysparm_offset=10>;rel="next",<https://i.example/api?sysparm_offset=90>;rel="last"')).toBe('https://i.example/api?sysparm_offset=10');
    expect(nextLink('<https://o.example/logs?a=1>; rel="self", <https://o.example/logs?after=x>; rel="next"')).toBe('https://o.example/logs?after=x');
    expect(nextLink('<https://i.example/api?sysparm_offset=0>;rel="first",<https://i.example/api?sysparm_offset=0>;rel="last"')).toBeNull();
    expect(nextLink(undefined)).toBeNull();
  });
});
