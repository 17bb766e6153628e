import { afterEach, describe, expect, it, vi } from 'vitest';
import { CONFORMANCE_NOW } from '../../sdk/conformance/read-activities.js';
import { DropboxState } from './state.js';

describe("Dropbox simulator's app bucket", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets a burst through, then answers Retry-After in whole seconds (at least 1) until the next token of perMinute', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000_000_000);
    const state = new DropboxState({ seed: 3, frozenAt: CONFORMANCE_NOW, scenarios: [], historyDays: 1, rateLimit: { perMinute: 6, burst: 2 } });
    expect([state.takeRequest(), state.takeRequest(), state.takeRequest()]).toEqual([null, null, 10]);
    vi.setSystemTime(1_000_000_009_001);
    expect(state.takeRequest()).toBe(1);
    vi.setSystemTime(1_000_000_010_001);
    expect(state.takeRequest()).toBeNull();
    expect(state.takeRequest()).toBe(10);
    // A quiet spell refills no more than the burst.
    vi.setSystemTime(1_000_001_000_000);
    expect([state.takeRequest(), state.takeRequest(), state.takeRequest()]).toEqual([null, null, 10]);
  });

  it('defaults to 600 a minute in bursts of 200 (Retry-After 1)', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000_000_000);
    const state = new DropboxState({ seed: 3, frozenAt: CONFORMANCE_NOW, scenarios: [], historyDays: 1 });
    const waits = Array.from({ length: 201 }, () => state.takeRequest());
    expect(waits.filter((w) => w === null)).toHaveLength(200);
    expect(waits[200]).toBe(1);
  });
});
