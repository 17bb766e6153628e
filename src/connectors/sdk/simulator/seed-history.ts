import { DAY } from '../../../core/clock.js';
import { TenantClock } from './workforce-routine.js';

/** A simulated tenant's history: what happens once, each day's ordinary activity, and where both go. */
export interface TenantHistory<T> {
  /** The tenant's frozen "now", or null for the wall clock (live). */
  frozenAt: number | null;
  /** When the tenant was built: its "now" at start. */
  builtAt: number;
  /** The oldest moment the history reaches. */
  historyStart: number;
  /** Live mode: how far ahead of "now" the ordinary activity is generated. */
  lookaheadMs: number;
  /** Events that happen once (administration, injected scenarios). */
  once: readonly T[];
  /** The ordinary activity of one UTC day (days since the epoch). */
  day(day: number): T[];
  /** Takes a batch of events into the tenant. */
  add(batch: T[]): void;
}

/**
 * Fills a tenant with its history, in one batch: the one-off events and the ordinary activity of every day
 * from `historyStart`'s to `builtAt`'s (live: to `lookaheadMs` past it). Returns the tenant's clock, which in
 * live mode generates each day still to come as its time nears.
 */
export function seedHistory<T>(history: TenantHistory<T>): TenantClock {
  const { frozenAt, builtAt, historyStart, lookaheadMs } = history;
  const firstDay = Math.floor(historyStart / DAY);
  const lastDay = Math.floor((builtAt + (frozenAt === null ? lookaheadMs : 0)) / DAY);
  const all = [...history.once];
  for (let day = firstDay; day <= lastDay; day++) all.push(...history.day(day));
  const clock = new TenantClock(frozenAt, lastDay, (day) => history.add(history.day(day)), lookaheadMs);
  history.add(all);
  return clock;
}
