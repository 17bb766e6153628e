import { describe, expect, it } from 'vitest';
import { DEFAULT_TIERS, RateLimiter } from './rate-limiter.js';

describe('Slack simulator rate limiter', () => {
  it('audit is Tier 3 org-wide: 100 at once, then Retry-After in whole seconds until the next of 50 a minute (1.2 s → 2)', () => {
    const limiter = new RateLimiter(DEFAULT_TIERS);
    const at = 1_000_000;
    const waits = Array.from({ length: 101 }, () => limiter.take('audit', 'audit', at));
    expect(waits.slice(0, 100).every((w) => w === null)).toBe(true);
    expect(waits[100]).toBe(2);
    // 1.2 s later one token has come back; the one after that is 1.2 s away again.
    expect(limiter.take('audit', 'audit', at + 1_200)).toBeNull();
    expect(limiter.take('audit', 'audit', at + 1_200)).toBe(2);
    expect(limiter.take('audit', 'audit', at + 2_000)).toBe(1);
  });

  it('web methods are Tier 2, each method its own bucket (20 a minute, bursts of 40: Retry-After 3 s), and never less than 1 s', () => {
    const limiter = new RateLimiter(DEFAULT_TIERS);
    const at = 5_000;
    for (let i = 0; i < 40; i++) expect(limiter.take('web', 'web:/api/admin.users.session.reset', at)).toBeNull();
    expect(limiter.take('web', 'web:/api/admin.users.session.reset', at)).toBe(3);
    expect(limiter.take('web', 'web:/api/admin.apps.approved.list', at)).toBeNull();
    expect(limiter.take('web', 'web:/api/admin.users.session.reset', at + 2_999)).toBe(1);
    expect(limiter.take('web', 'web:/api/admin.users.session.reset', at + 3_001)).toBeNull();
  });

  it('SCIM: 300 a minute, bursts of 300; custom tiers replace the defaults', () => {
    const limiter = new RateLimiter({ ...DEFAULT_TIERS, scim: { perMinute: 6, burst: 1 } });
    expect(limiter.take('scim', 'scim', 0)).toBeNull();
    expect(limiter.take('scim', 'scim', 0)).toBe(10);
    expect(limiter.take('scim', 'scim', 9_001)).toBe(1);
    expect(DEFAULT_TIERS).toEqual({ audit: { perMinute: 50, burst: 100 }, scim: { perMinute: 300, burst: 300 }, web: { perMinute: 20, burst: 40 } });
  });
});
