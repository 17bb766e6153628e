import { backfillStart } from '../../sdk/backfill-start.js';
import type { IncrementalStream } from '../../sdk/define-connector.js';
import type { BoxSession } from '../session.js';
import { boxTime, decodeCursor, dedupe, encodeCursor, type EventCursor } from './event-cursor.js';

/**
 * The enterprise event stream (`GET /events?stream_type=admin_logs`). The first sync starts at position 0
 * with `created_after` = the backfill start (a default window counted back from Box's clock); each page's `next_stream_position` is the checkpoint, committed
 * with the page. Box records events in the order it receives them, so a late event (created earlier,
 * recorded later) comes after the position and is read; an event Box serves again is dropped by its
 * `event_id` (the checkpoint remembers the last ids). Caught up when a page comes back empty.
 */
export const activitiesStream: IncrementalStream<BoxSession> = {
  kind: 'incremental',
  entity: 'activities',
  async *read(session, runtime, options) {
    const { client, config } = session;
    let cursor: EventCursor;
    if (options.checkpoint) cursor = decodeCursor(options.checkpoint);
    else {
      // The default "last 7 days" is counted back from Box's clock (its Date header), not ours.
      const localNow = runtime.clock.now();
      const from = backfillStart(options.backfillFrom, localNow, (await client.serverNow(runtime.signal)) ?? localNow);
      cursor = { position: '0', createdAfter: boxTime(from), seen: [] };
    }
    for (;;) {
      const page = await client.events({ stream_position: cursor.position, created_after: cursor.createdAfter, limit: config.pageSize }, runtime.signal);
      const { fresh, seen } = dedupe(page.entries, cursor.seen);
      const moved = page.next_stream_position !== cursor.position;
      cursor = { position: page.next_stream_position, createdAfter: cursor.createdAfter, seen };
      if (fresh.length > 0 || moved) yield { records: fresh, checkpoint: encodeCursor(cursor) };
      if (page.entries.length === 0 || !moved) return;
    }
  },
};
