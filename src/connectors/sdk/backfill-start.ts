import { DAY, MINUTE } from '../../core/clock.js';

/** The sync's default first-sync window. */
export const DEFAULT_BACKFILL_MS = 7 * DAY;

/**
 * Where a first sync starts. The default backfill ("the last 7 days", by our clock) is counted back from
 * the provider's clock instead, so a provider whose clock differs from ours (or a frozen simulator) still
 * gives its last 7 days; an explicit start is kept as given, and so is any start when the provider's clock
 * is unknown (`null`).
 */
export function backfillStart(backfillFrom: number, localNow: number, providerNow: number | null): number {
  const isDefault = Math.abs(localNow - DEFAULT_BACKFILL_MS - backfillFrom) < 5 * MINUTE;
  return isDefault && providerNow !== null ? providerNow - DEFAULT_BACKFILL_MS : backfillFrom;
}

/**
 * `from`, no further back than a provider keeps (`retentionMs` counted back from the provider's clock: what it
 * still holds ends there, and a start before it may be refused). The provider's clock (`providerNow`, usually
 * one request) is asked only when `from` is within a day of that edge by ours.
 */
export async function keptFrom(from: number, retentionMs: number, localNow: number, providerNow: () => Promise<number>): Promise<number> {
  if (from >= localNow - retentionMs + DAY) return from;
  return Math.max(from, (await providerNow()) - retentionMs);
}
