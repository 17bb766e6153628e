import type { FastifyInstance } from 'fastify';
import type { DropboxState } from '../state.js';
import { badInput, decodeCursor, encodeCursor, iso, routeError, tagOf } from '../wire.js';

export const TEAM_LOG_MAX_LIMIT = 1000;

interface Query {
  start: number | null;
  end: number | null;
  category: string | null;
  limit: number;
}

/**
 * `team_log/get_events` and `get_events/continue`. The cursor is a position in the log's write order (so
 * events logged late are delivered when they arrive); `limit` counts events scanned before the category
 * filter, so a filtered page may be empty with `has_more: true`; events inside a page are not in time order.
 */
export function teamLogRoutes(app: FastifyInstance, state: DropboxState): void {
  const page = (q: Query, after: { arrival: number; seq: number } | null) => {
    const log = state.log();
    const inRange = (at: number) => (q.start === null || at >= q.start) && (q.end === null || at < q.end);
    let i = 0;
    if (after) {
      let lo = 0;
      let hi = log.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const e = log[mid]!;
        if (e.arrival < after.arrival || (e.arrival === after.arrival && e.seq <= after.seq)) lo = mid + 1;
        else hi = mid;
      }
      i = lo;
    }
    const events: Record<string, unknown>[] = [];
    let scanned = 0;
    let last = after;
    for (; i < log.length && scanned < q.limit; i++) {
      const e = log[i]!;
      last = { arrival: e.arrival, seq: e.seq };
      if (!inRange(e.at)) continue;
      scanned++;
      if (q.category === null || e.category === q.category) events.push(e.record);
    }
    let hasMore = false;
    for (; i < log.length; i++) {
      if (inRange(log[i]!.at)) {
        hasMore = true;
        break;
      }
    }
    // Not in time order (digest §3): the page is served sorted by content.
    events.sort((a, b) => (JSON.stringify(a.details) + String(a.timestamp) < JSON.stringify(b.details) + String(b.timestamp) ? -1 : 1));
    const cursor = encodeCursor({ v: 1, a: last?.arrival ?? state.historyStart - 1, s: last?.seq ?? -1, st: q.start, en: q.end, c: q.category, l: q.limit });
    return { events, cursor, has_more: hasMore };
  };

  app.post('/2/team_log/get_events', async (req, reply) => {
    const route = 'team_log/get_events';
    const body = (req.body ?? {}) as Record<string, unknown>;
    const limit = body.limit === undefined ? TEAM_LOG_MAX_LIMIT : Number(body.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > TEAM_LOG_MAX_LIMIT) return badInput(reply, route, `limit: ${String(body.limit)} is not within range [1, 1000]`);
    if (body.category !== undefined && body.event_type !== undefined) return routeError(reply, 409, 'invalid_filters');
    const time = (body.time ?? {}) as Record<string, unknown>;
    const parse = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(v) ? Date.parse(v) : v === undefined ? null : NaN);
    const start = parse(time.start_time);
    const end = parse(time.end_time);
    if (Number.isNaN(start) || Number.isNaN(end)) return badInput(reply, route, 'time: timestamp must be formatted as "%Y-%m-%dT%H:%M:%SZ"');
    if (start !== null && end !== null && end <= start) return routeError(reply, 409, 'invalid_time_range');
    return page({ start, end, category: body.category === undefined ? null : tagOf(body.category), limit }, null);
  });

  app.post('/2/team_log/get_events/continue', async (req, reply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (typeof body.cursor !== 'string') return badInput(reply, 'team_log/get_events/continue', 'cursor: required field is missing');
    const c = decodeCursor(body.cursor);
    if (!c || c.v !== 1 || typeof c.a !== 'number' || typeof c.s !== 'number' || typeof c.l !== 'number') return routeError(reply, 409, 'bad_cursor');
    // A position older than the log keeps: Dropbox resets the cursor and names where to start again.
    if (c.a < state.historyStart - 1) return routeError(reply, 409, 'reset', { reset: iso(state.historyStart + 1000) });
    const num = (v: unknown) => (typeof v === 'number' ? v : null);
    return page({ start: num(c.st), end: num(c.en), category: typeof c.c === 'string' ? c.c : null, limit: c.l }, { arrival: c.a, seq: c.s });
  });
}
