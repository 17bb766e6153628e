import { DAY, MINUTE } from '../../../core/clock.js';
import type { IncrementalStream } from '../../sdk/define-connector.js';
import type { SlackSession } from '../session.js';

/** One request window: Slack's cursors belong to one (oldest, latest) query, so a checkpoint keeps both. */
export const WINDOW_SECONDS = (7 * DAY) / 1000;

/**
 * Where the audit stream stands: every entry with `date_create` <= `through` (Unix seconds) was delivered;
 * `window`, when set, is the query being paged and the cursor of its next page (Slack pages newest first).
 */
export interface AuditCheckpoint {
  through: number;
  window?: { oldest: number; latest: number; cursor: string };
}

/** Parapet's default first-sync window (config `backfillDays`). */
const DEFAULT_BACKFILL_MS = 7 * DAY;

/**
 * Where a first sync starts: the default "last 7 days" is counted on Slack's clock (a machine whose clock is
 * off, or a frozen simulator, would otherwise read the wrong week); an explicit backfill is taken as given.
 */
export function backfillStart(backfillFrom: number, localNow: number, providerNow: number | null): number {
  const isDefault = Math.abs(localNow - DEFAULT_BACKFILL_MS - backfillFrom) < 5 * MINUTE;
  return isDefault && providerNow !== null ? providerNow - DEFAULT_BACKFILL_MS : backfillFrom;
}

export function parseAuditCheckpoint(text: string | null, backfillFrom: number): AuditCheckpoint {
  const fresh = { through: Math.floor(backfillFrom / 1000) - 1 };
  if (!text) return fresh;
  try {
    const value = JSON.parse(text) as Partial<AuditCheckpoint>;
    if (typeof value.through !== 'number' || !Number.isFinite(value.through)) return fresh;
    const w = value.window;
    if (w && typeof w.oldest === 'number' && typeof w.latest === 'number' && typeof w.cursor === 'string' && w.cursor !== '') {
      return { through: value.through, window: { oldest: w.oldest, latest: w.latest, cursor: w.cursor } };
    }
    return { through: value.through };
  } catch {
    return fresh;
  }
}

/**
 * The Audit Logs API. Slack returns entries newest first inside an `oldest`..`latest` range (Unix seconds,
 * both inclusive), so the stream walks week-long windows forward in time and pages each window back to its
 * start with `response_metadata.next_cursor`. A window's range is fixed once chosen and always ends at
 * least one whole second in the past, so nothing can still arrive inside it; the checkpoint after every
 * page keeps the window and cursor, and once a window is done it moves `through` to the window's end.
 */
export const activitiesStream: IncrementalStream<SlackSession> = {
  kind: 'incremental',
  entity: 'activities',
  async *read(session, runtime, options) {
    const { client, config } = session;
    const localNow = runtime.clock.now();
    const from = options.checkpoint ? options.backfillFrom : backfillStart(options.backfillFrom, localNow, await client.serverTime(runtime.signal));
    const checkpoint = parseAuditCheckpoint(options.checkpoint, from);
    // The current second may still receive entries: read up to the one before it.
    const end = Math.floor(localNow / 1000) - 1;
    let through = checkpoint.through;
    let window = checkpoint.window;
    while (window || through < end) {
      const oldest = window?.oldest ?? through + 1;
      // A window that would leave less than an hour for the next one takes it in: one request fewer.
      const full = oldest + WINDOW_SECONDS - 1;
      const latest = window?.latest ?? (end - full < 3600 ? end : full);
      let cursor = window?.cursor;
      window = undefined;
      for (;;) {
        const page = await client.auditLogs({ oldest, latest, limit: config.pageSize, cursor }, runtime.signal);
        if (page.nextCursor) {
          yield { records: page.entries, checkpoint: JSON.stringify({ through, window: { oldest, latest, cursor: page.nextCursor } }) };
          cursor = page.nextCursor;
          continue;
        }
        through = latest;
        // An empty window ends without a page unless it is the last: its checkpoint rides on the next one.
        if (page.entries.length > 0 || through >= end) yield { records: page.entries, checkpoint: JSON.stringify({ through }) };
        break;
      }
    }
  },
};
