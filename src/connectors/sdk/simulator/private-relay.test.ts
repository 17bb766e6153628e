import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../../../core/clock.js';
import { EU_PLACES, PRIVATE_RELAY_EGRESSES, US_PLACES } from './places.js';
import { privateRelayDay, usesPrivateRelay } from './private-relay.js';
import { SeededRandom } from './seeded-random.js';
import { WORKFORCE_SIZE } from './workforce.js';

describe('iCloud Private Relay persona', () => {
  it('is every sixth person of the workforce, in both regions', () => {
    const people = Array.from({ length: WORKFORCE_SIZE }, (_, i) => i).filter(usesPrivateRelay);
    expect(people).toEqual([1, 7, 13, 19, 25, 31, 37]);
  });

  it('opens the app on most days at a waking hour where they live, and Safari rotates to another egress within the session 20-50 minutes later', () => {
    const dayStart = 20_000 * DAY;
    const days = { used: 0, rotated: 0 };
    for (const home of [US_PLACES[0], EU_PLACES[0]]) {
      for (let i = 0; i < 200; i++) {
        const uses = [...privateRelayDay(new SeededRandom(i + 1), dayStart, home!)];
        expect(uses.length).toBeLessThanOrEqual(2);
        if (uses.length === 0) continue;
        days.used++;
        const [first, second] = uses;
        const localHour = (first!.at - dayStart) / HOUR + home!.utcOffset;
        expect(localHour).toBeGreaterThanOrEqual(7);
        expect(localHour).toBeLessThan(22);
        expect(PRIVATE_RELAY_EGRESSES).toContain(first!.egress);
        if (!second) continue;
        days.rotated++;
        expect(second.egress).not.toBe(first!.egress);
        expect((second.at - first!.at) / MINUTE).toBeGreaterThanOrEqual(20);
        expect((second.at - first!.at) / MINUTE).toBeLessThanOrEqual(50);
      }
    }
    expect(days.used / 400).toBeCloseTo(0.6, 1);
    expect(days.rotated / days.used).toBeCloseTo(0.7, 1);
  });
});
