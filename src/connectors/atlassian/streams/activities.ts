import { ProviderError } from '../../../core/errors.js';
import { backfillStart } from '../../sdk/backfill-start.js';
import type { IncrementalStream } from '../../sdk/define-connector.js';
import { cursorOf } from '../client.js';
import type { AtlassianSession } from '../session.js';

const CURSOR = 'cursor:';

/** The checkpoint is Atlassian's opaque events-stream cursor: the position after the last event delivered. */
export function parseCheckpoint(text: string | null): string | null {
  if (!text) return null;
  if (!text.startsWith(CURSOR) || text.length === CURSOR.length) throw new ProviderError(`Atlassian events: the stored checkpoint is not an events-stream cursor (${text.slice(0, 40)}). Run a full sync (--full) to start over.`);
  return text.slice(CURSOR.length);
}

/**
 * The org audit log through `GET /admin/v1/orgs/{orgId}/events-stream`, the polling endpoint Atlassian
 * recommends for collectors (the `/events` search allows 10 requests a minute per path and is left to the
 * connection test). Events come in the order Atlassian processed them (`sortOrder=asc`), so one that is
 * processed late still comes after the cursor: no re-read window is needed. The first request sends `from`
 * in epoch milliseconds; every later one only the cursor (a cursor makes Atlassian ignore the other filters).
 * `meta.next` is the position after the page, sent on the last page too: it is the checkpoint, and the next
 * sync asks it again.
 */
export const activitiesStream: IncrementalStream<AtlassianSession> = {
  kind: 'incremental',
  entity: 'activities',
  async *read(session, runtime, options) {
    const { client, config } = session;
    const path = `${client.org}/events-stream`;
    let cursor = parseCheckpoint(options.checkpoint);
    let query: Record<string, string | number | undefined>;
    if (cursor === null) {
      const { serverTime } = await client.orgInfo(runtime.signal);
      const from = backfillStart(options.backfillFrom, runtime.clock.now(), serverTime ?? runtime.clock.now());
      query = { from, limit: config.pageSize, sortOrder: 'asc' };
    } else query = { cursor, limit: config.pageSize };
    for (;;) {
      const page = await client.get('atlassian.events.stream', path, query, runtime.signal);
      const position = page.metaNext ?? (page.next ? cursorOf(page.next) : null) ?? cursor;
      if (position === null) {
        if (page.items.length > 0) throw new ProviderError('Atlassian events: a page of events came without a cursor (meta.next or links.next), so there is no way to resume after it; nothing of it was stored. Check that the connection reaches api.atlassian.com directly.');
        return;
      }
      if (page.items.length > 0 || options.checkpoint === null || position !== cursor) yield { records: page.items, checkpoint: `${CURSOR}${position}` };
      if (!page.next || page.items.length === 0) return;
      cursor = position;
      query = { cursor, limit: config.pageSize };
    }
  },
};
