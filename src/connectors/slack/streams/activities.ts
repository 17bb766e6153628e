import { DAY } from '../../../core/clock.js';
import { backfillStart } from '../../sdk/backfill-start.js';
import type { IncrementalStream } from '../../sdk/define-connector.js';
import type { SlackSession } from '../session.js';

/** One request window: Slack's cursors belong to one (oldest, latest) query, so a checkpoint keeps both. */
export const WINDOW_SECONDS = (7 * DAY) / 1000;

/**
 * Where the audit stream stands: every entry with `date_create` <= `through` (Unix seconds) was delivered;
 * `seen` are the entries already delivered from later seconds, which were still Slack's current second when
 * read (more may arrive in them), as `[id, date_create]`: they are read again and skipped. `window`, when set,
 * is the query being paged, the cursor of its next page (Slack pages newest first) and `settled`, the last
 * second that was complete on Slack's clock when the window's first page was answered.
 */
export interface AuditCheckpoint {
  through: number;
  seen?: [string, number][];
  window?: { oldest: number; latest: number; cursor: string; settled: number };
}

export function parseAuditCheckpoint(text: string | null, backfillFrom: number): AuditCheckpoint {
  const fresh = { through: Math.floor(backfillFrom / 1000) - 1 };
  if (!text) return fresh;
  try {
    const value = JSON.parse(text) as Partial<AuditCheckpoint>;
    if (typeof value.through !== 'number' || !Number.isFinite(value.through)) return fresh;
    const seen = Array.isArray(value.seen) ? value.seen.filter((s): s is [string, number] => Array.isArray(s) && typeof s[0] === 'string' && typeof s[1] === 'number') : [];
    const w = value.window;
    const settled = typeof w?.settled === 'number' ? w.settled : w?.latest;
    if (w && typeof w.oldest === 'number' && typeof w.latest === 'number' && typeof w.cursor === 'string' && w.cursor !== '' && typeof settled === 'number') {
      return { through: value.through, seen, window: { oldest: w.oldest, latest: w.latest, cursor: w.cursor, settled } };
    }
    return { through: value.through, seen };
  } catch {
    return fresh;
  }
}

/**
 * The Audit Logs API. Slack returns entries newest first inside an `oldest`..`latest` range (Unix seconds,
 * both inclusive), so the stream walks week-long windows forward in time and pages each window back to its
 * start with `response_metadata.next_cursor`. A window ends one second before this machine's now, but only
 * what is older than Slack's current second is complete: the `Date` of the window's first answer tells
 * Slack's second, `through` never passes the one before it, and entries read from that second on are kept
 * in `seen` and skipped when the next sync reads those seconds again. So an entry created while a window is
 * read, in the second the read ends in or (with this machine's clock ahead of Slack's) in a second this
 * machine thinks is past, is read by the next sync, not skipped; nothing is delivered twice.
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
    const seen = new Map(checkpoint.seen);
    const state = (extra: Partial<AuditCheckpoint> = {}) => JSON.stringify({ through, ...(seen.size > 0 ? { seen: [...seen] } : {}), ...extra });
    while (window || through < end) {
      const oldest = window?.oldest ?? through + 1;
      // A window that would leave less than an hour for the next one takes it in: one request fewer.
      const full = oldest + WINDOW_SECONDS - 1;
      const latest = window?.latest ?? (end - full < 3600 ? end : full);
      let cursor = window?.cursor;
      let settled = window?.settled ?? null;
      window = undefined;
      for (;;) {
        const page = await client.auditLogs({ oldest, latest, limit: config.pageSize, cursor }, runtime.signal);
        settled ??= page.serverTime === null ? latest : Math.floor(page.serverTime / 1000) - 1;
        const bound = Math.min(latest, settled);
        const records: Record<string, unknown>[] = [];
        for (const entry of page.entries) {
          const id = typeof entry.id === 'string' ? entry.id : null;
          if (id !== null && seen.has(id)) continue;
          records.push(entry);
          const created = Number(entry.date_create);
          if (id !== null && created > bound) seen.set(id, created);
        }
        if (page.nextCursor) {
          yield { records, checkpoint: state({ window: { oldest, latest, cursor: page.nextCursor, settled } }) };
          cursor = page.nextCursor;
          continue;
        }
        through = Math.max(through, bound);
        for (const [id, created] of seen) if (created <= through) seen.delete(id);
        // Slack's clock stopped this window short: what follows is its current second, for the next sync.
        const clipped = bound < latest;
        // An empty window ends without a page unless it is the last: its checkpoint rides on the next one.
        if (records.length > 0 || through >= end || clipped) yield { records, checkpoint: state() };
        if (clipped) return;
        break;
      }
    }
  },
};
