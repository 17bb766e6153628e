import { DAY, MINUTE } from '../../core/clock.js';

/** The sync's default first-sync window. */
export const DEFAULT_BACKFILL_MS = 7 * DAY;

/**
 * Where a first sync starts. The default backfill ("the last 7 days", by our clock) is counted back from
 * the provider's clock instead, so a provider whose clock differs from ours (or a frozen simulator) still
 * gives its last 7 days; an explicit start is kept as given.
 */
export function backfillStart(backfillFrom: number, localNow: number, providerNow: number): number {
  const isDefault = Math.abs(localNow - DEFAULT_BACKFILL_MS - backfillFrom) < 5 * MINUTE;
  return isDefault ? providerNow - DEFAULT_BACKFILL_MS : backfillFrom;
}
