import { afterEach, describe, expect, it, vi } from 'vitest';
import { DAY } from '../../../core/clock.js';
import { seedHistory } from './seed-history.js';

describe('seedHistory', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("frozen: the one-off events and every day from historyStart's to builtAt's, in one batch; nothing more ever", () => {
    const batches: string[][] = [];
    const builtAt = 100 * DAY + 5;
    const clock = seedHistory({ frozenAt: builtAt, builtAt, historyStart: builtAt - 3 * DAY, lookaheadMs: DAY, once: ['admin'], day: (d) => [`day ${d}`], add: (b) => batches.push(b) });
    expect(batches).toEqual([['admin', 'day 97', 'day 98', 'day 99', 'day 100']]);
    clock.ensureGenerated();
    expect(batches).toHaveLength(1);
    expect(clock.now()).toBe(builtAt);
  });

  it('live: a lookahead further at start, then each next day as its time nears', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const builtAt = 100 * DAY + 5;
    vi.setSystemTime(builtAt);
    const batches: string[][] = [];
    const clock = seedHistory({ frozenAt: null, builtAt, historyStart: builtAt - DAY, lookaheadMs: DAY, once: [], day: (d) => [`day ${d}`], add: (b) => batches.push(b) });
    expect(batches).toEqual([['day 99', 'day 100', 'day 101']]);
    vi.setSystemTime(builtAt + 2 * DAY);
    clock.ensureGenerated();
    expect(batches.slice(1)).toEqual([['day 102'], ['day 103']]);
    expect(clock.now()).toBe(builtAt + 2 * DAY);
  });
});
