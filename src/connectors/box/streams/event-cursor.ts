import { ProviderError } from '../../../core/errors.js';

const PREFIX = 'box-admin-logs:';
/**
 * Event ids remembered across pages and syncs: Box may serve an event again after later ones (its streams
 * re-deliver, documented for `admin_logs_streaming` and seen on `admin_logs`); a re-delivery comes within a
 * few hundred events, so the last 500 ids are enough to drop it without dropping a late first delivery.
 */
export const SEEN_IDS_KEPT = 500;

/** Where the enterprise event stream resumes: Box's opaque position, the backfill bound, and recent ids. */
export interface EventCursor {
  /** `next_stream_position` of the last committed page (`0` = from the start of `createdAfter`). */
  position: string;
  /** `created_after` of the first sync, sent with every request so the position walks one filtered stream. */
  createdAfter: string;
  /** The last {@link SEEN_IDS_KEPT} event ids delivered, oldest first. */
  seen: string[];
}

/** Box's date-time format: seconds and an explicit offset (`2025-02-24T16:10:18+00:00`). */
export function boxTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export function encodeCursor(cursor: EventCursor): string {
  return `${PREFIX}${JSON.stringify({ p: cursor.position, a: cursor.createdAfter, s: cursor.seen })}`;
}

export function decodeCursor(checkpoint: string): EventCursor {
  const fail = () => new ProviderError(`Box events: the stored checkpoint is not a Box event-stream position (${checkpoint.slice(0, 60)}). Run a full sync (--full) to start over.`);
  if (!checkpoint.startsWith(PREFIX)) throw fail();
  let parsed: unknown;
  try {
    parsed = JSON.parse(checkpoint.slice(PREFIX.length));
  } catch {
    throw fail();
  }
  const o = parsed as { p?: unknown; a?: unknown; s?: unknown };
  if (typeof o.p !== 'string' || typeof o.a !== 'string' || !Array.isArray(o.s) || !o.s.every((x) => typeof x === 'string')) throw fail();
  return { position: o.p, createdAfter: o.a, seen: o.s as string[] };
}

/** Drops events already delivered (by `event_id`), in the page and before it; returns the kept ones and the updated memory. */
export function dedupe(entries: readonly unknown[], seen: readonly string[]): { fresh: unknown[]; seen: string[] } {
  const known = new Set(seen);
  const fresh: unknown[] = [];
  const next = [...seen];
  for (const entry of entries) {
    const id = entry && typeof entry === 'object' ? (entry as Record<string, unknown>).event_id : undefined;
    if (typeof id === 'string' && id) {
      if (known.has(id)) continue;
      known.add(id);
      next.push(id);
    }
    fresh.push(entry);
  }
  return { fresh, seen: next.length > SEEN_IDS_KEPT ? next.slice(next.length - SEEN_IDS_KEPT) : next };
}
