import { describe, expect, it } from 'vitest';
import { LoginLimiter } from './login-limiter.js';

describe('LoginLimiter', () => {
  it('allows max attempts per address in a sliding window, then says how long to wait', () => {
    let now = 1_000_000;
    const limiter = new LoginLimiter({ max: 3, windowMs: 60_000, now: () => now });
    expect([limiter.hit('a'), limiter.hit('a'), limiter.hit('a')]).toEqual([null, null, null]);
    now += 10_000;
    expect(limiter.hit('a'), 'the fourth, 10 s later: wait until the first leaves the window').toBe(50);
    expect(limiter.hit('b'), 'another address is not held back').toBeNull();
    now = 1_000_000 + 60_000 - 1;
    expect(limiter.hit('a'), 'a millisecond before the first attempt leaves the window').toBe(1);
    now = 1_000_000 + 60_000;
    expect(limiter.hit('a'), 'once it has left').toBeNull();
  });

  it('forgetting idle addresses (past 10,000 of them) never forgets one that is held back', () => {
    const now = 5_000_000;
    const limiter = new LoginLimiter({ max: 2, windowMs: 60_000, now: () => now });
    limiter.hit('attacker');
    limiter.hit('attacker');
    for (let i = 0; i < 10_001; i++) limiter.hit(`198.51.${i >> 8}.${i & 255}`);
    expect(limiter.hit('attacker')).toBe(60);
  });
});
