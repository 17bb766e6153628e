import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EVENTS_MAX_LIMIT } from '../../config.js';
import { EVENT_ACTIONS, type StoredEvent } from '../events.js';
import type { AtlassianState } from '../state.js';
import { authorize, badRequest, decodeCursor, encodeCursor, epochParam, limitParam, query, sendError } from '../wire.js';

const DEFAULT_LIMIT = 100;

/** Where a cursor stands and the query it belongs to (a cursor makes Atlassian ignore the other filters). */
interface Position {
  /** Sort key of the last event served (processing time for the stream, event time for the search) and its id. */
  k: number;
  i: string;
  f: number | null;
  t: number | null;
  a: string | null;
  d: 0 | 1;
}

const before = (e: { k: number; i: string }, p: { k: number; i: string }) => e.k < p.k || (e.k === p.k && e.i < p.i);

/**
 * `GET /events-stream` (by processing time; the last page still carries `meta.next`, the position to poll from)
 * and `GET /events` (by event time, newest first by default; no `next` at the end). Both take `from`/`to` in
 * epoch ms or seconds, `action`, `limit` and `cursor`; `links.next` is a full URL.
 */
export function eventsRoutes(app: FastifyInstance, state: AtlassianState): void {
  const guard = (reply: FastifyReply) => {
    if (state.options.guard === false) {
      sendError(reply, 403, 'ADMIN-403', 'FORBIDDEN', 'The audit log API requires Atlassian Guard or an Enterprise plan.');
      return false;
    }
    return true;
  };

  function serve(stream: boolean) {
    return async (req: FastifyRequest, reply: FastifyReply) => {
      if (!authorize(state, req, reply) || !guard(reply)) return reply;
      const q = query(req);
      const limit = limitParam(q.limit, DEFAULT_LIMIT, EVENTS_MAX_LIMIT);
      if (limit === 'invalid') return badRequest(reply, `limit must be an integer from 1 to ${EVENTS_MAX_LIMIT}.`);
      let position: Position;
      if (q.cursor) {
        const p = decodeCursor<Position>(q.cursor);
        if (!p || typeof p.k !== 'number' || typeof p.i !== 'string') return badRequest(reply, 'The cursor is invalid.');
        position = p;
      } else {
        const from = epochParam(q.from);
        const to = epochParam(q.to);
        if (from === 'invalid' || to === 'invalid') return badRequest(reply, 'from and to must be epoch timestamps (milliseconds).');
        const sortOrder = (q.sortOrder ?? (stream ? 'asc' : 'desc')).toLowerCase();
        if (sortOrder !== 'asc' && sortOrder !== 'desc') return badRequest(reply, 'sortOrder must be asc or desc.');
        const d = sortOrder === 'desc' ? 1 : 0;
        position = { k: d ? Number.MAX_SAFE_INTEGER : -1, i: '', f: from, t: to, a: q.action ?? null, d };
      }
      const size = Math.min(limit, state.options.pageSize ?? EVENTS_MAX_LIMIT);
      const key = (e: StoredEvent) => ({ k: stream ? e.processedAt : e.at, i: e.record.id });
      let all = state
        .visible()
        .filter((e) => (position.f === null || e.at >= position.f) && (position.t === null || e.at <= position.t) && (position.a === null || e.record.attributes.action === position.a));
      if (!stream) all = [...all].sort((a, b) => a.at - b.at || (a.record.id < b.record.id ? -1 : 1));
      if (position.d) all = [...all].reverse();
      const rest = all.filter((e) => (position.d ? before(key(e), position) : before(position, key(e))));
      const page = rest.slice(0, size);
      const last = page.at(-1);
      const nextPosition = last ? { ...position, ...key(last) } : position;
      const more = rest.length > page.length;
      const nextCursor = encodeCursor(nextPosition as unknown as Record<string, unknown>);
      const path = req.url.split('?')[0] as string;
      const nextUrl = `${state.baseUrl}${path}?${new URLSearchParams({ cursor: nextCursor, limit: String(limit) }).toString()}`;
      return reply.send({
        data: page.map((e) => e.record),
        links: { self: `${state.baseUrl}${req.url}`, prev: null, ...(more ? { next: nextUrl } : {}) },
        meta: { ...(more || stream ? { next: nextCursor } : {}), page_size: size },
      });
    };
  }

  app.get('/admin/v1/orgs/:orgId/events-stream', serve(true));
  app.get('/admin/v1/orgs/:orgId/events', serve(false));

  app.get('/admin/v1/orgs/:orgId/events/:eventId', async (req, reply) => {
    if (!authorize(state, req, reply) || !guard(reply)) return reply;
    const { eventId } = req.params as { eventId: string };
    const event = state.visible().find((e) => e.record.id === eventId);
    if (!event) return sendError(reply, 404, 'ADMIN-404', 'NOT_FOUND', `Event ${eventId} not found.`);
    return reply.send({ data: event.record });
  });

  app.get('/admin/v1/orgs/:orgId/event-actions', async (req, reply) => {
    if (!authorize(state, req, reply)) return reply;
    return reply.send({ data: EVENT_ACTIONS.map(([id, displayName, groupDisplayName]) => ({ id, type: 'event-actions', attributes: { displayName, groupDisplayName } })) });
  });
}
