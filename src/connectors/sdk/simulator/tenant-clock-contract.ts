import { afterEach, describe, expect, it, vi } from 'vitest';
import { DAY } from '../../../core/clock.js';

/** What a simulator's state is built from in these tests. */
export interface ClockTestOptions {
  seed: number;
  scenarios: string[];
  historyDays: number;
  frozenAt?: number;
}

/**
 * Tests (vitest) of a simulator state's clock: live, "now" is the wall clock and the ordinary activity of the
 * days that come is generated as they come; frozen, "now" stays put and nothing newer is listed. `newest` is
 * the time of the newest activity the state lists now.
 */
export function describeTenantClock<S extends { readonly frozen: boolean; now(): number }>(name: string, make: (options: ClockTestOptions) => S, newest: (state: S) => number): void {
  describe(`${name} simulator clock`, () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('live: "now" is the wall clock, and the ordinary activity of days that come is generated as they come', () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const start = Date.UTC(2026, 10, 2, 12);
      vi.setSystemTime(start);
      const state = make({ seed: 4, scenarios: [], historyDays: 3 });
      expect(state.frozen).toBe(false);
      expect(state.now()).toBe(start);
      expect(newest(state)).toBeLessThanOrEqual(start);
      vi.setSystemTime(start + 3 * DAY);
      expect(state.now()).toBe(start + 3 * DAY);
      expect(newest(state)).toBeGreaterThan(start + 2 * DAY);
    });

    it('frozen: "now" stays put and nothing newer is ever listed', () => {
      const frozenAt = Date.UTC(2026, 10, 2, 12);
      const state = make({ seed: 4, scenarios: [], historyDays: 3, frozenAt });
      expect(state.frozen).toBe(true);
      expect(state.now()).toBe(frozenAt);
      expect(newest(state)).toBeLessThanOrEqual(frozenAt);
    });
  });
}
