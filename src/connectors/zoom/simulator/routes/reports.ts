import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DAY } from '../../../../core/clock.js';
import type { ZoomState } from '../state.js';
import { decodeCursor, encodeCursor, pageSizeOf, zoomError } from './errors.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Zoom's "one month" for a report query, in days between `from` and `to`. */
export const MAX_RANGE_DAYS = 31;
const RETENTION_DAYS = 183;
const DEFAULT_TTL = 15 * 60_000;

/** `GET /report/activities` (sign-in/out) and `GET /report/operationlogs`: date-bounded, newest first, `next_page_token`. */
export function reportRoutes(app: FastifyInstance, state: ZoomState): void {
  const report = (path: string, kind: 'signin' | 'op', key: string) =>
    app.get(`/v2${path}`, async (req: FastifyRequest, reply) => {
      if (state.options.freePlan) return zoomError(reply, 400, 200, 'Only available for Paid or ZMP account.');
      const q = req.query as Record<string, string | undefined>;
      if (!q.from || !q.to) return zoomError(reply, 400, 300, 'The from and to parameters are required.');
      if (!DATE.test(q.from) || !DATE.test(q.to) || Number.isNaN(Date.parse(q.from)) || Number.isNaN(Date.parse(q.to))) return zoomError(reply, 400, 300, 'Invalid date format: use yyyy-mm-dd.');
      const from = Date.parse(`${q.from}T00:00:00Z`);
      const to = Date.parse(`${q.to}T00:00:00Z`) + DAY;
      if (to <= from) return zoomError(reply, 400, 300, 'The to date must not be earlier than the from date.');
      if ((to - from) / DAY > MAX_RANGE_DAYS) return zoomError(reply, 400, 300, 'The date range must be within one month.');
      if (from < Math.floor(state.now() / DAY) * DAY - RETENTION_DAYS * DAY) return zoomError(reply, 400, 300, 'Only provide report in recent 6 months.');
      const size = pageSizeOf(q.page_size, state.options.pageSize ?? 300);
      if (size === null) return zoomError(reply, 400, 300, 'Invalid field: page_size must be 1..300.');
      const query = `${path}|${q.from}|${q.to}`;
      let after: { at: number; id: string } | null = null;
      if (q.next_page_token) {
        const cursor = decodeCursor(q.next_page_token);
        const ttl = state.options.pageTokenTtlMs ?? DEFAULT_TTL;
        if (!cursor || cursor.q !== query || cursor.at === undefined || cursor.id === undefined || Date.now() - cursor.i > ttl) {
          return zoomError(reply, 400, 300, 'The next page token is invalid or expired.');
        }
        after = { at: cursor.at, id: cursor.id };
      }
      const page = [];
      let more = false;
      for (const r of state.visible(kind)) {
        if (r.at < from || r.at >= to) continue;
        if (after && (r.at > after.at || (r.at === after.at && r.id >= after.id))) continue;
        if (page.length === size) {
          more = true;
          break;
        }
        page.push(r);
      }
      const last = page[page.length - 1];
      const next = more && last ? encodeCursor({ q: query, at: last.at, id: last.id, i: Date.now() }) : '';
      return reply.send({ from: q.from, to: q.to, page_size: size, next_page_token: next, [key]: page.map((r) => r.record) });
    });
  report('/report/activities', 'signin', 'activity_logs');
  report('/report/operationlogs', 'op', 'operation_logs');
}
