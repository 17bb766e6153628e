import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../../core/clock.js';
import { buildActivity } from '../activity-builder.js';
import { emptyVolume, evaluateVolume, type VolumeBaseline, type VolumeParams } from './shared.js';

const P: VolumeParams = { minCount: 50, multiplier: 3, windowMinutes: 60, learningFloor: 100 };
const T0 = Date.UTC(2026, 0, 5, 9);

/** Feeds `times` in order through the baseline; returns the baseline and how many findings were raised. */
function feed(times: readonly number[], start: VolumeBaseline = emptyVolume(), benign?: { w: [number, number, string][] }, learning = false): { base: VolumeBaseline; alerts: number } {
  let base = start;
  let alerts = 0;
  for (const [i, time] of times.entries()) {
    const { next, finding } = evaluateVolume(buildActivity({ id: `v-${time}-${i}`, action: 'file.downloaded', actor: { email: 'v@example.com' }, time }), base, P, learning, () => 'burst', benign);
    base = next;
    if (finding) alerts++;
  }
  return { base, alerts };
}

const burst = (from: number, n: number, stepMs = 20_000) => Array.from({ length: n }, (_, i) => from + i * stepMs);

describe('volume baselines', () => {
  it('counts a burst that arrives two days late (a backfill after real-time polling), and a quiet late day stays quiet', () => {
    const live = feed(burst(T0 + 3 * DAY, 5, HOUR));
    const late = feed(burst(T0 + DAY, 80), live.base);
    expect(late.alerts).toBeGreaterThan(0);
    const quiet = feed(burst(T0 + DAY, 20, 5 * MINUTE), live.base);
    expect(quiet.alerts).toBe(0);
  });

  it('never learns the burst being judged, even when it arrives late', () => {
    const live = feed(burst(T0 + 3 * DAY, 5, HOUR));
    const late = feed(burst(T0 + DAY, 80), live.base);
    expect(late.base.peak).toBeLessThan(50);
  });

  it('lets an old peak fade: a busy export four months ago does not hide a burst today, one ten days ago still does', () => {
    const learned = feed(burst(T0, 90, 30_000), emptyVolume(), undefined, true);
    const settled = feed([T0 + DAY], learned.base);
    expect(settled.base.peak).toBe(90);
    expect(feed(burst(T0 + 120 * DAY, 80), settled.base).alerts).toBeGreaterThan(0);
    expect(feed(burst(T0 + 10 * DAY, 80), settled.base).alerts).toBe(0);
  });

  it('learns a window an analyst dismissed as benign, and only then', () => {
    const history = feed(burst(T0, 5, DAY));
    const first = feed(burst(T0 + 10 * DAY, 90), history.base);
    expect(first.alerts).toBeGreaterThan(0);
    const window: [number, number, string] = [T0 + 10 * DAY, T0 + 10 * DAY + 90 * 20_000, 'alert-1'];
    const again = feed(burst(T0 + 17 * DAY, 90), first.base);
    expect(again.alerts, 'not dismissed: the same burst a week later alerts again').toBeGreaterThan(0);
    const dismissed = feed(burst(T0 + 17 * DAY, 90), first.base, { w: [window] });
    expect(dismissed.alerts, 'dismissed as benign: the same burst is usual now').toBe(0);
  });
});
