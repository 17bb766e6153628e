import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../../core/clock.js';
import { buildActivity } from '../activity-builder.js';
import type { Finding } from '../rule.js';
import { emptyVolume, evaluateVolume, type VolumeBaseline, type VolumeParams } from './volume-baseline.js';

const P: VolumeParams = { minCount: 50, multiplier: 3, windowMinutes: 60, learningFloor: 100 };
const T0 = Date.UTC(2026, 0, 5, 9);

/** Feeds `times` in order through the baseline; returns the baseline and how many findings were raised. */
function feed(times: readonly number[], start: VolumeBaseline = emptyVolume(), benign?: { w: [number, number, string][] }, learning = false): { base: VolumeBaseline; alerts: number; findings: { at: number; finding: Finding }[] } {
  let base = start;
  const findings: { at: number; finding: Finding }[] = [];
  for (const [i, time] of times.entries()) {
    const { next, finding } = evaluateVolume(buildActivity({ id: idOf(time, i), action: 'file.downloaded', actor: { email: 'v@example.com' }, time }), base, P, learning, () => 'burst', benign);
    base = next;
    if (finding) findings.push({ at: i, finding });
  }
  return { base, alerts: findings.length, findings };
}

const idOf = (time: number, i: number) => `v-${time}-${i}`;

const burst = (from: number, n: number, stepMs = 20_000) => Array.from({ length: n }, (_, i) => from + i * stepMs);

describe('volume baselines', () => {
  it('counts a burst that arrives two days late (a backfill after real-time polling), and a quiet late day stays quiet', () => {
    const live = feed(burst(T0 + 3 * DAY, 5, HOUR));
    const late = feed(burst(T0 + DAY, 80), live.base);
    expect(late.alerts).toBeGreaterThan(0);
    const quiet = feed(burst(T0 + DAY, 20, 5 * MINUTE), live.base);
    expect(quiet.alerts).toBe(0);
  });

  it("a burst whose second half arrives after a later live activity (one app's audit feed hours behind another's) alerts as it does in time order", () => {
    const history = feed(burst(T0, 5, DAY));
    const firstHalf = burst(T0 + 6 * DAY, 30, 30_000);
    const secondHalf = burst(T0 + 6 * DAY + 15 * MINUTE, 30, 30_000);
    const live = [T0 + 6 * DAY + 5 * HOUR];
    expect(feed([...firstHalf, ...secondHalf, ...live], history.base).findings.map((f) => f.finding.details?.count)[0], 'in time order').toBe(50);
    const early = feed([...firstHalf, ...live], history.base);
    expect(early.alerts).toBe(0);
    const late = feed(secondHalf, early.base).findings[0]?.finding;
    expect(late?.details?.count, 'the second half after the live activity').toBe(50);
    expect(late?.related?.map((r) => r.id), 'with both halves as evidence').toEqual([...firstHalf.map((t, i) => idOf(t, i)), ...secondHalf.slice(0, 20).map((t, i) => idOf(t, i))]);
  });

  it('reads a baseline stored before windows settled: its pending windows are learned, the alerted one held', () => {
    const m = Math.floor(T0 / MINUTE);
    const stored: VolumeBaseline = { peak: 5, pm: m - DAY / MINUTE, days: 3, lastDay: Math.floor(T0 / DAY), buckets: [[m, 30], [m + 120, 60]], pend: [[m, 30, 0], [m + 120, 60, 1]], ids: [] };
    const next = feed([T0 + 2 * DAY], stored).base;
    expect([next.peak, next.held, next.pend]).toEqual([30, [[m + 120, 60]], undefined]);
  });

  it('the second half arriving first: the evidence is still in time order', () => {
    const history = feed(burst(T0, 5, DAY));
    const firstHalf = burst(T0 + 6 * DAY, 30, 30_000);
    const secondHalf = burst(T0 + 6 * DAY + 15 * MINUTE, 30, 30_000);
    const early = feed([...secondHalf, T0 + 6 * DAY + 5 * HOUR], history.base);
    const late = feed(firstHalf, early.base).findings[0]?.finding;
    expect(late?.details?.count).toBe(50);
    const times = late?.related?.map((r) => r.time) ?? [];
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(times.length).toBe(50);
  });

  it('a window is the minutes after its start: an activity exactly a window before the last is not in it', () => {
    const edge = [T0, ...burst(T0 + 30 * MINUTE, 48, 30_000), T0 + HOUR];
    expect(feed(edge).alerts, '49 within the hour ending at the last').toBe(0);
    expect(feed([T0 + MINUTE, ...edge.slice(1)]).alerts, 'a minute later it is the 50th').toBe(1);
  });

  it('counts activities arriving up to 8 days late with what came before them in their hour, and later ones by themselves', () => {
    // 50 that alert (so they are never learned), then 50 more in the same hour after a live activity.
    const lateCount = (liveDay: number) => {
      const first = burst(T0, 50, 20_000);
      const findings = feed([...first, T0 + liveDay * DAY, ...first.map((t) => t + 10_000)]).findings;
      return findings[findings.length - 1]?.finding.details?.count;
    };
    expect(lateCount(7), '7 days late: the hour holds all 100').toBe(100);
    expect(lateCount(10), '10 days late: the first 50 are gone').toBe(50);
  });

  it('a burst alerts in whatever order its activities arrive, a live activity hours later anywhere among them, counted whole, with every activity as evidence once', () => {
    const history = feed(burst(T0, 5, DAY));
    const start = T0 + 6 * DAY;
    fc.assert(
      fc.property(
        // 50 to 80 activities within one hour (minute resolution: the window holds minutes after its start), in any arrival order.
        fc.array(fc.integer({ min: 0, max: 59 * 60 - 1 }), { minLength: 50, maxLength: 80 }).chain((seconds) => fc.shuffledSubarray(seconds.map((sec, i) => ({ time: start + sec * 1000, i })), { minLength: seconds.length, maxLength: seconds.length })),
        fc.nat(),
        (arrivals, liveAt) => {
          let base = history.base;
          const findings: Finding[] = [];
          const live = { time: start + 5 * HOUR, i: -1 };
          for (const { time, i } of [...arrivals.slice(0, liveAt % (arrivals.length + 1)), live, ...arrivals.slice(liveAt % (arrivals.length + 1))]) {
            const { next, finding } = evaluateVolume(buildActivity({ id: `b${i}`, action: 'file.downloaded', actor: { email: 'v@example.com' }, time }), base, P, false, () => 'burst');
            base = next;
            if (finding) findings.push(finding);
          }
          expect(findings.length).toBeGreaterThan(0);
          expect(Math.max(...findings.map((f) => Number(f.details?.count)))).toBe(arrivals.length);
          const last = findings.find((f) => Number(f.details?.count) === arrivals.length);
          const ids = last?.related?.map((r) => r.id) ?? [];
          expect([...ids].sort()).toEqual(arrivals.map(({ i }) => `b${i}`).sort());
          const times = last?.related?.map((r) => r.time) ?? [];
          expect(times).toEqual([...times].sort((x, y) => x - y));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('never learns the burst being judged, even when it arrives late', () => {
    const live = feed(burst(T0 + 3 * DAY, 5, HOUR));
    const late = feed(burst(T0 + DAY, 80), live.base);
    expect(late.base.peak).toBeLessThan(50);
  });

  it('lets an old peak fade: a busy export four months ago does not hide a burst today, one ten days ago still does', () => {
    const learned = feed(burst(T0, 90, 30_000), emptyVolume(), undefined, true);
    // Learned once it has settled, a day behind the newest activity.
    expect(feed([T0 + DAY], learned.base).base.peak).toBe(0);
    const settled = feed([T0 + 2 * DAY], learned.base);
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

  it('learns a window dismissed as benign days after the person went on working, and one dismissed before it was over', () => {
    const history = feed(burst(T0, 5, DAY));
    const first = feed(burst(T0 + 10 * DAY, 90), history.base);
    expect(first.alerts).toBeGreaterThan(0);
    const window: [number, number, string] = [T0 + 10 * DAY, T0 + 10 * DAY + 89 * 20_000, 'alert-1'];
    // The next morning's work comes before the analyst's verdict.
    const worked = feed([T0 + 11 * DAY, T0 + 12 * DAY], first.base);
    expect(feed(burst(T0 + 17 * DAY, 90), worked.base).alerts, 'never dismissed').toBeGreaterThan(0);
    expect(feed(burst(T0 + 17 * DAY, 90), worked.base, { w: [window] }).alerts, 'dismissed after the next day').toBe(0);
    const dismissedAtOnce = feed([T0 + 11 * DAY, T0 + 12 * DAY], first.base, { w: [window] });
    expect(feed(burst(T0 + 17 * DAY, 90), dismissedAtOnce.base).alerts, 'dismissed before the next activity').toBe(0);
    // Held for 30 days: a verdict given after a month of work teaches nothing any more.
    const verdictAfter = (days: number) => feed([T0 + days * DAY + HOUR], feed([T0 + days * DAY], first.base).base, { w: [window] }).base.peak;
    expect(verdictAfter(39), 'dismissed 29 days on: learned (90, faded to about 46)').toBeGreaterThan(40);
    expect(verdictAfter(41), 'dismissed 31 days on: forgotten').toBeLessThan(10);
  });

  it('alerts at the minimum count with no peak, and above the multiple of the peak, not at it (the threshold in the details)', () => {
    expect(feed(burst(T0, 49)).alerts).toBe(0);
    const fifty = feed(burst(T0, 50));
    expect(fifty.findings.map((f) => f.at)).toEqual([49]);
    expect(fifty.findings[0]?.finding.details).toMatchObject({ count: 50, threshold: 50 });
    // A busiest hour of 40 thirty days ago, one half-life (20 now): 3 × 20 = 60 is within their usual multiple, 61 is not.
    const usual = feed(burst(T0, 40, 60_000));
    const then = T0 + 30 * DAY + 39 * MINUTE;
    expect(feed(burst(then, 60), usual.base).alerts).toBe(0);
    const over = feed(burst(then, 61), usual.base);
    expect(over.findings.map((f) => f.at)).toEqual([60]);
    expect(over.findings[0]?.finding.details).toMatchObject({ count: 61, threshold: 61 });
  });

  it('while the person is still being learned, alerts only from the learning floor (100), whatever the peak', () => {
    expect(feed(burst(T0, 99), emptyVolume(), undefined, true).alerts).toBe(0);
    const floor = feed(burst(T0, 100), emptyVolume(), undefined, true);
    expect(floor.findings.map((f) => f.at)).toEqual([99]);
  });

  it('counts the days with any activity once each (the baseline shown with an alert)', () => {
    expect(feed([T0, T0 + HOUR, T0 + DAY, T0 + 3 * DAY, T0 + 3 * DAY + MINUTE]).base.days).toBe(3);
  });

  it("a late burst's evidence is the burst within its window, none of the later live activities", () => {
    const liveTimes = burst(T0 + 3 * DAY, 5, HOUR);
    const live = feed(liveTimes);
    const lateTimes = burst(T0 + DAY, 80);
    const late = feed(lateTimes, live.base);
    const first = late.findings[0];
    expect(first?.at).toBe(49);
    expect(first?.finding.related?.map((r) => r.id)).toEqual(lateTimes.slice(0, 50).map((t, i) => idOf(t, i)));
  });

  it('never learns an alerted burst that lasts longer than its window: the same three-hour burst a week later alerts again', () => {
    const history = feed(burst(T0, 5, DAY));
    const long = burst(T0 + 10 * DAY, 240, 45_000);
    const first = feed([...long, T0 + 11 * DAY], history.base);
    expect(first.alerts).toBeGreaterThan(0);
    expect(first.base.peak).toBeLessThan(50);
    expect(feed(burst(T0 + 17 * DAY, 240, 45_000), first.base).alerts).toBeGreaterThan(0);
  });
});
