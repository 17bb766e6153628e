import { describe, expect, it } from 'vitest';
import { DAY } from '../../core/clock.js';
import { feedLearning, type FeedStart } from './shared.js';

const T0 = Date.UTC(2026, 0, 5);
const LEARNING = 2 * DAY;

/** Feeds changes to feedLearning in the order given, keeping its state; returns which were judged while learning. */
function judge(changes: { connectorInstanceId: string; time: number }[], state: Record<string, FeedStart> = {}): boolean[] {
  return changes.map((a) => {
    const { learning, state: written } = feedLearning(state, a, LEARNING);
    Object.assign(state, written);
    return learning;
  });
}

describe('feedLearning (the learning period of policies that learn from a feed’s own changes)', () => {
  const m365 = (day: number) => ({ connectorInstanceId: 'm365', time: T0 + day * DAY });
  const okta = (day: number) => ({ connectorInstanceId: 'okta', time: T0 + day * DAY });

  it('learns for the learning period from the first change read, then judges', () => {
    expect(judge([m365(0), m365(1), m365(3)])).toEqual([true, true, false]);
  });

  it("counts from each connector's own earliest change: another connector's later change read first changes nothing", () => {
    expect(judge([okta(9), m365(0), m365(1), m365(3), okta(12)])).toEqual([true, true, true, false, false]);
    expect(judge([m365(0), m365(1), m365(3), okta(9), okta(12)])).toEqual([true, true, false, true, false]);
  });

  it('an earlier change read late moves the start back', () => {
    expect(judge([m365(5), m365(0), m365(6)])).toEqual([true, true, false]);
  });

  it('reads the one start state written before it was kept per connector', () => {
    expect(judge([m365(10)], { since: { first: T0 } })).toEqual([false]);
  });
});
