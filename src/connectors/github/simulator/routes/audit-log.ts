import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DAY } from '../../../../core/clock.js';
import { compare, decodeCursor, encodeCursor } from '../event-log.js';
import type { StoredEvent } from '../events.js';
import type { SimulatorState } from '../state.js';
import { perPage, queryOf, sendError } from '../wire.js';

const AUDIT_DOCS = 'https://docs.github.com/rest/orgs/orgs#get-the-audit-log-for-an-organization';
/** Without a `created` qualifier the audit log covers the past three months. */
const DEFAULT_WINDOW_MS = 90 * DAY;
/** Git events are kept seven days, web events 180. */
const GIT_RETENTION_MS = 7 * DAY;
const WEB_RETENTION_MS = 180 * DAY;

type Filter = (e: StoredEvent) => boolean;

/** A date or date-time of the search syntax: `2026-11-13`, `2026-11-13T12:00`, `2026-11-13T12:00:00Z`, `…+01:00`. */
function parseDate(text: string, endOfDay: boolean): number | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const ms = Date.parse(`${text}T00:00:00Z`);
    return Number.isNaN(ms) ? null : endOfDay ? ms + DAY - 1 : ms;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(text)) return null;
  const ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(ms) ? null : ms;
}

function createdFilter(value: string): { filter: Filter } | { error: string } {
  const range = /^(.+)\.\.(.+)$/.exec(value);
  if (range) {
    const from = parseDate(range[1] ?? '', false);
    const to = parseDate(range[2] ?? '', true);
    if (from === null || to === null) return { error: value };
    return { filter: (e) => e.created >= from && e.created <= to };
  }
  const op = /^(>=|<=|>|<)?(.+)$/.exec(value);
  const operator = op?.[1] ?? '';
  const bound = parseDate(op?.[2] ?? '', operator === '<=' || operator === '>');
  if (bound === null) return { error: value };
  switch (operator) {
    case '>=':
      return { filter: (e) => e.created >= bound };
    case '>':
      return { filter: (e) => e.created > bound };
    case '<=':
      return { filter: (e) => e.created <= bound };
    case '<':
      return { filter: (e) => e.created < bound };
    default: {
      const end = parseDate(op?.[2] ?? '', true) ?? bound;
      return { filter: (e) => e.created >= bound && e.created <= end };
    }
  }
}

function field(e: StoredEvent, name: string): string {
  const v = e.record[name];
  return typeof v === 'string' || typeof v === 'number' ? String(v).toLowerCase() : '';
}

/** The `phrase` search: qualifiers joined by spaces are ANDed; a leading `-` negates. */
export function parsePhrase(phrase: string): { filters: Filter[]; hasCreated: boolean } | { error: string } {
  const filters: Filter[] = [];
  let hasCreated = false;
  for (const token of phrase.trim().split(/\s+/).filter(Boolean)) {
    const negated = token.startsWith('-');
    const [key = '', ...rest] = (negated ? token.slice(1) : token).split(':');
    const value = rest.join(':').replace(/^"|"$/g, '');
    let filter: Filter;
    switch (key.toLowerCase()) {
      case 'created': {
        const parsed = createdFilter(value);
        if ('error' in parsed) return { error: `created:${parsed.error}` };
        filter = parsed.filter;
        hasCreated = true;
        break;
      }
      case 'action':
        filter = (e) => e.record.action === value || e.record.action.startsWith(`${value}.`);
        break;
      case 'actor':
      case 'user':
      case 'repo':
        filter = (e) => field(e, key) === value.toLowerCase() || (key === 'repo' && field(e, 'repo').endsWith(`/${value.toLowerCase()}`));
        break;
      case 'country':
        filter = (e) => String((e.record.actor_location as { country_code?: string } | undefined)?.country_code ?? '').toLowerCase() === value.toLowerCase();
        break;
      default:
        // Free text matches the action, as GitHub's search does for bare words.
        filter = (e) => e.record.action.includes(token);
    }
    filters.push(negated ? (e) => !filter(e) : filter);
  }
  return { filters, hasCreated };
}

/**
 * `GET /orgs/{org}/audit-log`: `phrase`, `include` (web by default; Git events only with git/all), `order`
 * (desc by default), `per_page` ≤ 100, and `after`/`before` cursors handed out in `Link` — whose URLs use
 * `/organizations/{org_id}/audit-log`, as GitHub's do; clients follow them verbatim.
 */
export function auditLogRoutes(app: FastifyInstance, state: SimulatorState): void {
  const handler = async (req: FastifyRequest<{ Params: { org: string } }>, reply: FastifyReply) => {
    const { org } = state.tenant;
    if (req.params.org.toLowerCase() !== org.login && req.params.org !== String(org.id)) return sendError(reply, 404, 'Not Found', AUDIT_DOCS);
    const query = queryOf(req);
    const include = (query.include ?? 'web').toLowerCase();
    if (!['web', 'git', 'all'].includes(include)) return sendError(reply, 422, `Invalid value for include: ${include}. Use web, git or all.`, AUDIT_DOCS);
    const order = (query.order ?? 'desc').toLowerCase();
    if (order !== 'asc' && order !== 'desc') return sendError(reply, 422, `Invalid value for order: ${order}. Use asc or desc.`, AUDIT_DOCS);
    const parsed = parsePhrase(query.phrase ?? '');
    if ('error' in parsed) return sendError(reply, 422, `Invalid search phrase: ${parsed.error}`, AUDIT_DOCS);
    const now = state.now();
    const size = perPage(query);
    const events = state.log.visible(now).filter((e) => {
      const git = e.record.action.startsWith('git.');
      if (include === 'web' && git) return false;
      if (include === 'git' && !git) return false;
      if (e.created < now - (git ? GIT_RETENTION_MS : WEB_RETENTION_MS)) return false;
      if (!parsed.hasCreated && e.created < now - DEFAULT_WINDOW_MS) return false;
      return parsed.filters.every((f) => f(e));
    });
    if (order === 'desc') events.reverse();
    const sign = order === 'asc' ? 1 : -1;
    let page: StoredEvent[];
    let more: boolean;
    if (query.before) {
      const position = decodeCursor(query.before);
      if (!position) return sendError(reply, 422, 'Invalid cursor.', AUDIT_DOCS);
      const earlier = events.filter((e) => sign * compare(e, position) < 0);
      page = earlier.slice(Math.max(0, earlier.length - size));
      more = true;
    } else {
      const position = query.after ? decodeCursor(query.after) : null;
      if (query.after && !position) return sendError(reply, 422, 'Invalid cursor.', AUDIT_DOCS);
      const later = position ? events.filter((e) => sign * compare(e, position) > 0) : events;
      page = later.slice(0, size);
      more = later.length > size;
    }
    const link = (cursorName: 'after' | 'before', e: StoredEvent) => {
      const params = new URLSearchParams({ ...(query.phrase ? { phrase: query.phrase } : {}), include, order, per_page: String(size), [cursorName]: encodeCursor(e) });
      return `${state.baseUrl}/organizations/${org.id}/audit-log?${params.toString()}`;
    };
    const rels: string[] = [];
    const last = page[page.length - 1];
    const first = page[0];
    if (more && last) rels.push(`<${link('after', last)}>; rel="next"`);
    if ((query.after || query.before) && first) rels.push(`<${link('before', first)}>; rel="prev"`);
    if (rels.length) reply.header('link', rels.join(', '));
    return page.map((e) => e.record);
  };
  app.get('/orgs/:org/audit-log', handler);
  app.get('/organizations/:org/audit-log', handler);
}
