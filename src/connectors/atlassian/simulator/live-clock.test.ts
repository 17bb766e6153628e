import { afterEach, describe, expect, it, vi } from 'vitest';
import { DAY } from '../../../core/clock.js';
import { AtlassianState } from './state.js';

describe('Atlassian simulator clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('live: "now" is the wall clock, and the ordinary activity of days that come is generated as they come', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.UTC(2026, 10, 2, 12);
    vi.setSystemTime(start);
    const state = new AtlassianState({ seed: 4, scenarios: [], historyDays: 3 });
    expect(state.frozen).toBe(false);
    expect(state.now()).toBe(start);
    const newest = () => Math.max(...state.visible().map((e) => e.at));
    expect(newest()).toBeLessThanOrEqual(start);
    vi.setSystemTime(start + 3 * DAY);
    expect(state.now()).toBe(start + 3 * DAY);
    expect(newest()).toBeGreaterThan(start + 2 * DAY);
  });

  it('frozen: "now" stays put and nothing newer is ever listed', () => {
    const frozenAt = Date.UTC(2026, 10, 2, 12);
    const state = new AtlassianState({ seed: 4, scenarios: [], historyDays: 3, frozenAt });
    expect(state.frozen).toBe(true);
    expect(state.now()).toBe(frozenAt);
    expect(Math.max(...state.visible().map((e) => e.at))).toBeLessThanOrEqual(frozenAt);
  });
});
