import { DEFAULT_BACKFILL_MS } from '../backfill-start.js';

/**
 * Where a first sync with the default backfill starts reading, as a client of the simulator sees it: the
 * connector counts the 7 days back from the provider's clock, which reaches it through an HTTP `Date` header
 * (whole seconds). A truth counted from the millisecond would leave out a record on the boundary second that
 * the connector rightly stores.
 */
export function firstSyncFrom(now: number): number {
  return Math.floor((now - DEFAULT_BACKFILL_MS) / 1000) * 1000;
}
