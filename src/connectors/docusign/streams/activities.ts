import { DAY, MINUTE } from '../../../core/clock.js';
import type { IncrementalStream } from '../../sdk/define-connector.js';
import type { DocusignSession } from '../session.js';

/** Monitor's own default window when no cursor is sent. */
const MONITOR_DEFAULT_WINDOW = 7 * DAY;
/** A backfill start this close to "7 days ago" is DocuSign's default window. */
const DEFAULT_WINDOW_TOLERANCE = 5 * MINUTE;

/**
 * The first request's cursor: none when the backfill is Monitor's default 7 days (so DocuSign's own clock
 * decides the window), otherwise an ISO time.
 */
export function initialCursor(backfillFrom: number, now: number): string | null {
  return Math.abs(now - MONITOR_DEFAULT_WINDOW - backfillFrom) <= DEFAULT_WINDOW_TOLERANCE ? null : new Date(backfillFrom).toISOString();
}

/**
 * Empty pages in a row, each with a new cursor, after which a read stops: DocuSign's own examples stop
 * only when the cursor comes back unchanged, and a service that keeps inventing cursors must not keep a
 * sync looping.
 */
export const MAX_EMPTY_PAGES_IN_A_ROW = 20;

/**
 * Monitor's event stream. The checkpoint is DocuSign's cursor; it stops when DocuSign hands back the
 * cursor it was sent (caught up), or after {@link MAX_EMPTY_PAGES_IN_A_ROW} empty pages. Records are
 * yielded raw, in DocuSign's (ingestion) order.
 */
export const activitiesStream: IncrementalStream<DocusignSession> = {
  kind: 'incremental',
  entity: 'activities',
  async *read(session, runtime, options) {
    const { client, config } = session;
    let cursor = options.checkpoint ?? initialCursor(options.backfillFrom, runtime.clock.now());
    let emptyInARow = 0;
    for (;;) {
      const page = await client.monitorPage({ cursor, limit: config.pageSize }, runtime.signal);
      if (page.endCursor === cursor || page.endCursor === '') {
        if (page.records.length > 0 && cursor !== null) yield { records: page.records, checkpoint: cursor };
        return;
      }
      emptyInARow = page.records.length === 0 ? emptyInARow + 1 : 0;
      if (emptyInARow >= MAX_EMPTY_PAGES_IN_A_ROW) {
        // Keep the cursor of the last page that held records: nothing after it is skipped.
        runtime.logger.warn(
          { emptyPages: emptyInARow },
          `DocuSign Monitor: ${emptyInARow} empty pages in a row, each with a new cursor; stopped reading until the next sync (the cursor stays where the last events were).`,
        );
        return;
      }
      if (page.records.length > 0 || emptyInARow === 1) yield { records: page.records, checkpoint: page.endCursor };
      cursor = page.endCursor;
    }
  },
};
