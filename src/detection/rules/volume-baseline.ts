import { z } from 'zod';
import type { Activity } from '../../core/activity.js';
import { DAY, MINUTE } from '../../core/clock.js';
import { inBenignWindow, type BenignWindows } from '../../core/benign-windows.js';
import type { Finding } from '../rule.js';
import { dayOf } from './shared.js';

/**
 * A per-user volume baseline: the most activities of a kind the user did within one window (a sliding
 * hour) so far, learned only from windows that are over and did not alert (or whose alert an analyst
 * dismissed as benign), so the burst being judged, or an attack, never becomes its own baseline. The peak
 * fades (half-life `PEAK_HALF_LIFE_MS`) so that one busy day long ago does not hide a burst today.
 * A window is learned only once it has settled (`SETTLE_MS` behind the newest activity): the user's
 * activities come from several apps whose feeds lag differently (Microsoft 365's audit log by up to a day),
 * so half a burst must not become the baseline its other half is judged against.
 * Compact whatever the volume: one bucket per active minute (at most `MAX_BUCKETS`, kept for
 * `LATE_KEEP_MS` so that a burst arriving days late, as from a backfill, is still counted) and at most
 * `MAX_VOLUME_IDS` activity ids.
 */
export interface VolumeBaseline {
  /** Highest count in one window, from windows that are over and did not alert (or were dismissed as benign). */
  peak: number;
  /** The minute `peak` was last raised (it fades from there). @default 0 */
  pm?: number;
  /** Distinct days with any of this activity. */
  days: number;
  lastDay: number;
  /** [minute since epoch, count] of recent active minutes, in minute order. */
  buckets: [number, number][];
  /** Windows ending at or before this minute are learned (or held); later ones are not yet. @default 0 */
  fw?: number;
  /** [first, last] minutes at which windows alerted, not yet learned. */
  al?: [number, number][];
  /** Before `fw`: [minute, the window's count, 1 if it alerted] not yet folded into `peak`. Read, never written. */
  pend?: [number, number, number][];
  /**
   * [minute, count] of windows that alerted, are over, and were not (yet) dismissed as benign: the busiest
   * window of each alerted run, held for `HOLD_MS` so that a verdict given days later still teaches the peak.
   */
  held?: [number, number][];
  /** [time, activity id] of the latest activities. */
  ids: [number, string][];
}

export const MAX_VOLUME_IDS = 200;
const MAX_BUCKETS = 2000;
const LATE_KEEP_MS = 8 * DAY;
export const PEAK_HALF_LIFE_MS = 30 * DAY;
/** How long after the newest activity a window may still grow from a lagging feed before it is learned. */
export const SETTLE_MS = DAY;
const HOLD_MS = 30 * DAY;
const MAX_HELD = 20;

export function emptyVolume(): VolumeBaseline {
  return { peak: 0, pm: 0, days: 0, lastDay: -1, buckets: [], ids: [] };
}

/** The peak as it stands at `minute`, faded since it was set. */
export function fadedPeak(base: Pick<VolumeBaseline, 'peak' | 'pm'>, minute: number): number {
  const age = Math.max(0, minute - (base.pm ?? minute)) * MINUTE;
  return base.peak * 0.5 ** (age / PEAK_HALF_LIFE_MS);
}

/**
 * Folds a window that is over into the peak. A window older than the peak's own (one held until an analyst's
 * verdict) raises it only if it is still the busier once both have faded to the peak's minute.
 */
function learnWindow(p: { peak: number; pm: number }, minute: number, count: number): { peak: number; pm: number } {
  if (minute < p.pm) return count * 0.5 ** (((p.pm - minute) * MINUTE) / PEAK_HALF_LIFE_MS) > p.peak ? { peak: count, pm: minute } : p;
  const faded = fadedPeak(p, minute);
  if (count >= faded) return { peak: count, pm: minute };
  return minute > p.pm ? { peak: faded, pm: minute } : p;
}

/** The first index of sorted `buckets` whose minute is above `minute`. */
function after(buckets: readonly [number, number][], minute: number): number {
  let lo = 0;
  let hi = buckets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((buckets[mid] as [number, number])[0] <= minute) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How many activities the window of `windowMinutes` ending at `minute` holds. */
function windowCount(buckets: readonly [number, number][], minute: number, windowMinutes: number): number {
  let count = 0;
  for (let i = after(buckets, minute - windowMinutes); i < buckets.length && (buckets[i] as [number, number])[0] <= minute; i++) count += (buckets[i] as [number, number])[1];
  return count;
}

const inSpans = (spans: readonly [number, number][], minute: number): boolean => spans.some(([first, last]) => minute >= first && minute <= last);

/**
 * Adds an activity; returns the new baseline and the count of the busiest window holding it (the one ending
 * at it, or for a late activity one ending up to a window later: `end`) with that window's ids. Windows are
 * learned, with their count as it stands then, only once they are a whole window behind this activity (a
 * late burst is never folded into its own baseline while it is still arriving) and have settled.
 */
export function addToVolume(base: VolumeBaseline, a: Activity, windowMs: number, benign?: BenignWindows): { next: VolumeBaseline; count: number; end: number; ids: [number, string][] } {
  const minute = Math.floor(a.time / MINUTE);
  const windowMinutes = Math.ceil(windowMs / MINUTE);
  let newest = minute;
  const last = base.buckets[base.buckets.length - 1];
  if (last !== undefined && last[0] > newest) newest = last[0];
  // Stored tuples may be frozen (the state cache shares them): the one that changes is replaced, the rest reused.
  let buckets = [...base.buckets];
  let self = after(buckets, minute);
  if (self > 0 && (buckets[self - 1] as [number, number])[0] === minute) {
    self -= 1;
    buckets[self] = [minute, (buckets[self] as [number, number])[1] + 1];
  } else buckets.splice(self, 0, [minute, 1]);
  // A late activity belongs to the windows ending after it too (up to a window on): the busiest is its count.
  let count = windowCount(buckets, minute, windowMinutes);
  let end = minute;
  for (let i = self + 1; i < buckets.length && (buckets[i] as [number, number])[0] < minute + windowMinutes; i++) {
    const later = windowCount(buckets, (buckets[i] as [number, number])[0], windowMinutes);
    if (later > count) {
      count = later;
      end = (buckets[i] as [number, number])[0];
    }
  }

  let learned = { peak: base.peak, pm: base.pm ?? 0 };
  const held: [number, number][] = [];
  const hold = (m: number, c: number) => {
    // One entry per alerted run (windows less than a window apart): its busiest.
    const previous = held[held.length - 1];
    if (previous !== undefined && Math.abs(m - previous[0]) < windowMinutes) {
      if (c > previous[1]) held[held.length - 1] = [m, c];
    } else held.push([m, c]);
  };
  for (const entry of base.held ?? []) {
    if (inBenignWindow(benign, entry[0] * MINUTE)) learned = learnWindow(learned, entry[0], entry[1]);
    else held.push(entry);
  }
  let alerted = base.al ?? [];
  // A baseline stored before windows settled: its pending windows, then every window after the last of them.
  let folded = base.fw ?? 0;
  if (base.fw === undefined && base.pend) {
    alerted = base.pend.filter((e) => e[2] === 1).map((e): [number, number] => [e[0], e[0]]);
    folded = base.pend.length ? Math.min(...base.pend.map((e) => e[0])) - 1 : (last?.[0] ?? 0);
  }
  const foldTo = Math.min(minute - windowMinutes, newest - windowMinutes - SETTLE_MS / MINUTE);
  if (foldTo > folded) {
    for (let i = after(buckets, folded); i < buckets.length && (buckets[i] as [number, number])[0] <= foldTo; i++) {
      const over = (buckets[i] as [number, number])[0];
      const c = windowCount(buckets, over, windowMinutes);
      if (!inSpans(alerted, over) || inBenignWindow(benign, over * MINUTE)) learned = learnWindow(learned, over, c);
      else hold(over, c);
    }
    folded = foldTo;
    alerted = alerted.filter((span) => span[1] > folded);
  }
  const { peak, pm } = learned;
  // Old minutes go once their windows are learned (a burst arriving days late is still counted until then).
  const keepFrom = newest - windowMinutes - LATE_KEEP_MS / MINUTE;
  if (buckets[0] !== undefined && buckets[0][0] <= keepFrom) buckets = buckets.filter((b) => b[0] > keepFrom);
  if (buckets.length > MAX_BUCKETS) buckets = buckets.slice(-MAX_BUCKETS);
  const stillHeld = held.filter((entry) => entry[0] > newest - HOLD_MS / MINUTE).sort((x, y) => x[0] - y[0]).slice(-MAX_HELD);

  // Evidence: the activities of any window that has not settled yet.
  const kept = base.ids.filter((r) => r[0] > a.time - windowMs || r[0] > (newest - windowMinutes) * MINUTE - SETTLE_MS);
  const idsInOrder = kept.length === 0 || a.time >= (kept[kept.length - 1] as [number, string])[0];
  kept.push([a.time, a.id]);
  // A stable sort: an activity of the same millisecond as the last one stays after it either way.
  if (!idsInOrder) kept.sort((x, y) => x[0] - y[0]);
  const ids = kept.length > MAX_VOLUME_IDS ? kept.slice(-MAX_VOLUME_IDS) : kept;
  const day = dayOf(a.time);
  return {
    next: {
      peak,
      pm,
      days: base.days + (day !== base.lastDay ? 1 : 0),
      lastDay: Math.max(day, base.lastDay),
      buckets,
      fw: folded,
      ...(alerted.length ? { al: alerted } : {}),
      ...(stillHeld.length ? { held: stillHeld } : {}),
      ids,
    },
    count,
    end,
    // The window's minutes, as counted (a later activity of the same minute too).
    ids: ids.filter((r) => r[0] < (end + 1) * MINUTE && r[0] >= (end - windowMinutes + 1) * MINUTE),
  };
}

/** Adds [first, last] to sorted spans, merging the ones it overlaps or touches. */
function withSpan(spans: readonly [number, number][], span: [number, number]): [number, number][] {
  const out: [number, number][] = [];
  let [first, last] = span;
  for (const s of spans) {
    if (s[1] < first - 1) out.push(s);
    else if (s[0] > last + 1) out.push(s);
    else {
      first = Math.min(first, s[0]);
      last = Math.max(last, s[1]);
    }
  }
  out.push([first, last]);
  return out.sort((x, y) => x[0] - y[0]);
}

/** Parameters of a volume policy (mass download, unusual admin activity). */
export interface VolumeParams {
  /** Never alert below this many in one window... */
  minCount: number;
  /** ...nor unless the count exceeds this many times the user's own peak. */
  multiplier: number;
  windowMinutes: number;
  /**
   * While the user's baseline is still being learned there is no peak to compare with: only a window of
   * at least this many alerts (a first sync that can only read a few days of a feed still catches a
   * blatant burst).
   */
  learningFloor: number;
}

/**
 * The shared logic of volume policies: count per user per window, compare with the user's own peak, and
 * learn the peak from windows that did not alert (an attack never becomes the baseline).
 */
export function evaluateVolume(
  a: Activity,
  current: VolumeBaseline | undefined,
  p: VolumeParams,
  learning: boolean,
  words: (count: number, peak: number | null, minutes: number) => string,
  benign?: BenignWindows,
): { next: VolumeBaseline; finding: Finding | null } {
  const { next, count, end, ids } = addToVolume(current ?? emptyVolume(), a, p.windowMinutes * MINUTE, benign);
  const peakNow = Math.round(fadedPeak(next, end) * 10) / 10;
  const unusual = learning ? count >= p.learningFloor : count >= p.minCount && count > p.multiplier * peakNow;
  if (!unusual) return { next, finding: null };
  // The windows ending within this one belong to the alert: never learn them as normal (unless dismissed as benign).
  next.al = withSpan(next.al ?? [], [end - Math.ceil(p.windowMinutes) + 1, end]);
  const base = { ...next, peak: peakNow };
  return {
    next,
    finding: {
      explanation: words(count, learning ? null : Math.round(base.peak), p.windowMinutes),
      baseline: { peakPerWindow: base.peak, windowMinutes: p.windowMinutes, activeDays: base.days },
      details: { count, windowMinutes: p.windowMinutes, threshold: Math.max(p.minCount, Math.floor(p.multiplier * base.peak) + 1) },
      related: ids.map((entry) => ({ id: entry[1], time: entry[0] })),
      covers: count,
    },
  };
}

/** The parameters of a volume policy (mass download, unusual admin activity), validated the same way. */
export const volumeParamsSchema = z
  .object({ minCount: z.number().int().min(1), multiplier: z.number().min(1), windowMinutes: z.number().positive(), learningFloor: z.number().int().min(1) })
  .partial()
  .strict();

/** The documentation of a volume policy's parameters; `what` names what is counted. */
export function volumeParamDocs(what: string): Record<keyof VolumeParams, string> {
  return {
    minCount: `Never alert below this many ${what} in one window...`,
    multiplier: '...nor unless the count exceeds this many times the user’s own busiest window so far.',
    windowMinutes: 'The sliding window, in minutes.',
    learningFloor: "While the user's baseline is still being learned, only a window of at least this many alerts.",
  };
}

