import { describe, expect, it } from 'vitest';
import { DAY, MINUTE } from '../../core/clock.js';
import { backfillStart, DEFAULT_BACKFILL_MS, keptFrom } from './backfill-start.js';

const localNow = Date.UTC(2028, 5, 15);
/** A provider whose clock is 400 days behind ours (a frozen tenant, or a badly set one). */
const providerNow = localNow - 400 * DAY;

describe('backfillStart', () => {
  it('counts the default window back from the provider’s clock and keeps an explicit start', () => {
    expect(backfillStart(localNow - DEFAULT_BACKFILL_MS, localNow, providerNow)).toBe(providerNow - DEFAULT_BACKFILL_MS);
    expect(backfillStart(localNow - 30 * DAY, localNow, providerNow)).toBe(localNow - 30 * DAY);
  });

  it('takes a default within five minutes of ours as the default (the start was computed a moment before)', () => {
    expect(backfillStart(localNow - DEFAULT_BACKFILL_MS + 4 * MINUTE, localNow, providerNow)).toBe(providerNow - DEFAULT_BACKFILL_MS);
    expect(backfillStart(localNow - DEFAULT_BACKFILL_MS - 4 * MINUTE, localNow, providerNow)).toBe(providerNow - DEFAULT_BACKFILL_MS);
    expect(backfillStart(localNow - DEFAULT_BACKFILL_MS + 6 * MINUTE, localNow, providerNow)).toBe(localNow - DEFAULT_BACKFILL_MS + 6 * MINUTE);
  });

  it("keeps the start as given when the provider's clock is unknown", () => {
    expect(backfillStart(localNow - DEFAULT_BACKFILL_MS, localNow, null)).toBe(localNow - DEFAULT_BACKFILL_MS);
  });
});

describe('keptFrom', () => {
  const retention = 90 * DAY;
  const asked = (now: number) => {
    const calls: number[] = [];
    return { calls, clock: async () => (calls.push(now), now) };
  };

  it('leaves a start well inside what the provider keeps, without asking its clock', async () => {
    const provider = asked(providerNow);
    expect(await keptFrom(localNow - 89 * DAY + 1, retention, localNow, provider.clock)).toBe(localNow - 89 * DAY + 1);
    expect(await keptFrom(localNow - 89 * DAY, retention, localNow, provider.clock)).toBe(localNow - 89 * DAY);
    expect(provider.calls).toEqual([]);
  });

  it('near the edge by our clock, holds the start to the edge by the provider’s', async () => {
    // 120 days back by ours is well inside what a provider 400 days behind keeps; 600 days back is not.
    const behind = asked(providerNow);
    expect(await keptFrom(localNow - 120 * DAY, retention, localNow, behind.clock)).toBe(localNow - 120 * DAY);
    expect(await keptFrom(localNow - 600 * DAY, retention, localNow, behind.clock)).toBe(providerNow - retention);
    expect(behind.calls).toEqual([providerNow, providerNow]);
    // A provider whose clock agrees with ours: the edge is ours, and a start inside it is kept.
    expect(await keptFrom(localNow - 120 * DAY, retention, localNow, asked(localNow).clock)).toBe(localNow - retention);
    expect(await keptFrom(localNow - 89.5 * DAY, retention, localNow, asked(localNow).clock)).toBe(localNow - 89.5 * DAY);
  });
});
