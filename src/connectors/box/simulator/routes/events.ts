import type { FastifyInstance } from 'fastify';
import { POSITION_BASE, type BoxState } from '../state.js';
import { sendBoxError } from '../wire.js';

export const EVENTS_MAX_LIMIT = 500;
const EVENTS_DEFAULT_LIMIT = 100;

function parseTime(text: string | undefined): number | null | undefined {
  if (text === undefined || text === '') return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * `GET /2.0/events?stream_type=admin_logs`: the recorded log from `stream_position`, filtered by
 * `created_after`/`created_before` and `event_type` (one comma-separated parameter). The next position is
 * just after the last record returned, or the log's end when the page did not fill (an empty page at the
 * same position = caught up). `stream_position=now` gives the end and no events.
 */
export function eventsRoutes(app: FastifyInstance, state: BoxState): void {
  app.get('/2.0/events', async (req, reply) => {
    const q = req.query as Record<string, string | undefined>;
    const stream = q.stream_type ?? 'all';
    if (stream !== 'admin_logs') return sendBoxError(reply, 400, 'bad_request', `This simulator serves stream_type=admin_logs only (asked: ${stream})`);
    const limit = q.limit === undefined ? EVENTS_DEFAULT_LIMIT : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > EVENTS_MAX_LIMIT) return sendBoxError(reply, 400, 'bad_request', `limit must be between 1 and ${EVENTS_MAX_LIMIT}`);
    const after = parseTime(q.created_after);
    const before = parseTime(q.created_before);
    if (after === null || before === null) return sendBoxError(reply, 400, 'bad_request', 'created_after and created_before must be RFC 3339 date-times');
    const log = state.log();
    const end = POSITION_BASE + BigInt(log.length);
    if (q.stream_position === 'now') return reply.send({ chunk_size: 0, next_stream_position: end.toString(), entries: [] });
    let start = 0;
    if (q.stream_position !== undefined && q.stream_position !== '0' && q.stream_position !== '') {
      if (!/^\d{1,20}$/.test(q.stream_position)) return sendBoxError(reply, 400, 'bad_request', 'Invalid stream_position');
      const pos = BigInt(q.stream_position);
      if (pos < POSITION_BASE || pos > end) return sendBoxError(reply, 400, 'bad_request', 'Invalid stream_position');
      start = Number(pos - POSITION_BASE);
    }
    const types = q.event_type ? new Set(q.event_type.split(',').map((t) => t.trim())) : null;
    const size = Math.min(limit, state.options.pageSize ?? EVENTS_MAX_LIMIT);
    const entries: unknown[] = [];
    let next = log.length;
    for (let i = start; i < log.length; i++) {
      const { event } = log[i]!;
      if (after !== undefined && event.at < after) continue;
      if (before !== undefined && event.at > before) continue;
      if (types && !types.has(String(event.record.event_type))) continue;
      entries.push(event.record);
      if (entries.length === size) {
        next = i + 1;
        break;
      }
    }
    return reply.send({ chunk_size: entries.length, next_stream_position: (POSITION_BASE + BigInt(next)).toString(), entries });
  });
}
