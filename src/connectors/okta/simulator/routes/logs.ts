import type { FastifyInstance } from 'fastify';
import { DAY } from '../../../../core/clock.js';
import type { StoredEvent } from '../events.js';
import type { SimulatorState } from '../state.js';
import { authorize, invalid, linkHeaders, query } from '../wire.js';

export const LOGS_MAX_LIMIT = 1000;
const LOGS_DEFAULT_LIMIT = 100;
const RETENTION = 90 * DAY;

const encodeCursor = (e: StoredEvent) => Buffer.from(`${e.visibleAt}.${e.record.uuid}`).toString('base64url');
function decodeCursor(text: string): { visibleAt: number; uuid: string } | null {
  const m = /^(\d+)\.([0-9a-f-]+)$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  return m ? { visibleAt: Number(m[1]), uuid: m[2] as string } : null;
}
const after = (e: StoredEvent, c: { visibleAt: number; uuid: string }) => e.visibleAt > c.visibleAt || (e.visibleAt === c.visibleAt && e.record.uuid > c.uuid);

/** The subset of the System Log `filter` grammar the simulator honours: `field eq "value"` joined by `and`. */
function filterOf(text: string | undefined): ((e: StoredEvent) => boolean) | 'invalid' {
  if (!text) return () => true;
  const terms = text.split(/\s+and\s+/i).map((t) => /^([\w.]+)\s+eq\s+"([^"]*)"$/.exec(t.trim()));
  if (terms.some((t) => !t)) return 'invalid';
  return (e) =>
    terms.every((t) => {
      const [, path, value] = t as RegExpExecArray;
      let cur: unknown = e.record;
      for (const key of (path as string).split('.')) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[key] : undefined;
      return String(cur) === value;
    });
}

/**
 * `GET /api/v1/logs` (digest §3): a polling query (no `until`) reads in the order events were persisted and
 * always answers a `next` link, even on an empty page, so a collector keeps the link and asks again later;
 * a bounded query (with `until`) reads by `published` and ends without one.
 */
export function logsRoutes(app: FastifyInstance, state: SimulatorState): void {
  app.get('/api/v1/logs', async (req, reply) => {
    if (!authorize(state, req, reply, 'okta.logs.read')) return reply;
    const q = query(req);
    const now = state.now();
    const until = q.until !== undefined ? Date.parse(q.until) : null;
    if (until !== null && Number.isNaN(until)) return invalid(reply, `until: The date format in your query is not recognized. Please enter dates using ISO8601 string format.. 'until': ${q.until}`);
    const since = q.since !== undefined ? Date.parse(q.since) : (until ?? now) - 7 * DAY;
    if (Number.isNaN(since)) return invalid(reply, `since: The date format in your query is not recognized. Please enter dates using ISO8601 string format.. 'since': ${q.since}`);
    if (since < now - RETENTION) return invalid(reply, `since: The since parameter is over 90 days prior to the current time.`);
    const limit = q.limit === undefined ? LOGS_DEFAULT_LIMIT : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 0 || limit > LOGS_MAX_LIMIT) return invalid(reply, `limit: must be between 0 and ${LOGS_MAX_LIMIT}, got ${q.limit}`);
    const filter = filterOf(q.filter);
    if (filter === 'invalid') return invalid(reply, `filter: Invalid filter expression: ${q.filter}`);
    const cursor = until === null && q.after ? decodeCursor(q.after) : null;
    if (until === null && q.after && !cursor) return invalid(reply, `after: The after cursor is invalid.`);
    const size = Math.min(limit, state.pageSize ?? LOGS_MAX_LIMIT);
    const self = `${state.baseUrl}${req.url}`;
    const params = new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'after'));

    if (until === null) {
      const matching = state.visible().filter((e) => e.at >= since && (!cursor || after(e, cursor)) && filter(e));
      const page = matching.slice(0, size);
      const last = page.at(-1);
      params.set('after', last ? encodeCursor(last) : (q.after ?? encodeCursor({ visibleAt: 0, at: 0, record: { uuid: '0', published: '', eventType: '' } })));
      if (q.since === undefined) params.set('since', new Date(since).toISOString());
      linkHeaders(reply, self, `${state.baseUrl}/api/v1/logs?${params.toString()}`);
      return reply.send(page.map((e) => e.record));
    }
    const descending = (q.sortOrder ?? 'ASCENDING').toUpperCase() === 'DESCENDING';
    const bounded = state
      .visible()
      .filter((e) => e.at >= since && e.at < until && filter(e))
      .sort((a, b) => (a.at - b.at || (a.record.uuid < b.record.uuid ? -1 : 1)) * (descending ? -1 : 1));
    const offset = q.after ? Number(Buffer.from(q.after, 'base64url').toString('utf8').split(':')[1] ?? 0) : 0;
    const page = bounded.slice(offset, offset + size);
    const more = offset + size < bounded.length && size > 0;
    if (more) params.set('after', Buffer.from(`o:${offset + size}`).toString('base64url'));
    linkHeaders(reply, self, more ? `${state.baseUrl}/api/v1/logs?${params.toString()}` : null);
    return reply.send(page.map((e) => e.record));
  });
}
